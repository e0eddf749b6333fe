"""Validate the chrome gold set against the shared raw articles and print per-split totals."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
GOLD = HERE / "chrome.jsonl"
DRAW = HERE / "chrome_draw.json"
REQUIRED = (
    "file",
    "id",
    "source",
    "split",
    "n_lines",
    "sha1",
    "chrome_lines",
    "dateline_lines",
    "chrome_spans",
)


def portal_of(source: str) -> str:
    """Return the portal a source domain is counted under (the posmetro domains are one portal)."""
    return "posmetro*" if source.startswith("posmetro") else source


def load_texts(data: Path, files: set[str]) -> dict[tuple[str, str], str]:
    """Return {(file, id): text} for every article in the given JSONL files."""
    out: dict[tuple[str, str], str] = {}
    for fname in sorted(files):
        with (data / "articles" / fname).open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    out[(fname, rec["id"])] = rec["text"]
    return out


def line_starts(lines: list[str]) -> list[int]:
    """Return the character offset at which each line starts in the joined text."""
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    return starts


def check_record(rec: dict, text: str) -> tuple[list[str], int]:
    """Check one gold record against its raw text; return (errors, body line count)."""
    errs: list[str] = []
    tag = rec["id"]
    missing = [k for k in REQUIRED if k not in rec]
    if missing:
        return [f"{tag}: missing fields {missing}"], 0
    if rec["split"] not in ("tune", "test"):
        errs.append(f"{tag}: bad split {rec['split']!r}")
    if hashlib.sha1(text.encode("utf-8")).hexdigest() != rec["sha1"]:
        errs.append(f"{tag}: sha1 mismatch (raw text changed)")
    lines = text.split("\n")
    if rec["n_lines"] != len(lines):
        errs.append(f"{tag}: n_lines {rec['n_lines']} != {len(lines)}")
    chrome, date = rec["chrome_lines"], rec["dateline_lines"]
    for name, idx in (("chrome_lines", chrome), ("dateline_lines", date)):
        if idx != sorted(set(idx)):
            errs.append(f"{tag}: {name} not sorted/unique")
        for i in idx:
            if not (isinstance(i, int) and 0 <= i < len(lines)):
                errs.append(f"{tag}: {name} index {i} out of range")
            elif not lines[i].strip():
                errs.append(f"{tag}: {name} index {i} is a blank line")
    if set(chrome) & set(date):
        errs.append(f"{tag}: lines both chrome and dateline: {sorted(set(chrome) & set(date))}")
    starts = line_starts(lines)
    covered: dict[int, int] = defaultdict(int)
    prev_end = -1
    for span in rec["chrome_spans"]:
        if not (isinstance(span, list) and len(span) == 2):
            errs.append(f"{tag}: malformed span {span}")
            continue
        s, e = span
        if not (0 <= s < e <= len(text)):
            errs.append(f"{tag}: span {span} outside text")
            continue
        if s < prev_end:
            errs.append(f"{tag}: span {span} overlaps or is out of order")
        prev_end = e
        seg = text[s:e]
        if "\n" in seg:
            errs.append(f"{tag}: span {span} crosses a line break")
        if seg != seg.strip():
            errs.append(f"{tag}: span {span} has leading/trailing whitespace")
        li = max(i for i, st in enumerate(starts) if st <= s)
        if li in chrome or li in date:
            errs.append(f"{tag}: span {span} lies in a line already labelled whole")
        covered[li] += e - s
    body = 0
    for i, ln in enumerate(lines):
        if not ln.strip() or i in chrome or i in date:
            continue
        rest = ln
        if covered.get(i):
            chars = list(ln)
            for s, e in rec["chrome_spans"]:
                for p in range(max(s, starts[i]), min(e, starts[i] + len(ln))):
                    chars[p - starts[i]] = " "
            rest = "".join(chars)
        if rest.strip():
            body += 1
    return errs, body


def main() -> int:
    """Validate the gold and print totals per split and per portal; return an exit code."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (holds articles/)")
    ap.add_argument("--gold", type=Path, default=GOLD)
    args = ap.parse_args()
    gold = [json.loads(ln) for ln in args.gold.read_text(encoding="utf-8").splitlines() if ln.strip()]
    texts = load_texts(args.data, {r["file"] for r in gold})
    errors: list[str] = []
    if DRAW.exists():
        draw = [(d["file"], d["id"], d["split"]) for d in json.loads(DRAW.read_text(encoding="utf-8"))]
        if draw != [(r["file"], r["id"], r["split"]) for r in gold]:
            errors.append("gold records do not match chrome_draw.json (order, ids or splits)")
    seen: set[tuple[str, str]] = set()
    tot: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    portals: dict[str, set[str]] = defaultdict(set)
    per_portal: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rec in gold:
        key = (rec["file"], rec["id"])
        if key in seen:
            errors.append(f"{rec['id']}: duplicate record")
        seen.add(key)
        if key not in texts:
            errors.append(f"{rec['id']}: not found in {rec['file']}")
            continue
        errs, body = check_record(rec, texts[key])
        errors.extend(errs)
        row = {
            "articles": 1,
            "chrome_lines": len(rec["chrome_lines"]),
            "chrome_spans": len(rec["chrome_spans"]),
            "chrome_items": len(rec["chrome_lines"]) + len(rec["chrome_spans"]),
            "dateline_lines": len(rec["dateline_lines"]),
            "body_lines": body,
        }
        for split in (rec["split"], "ALL"):
            portals[split].add(portal_of(rec["source"]))
            for k, v in row.items():
                tot[split][k] += v
                per_portal[(split, portal_of(rec["source"]))][k] += v
    cols = ["articles", "chrome_items", "chrome_lines", "chrome_spans", "dateline_lines", "body_lines"]
    print(f"{'split':6} {'portals':>7} " + " ".join(f"{c:>14}" for c in cols))
    for split in ("tune", "test", "ALL"):
        print(f"{split:6} {len(portals[split]):>7} " + " ".join(f"{tot[split][c]:>14}" for c in cols))
    print()
    print(f"{'portal':20} {'split':5} " + " ".join(f"{c:>14}" for c in cols))
    for (split, src), row in sorted(per_portal.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if split != "ALL":
            print(f"{src:20} {split:5} " + " ".join(f"{row[c]:>14}" for c in cols))
    one_sided = sorted(portals["tune"] ^ portals["test"])
    if one_sided:
        print(f"note: portals in only one split: {one_sided}")
    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK: all records valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
