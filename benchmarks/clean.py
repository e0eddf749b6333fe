"""Clean-stage benchmark: chrome left after cleaning, per portal, and scores against the chrome gold.

    python benchmarks/clean.py [--data ../shared/data] [--show 5] [--patterns]

1. Residue: for every shared article, whether any regex of articles/CHROME.md still matches the
   clean text, per file and portal (raw share beside it).
2. Gold: chrome items removed and body lines wrongly removed, per split of
   benchmarks/gold/chrome.jsonl (the ``test`` split is frozen: never tune on it).
3. --patterns: how many shared articles each pattern of resources/chrome.toml matches (each must
   match at least two).
Writes benchmarks/out/clean.json and prints one summary line.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, data_dir, iter_articles, write_result  # noqa: E402

from warta import html  # noqa: E402
from warta.model import OffsetMap  # noqa: E402
from warta.stages import clean  # noqa: E402

# The regexes of articles/CHROME.md, by column.
CHROME_MD = {
    "scroll": re.compile(r"SCROLL TO CONTINUE WITH CONTENT"),
    "ADVERT": re.compile(r"ADVERTISEMENT"),
    "Advert": re.compile(r"Advertisement"),
    "baca_juga": re.compile(r"baca juga", re.I),
    "simak": re.compile(r"(?m)^\s*Simak\b|Simak (juga|[Vv]ideo)"),
    "lihat_juga": re.compile(r"lihat juga", re.I),
    "saksikan": re.compile(r"(?m)^\s*(Saksikan|Tonton|Video\s*:)"),
    "gambas": re.compile(r"\[Gambas:"),
    "follow": re.compile(
        r"whatsapp\.com/channel|ikuti (kami|whatsapp|saluran|berita)|google news|follow (kami|us)"
        r"|klik (di ?sini|link)|dapatkan (update|berita|informasi)|pastikan kamu sudah install", re.I),
    "nav": re.compile(r"(?m)^\s*(Selengkapnya|Daftar Isi|Halaman selanjutnya|Halaman \d+)\s*$"
                      r"|baca selengkapnya", re.I),
    "syndication": re.compile(r"Artikel ini telah tayang"),
    "credit": re.compile(r"(?m)^\s*\([A-Za-z]{2,5}(/[A-Za-z*]{2,5})+\)\s*$"
                         r"|^\s*(editor|penulis|reporter|pewarta|sumber)\s*:|^\s*\(\*\)\s*$", re.I | re.M),
    "lone_punct": re.compile(r"(?m)^\s*[-.,;:]\s*$"),
}
GOLD = REPO / "benchmarks" / "gold" / "chrome.jsonl"


def frozen_ids(gold_path: Path = GOLD) -> set[str]:
    """Ids of the frozen test half of the gold, never shown as examples."""
    if not gold_path.exists():
        return set()
    rows = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines()]
    return {r["id"] for r in rows if r["split"] == "test"}


def residue(data: Path, show: int) -> dict:
    """Per file and portal: share of articles where a CHROME.md regex matches, raw vs clean."""
    frozen = frozen_ids()
    table: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for fname, rec in iter_articles(data):
        key = (fname.removesuffix(".jsonl"), rec["source"])
        raw = rec.get("text") or ""
        text, _ = clean.clean_text(raw, portal=clean.portal_of(rec["source"], rec.get("url")))
        row = table[key]
        row["n"] += 1
        raw_any = clean_any = False
        for col, rx in CHROME_MD.items():
            in_raw = bool(rx.search(raw))
            m = rx.search(text)
            row[f"raw:{col}"] += in_raw
            row[f"clean:{col}"] += bool(m)
            raw_any |= in_raw
            clean_any |= bool(m)
            if m and len(examples[col]) < show and rec["id"] not in frozen:
                ctx = text[max(0, m.start() - 80):m.end() + 80].replace("\n", "⏎")
                examples[col].append(f"{rec['id']}: …{ctx}…")
        row["raw:any"] += raw_any
        row["clean:any"] += clean_any
    rows = []
    for (fname, portal), c in sorted(table.items()):
        n = c["n"]
        rows.append({
            "file": fname, "portal": portal, "n": n,
            "raw_any_pct": round(100 * c["raw:any"] / n, 1),
            "clean_any_pct": round(100 * c["clean:any"] / n, 1),
            "clean_pct": {col: round(100 * c[f"clean:{col}"] / n, 1) for col in CHROME_MD
                          if c[f"clean:{col}"]},
        })
    return {"rows": rows, "examples": examples}


def _kept_chars(offsets: OffsetMap, start: int, end: int, raw: str) -> tuple[int, int]:
    """(kept, total) non-space raw characters of [start, end)."""
    total = sum(1 for ch in raw[start:end] if not ch.isspace())
    kept = 0
    for a, b in offsets.kept_raw():
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            kept += sum(1 for ch in raw[lo:hi] if not ch.isspace())
    return kept, total


def score_gold(data: Path, gold_path: Path = GOLD) -> dict:
    """Chrome items removed and body lines wrongly removed, per split of the chrome gold."""
    records = {}
    for fname, rec in iter_articles(data):
        records[(fname, rec["id"])] = rec
    out: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    misses: dict[str, list[str]] = collections.defaultdict(list)
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        rec = records[(g["file"], g["id"])]
        raw = rec["text"]
        _, offsets = clean.clean_text(raw, portal=clean.portal_of(rec["source"], rec.get("url")))
        starts = [0]
        for piece in raw.split("\n"):
            starts.append(starts[-1] + len(piece) + 1)
        c = out[g["split"]]
        c["articles"] += 1
        per_portal = out[f"{g['split']}:{rec['source']}"]
        chrome_items = [(starts[i], starts[i + 1] - 1) for i in g["chrome_lines"]]
        chrome_items += [tuple(s) for s in g["chrome_spans"]]
        for a, b in chrome_items:
            kept, total = _kept_chars(offsets, a, b, raw)
            c["chrome_items"] += 1
            per_portal["chrome_items"] += 1
            if total and kept == 0:
                c["chrome_removed"] += 1
                per_portal["chrome_removed"] += 1
            elif total:
                misses[g["split"]].append(f"chrome kept {g['id']} [{a},{b}) {kept}/{total}")
        skip = set(g["chrome_lines"]) | set(g.get("dateline_lines", []))
        for i in range(len(starts) - 1):
            a, b = starts[i], starts[i + 1] - 1
            if i in skip or not raw[a:b].strip():
                continue
            inside = [(max(a, s), min(b, e)) for s, e in g["chrome_spans"] if s < b and e > a]
            body_total = sum(1 for ch in raw[a:b] if not ch.isspace())
            chrome_chars = sum(1 for s, e in inside for ch in raw[s:e] if not ch.isspace())
            if body_total - chrome_chars <= 0:
                continue
            kept, total = _kept_chars(offsets, a, b, raw)
            chrome_kept = sum(_kept_chars(offsets, s, e, raw)[0] for s, e in inside)
            body_kept = kept - chrome_kept
            c["body_lines"] += 1
            c["body_chars"] += body_total - chrome_chars
            c["body_chars_kept"] += body_kept
            per_portal["body_lines"] += 1
            if body_kept < 0.5 * (body_total - chrome_chars):
                c["body_removed"] += 1
                per_portal["body_removed"] += 1
                misses[g["split"]].append(f"body removed {g['id']} line {i}")
    result = {}
    for split, c in sorted(out.items()):
        result[split] = {
            "articles": c["articles"],
            "chrome_items": c["chrome_items"],
            "chrome_removed_pct": round(100 * c["chrome_removed"] / max(1, c["chrome_items"]), 2),
            "body_lines": c["body_lines"],
            "body_lines_removed_pct": round(100 * c["body_removed"] / max(1, c["body_lines"]), 2),
            "body_chars_kept_pct": round(100 * c["body_chars_kept"] / max(1, c["body_chars"]), 2),
            "misses": misses[split],
        }
        if ":" in split:
            del result[split]["misses"]
    return result


def pattern_support(data: Path) -> dict[str, int]:
    """Shared articles and HTML pages each chrome.toml pattern matches (line kinds: a whole line)."""
    cfg = clean.chrome_config()
    sections = [("generic", cfg["generic"], None)]
    sections += [(f"portal:{k}", v, k) for k, v in cfg.get("portal", {}).items()]
    compiled = []
    for name, sec, portal in sections:
        for kind, patterns in sec.items():
            for p in patterns:
                compiled.append((f"{name}/{kind}/{p}", kind, re.compile(clean._scoped(p)), portal))
    counts = collections.Counter()
    pages = [{"text": html.extract(p.read_text(encoding="utf-8", errors="replace")).text, "source": p.stem}
             for p in sorted((data / "html").glob("*.html"))]
    for rec in [rec for _, rec in iter_articles(data)] + pages:
        raw = rec.get("text") or ""
        lines = [ln.strip() for ln in raw.split("\n") if ln.strip()]
        portal = clean.portal_of(rec["source"], rec.get("url"))
        for key, kind, rx, p in compiled:
            if p is not None and p != portal:
                continue
            if kind in ("line", "tail", "caption"):
                hit = any(rx.fullmatch(ln) for ln in lines)
            else:
                hit = bool(rx.search(raw))
            counts[key] += hit
    return {key: counts[key] for key, *_ in compiled}


def main() -> None:
    """Run the benchmark and print a summary line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--show", type=int, default=3, help="residue examples to print per column")
    ap.add_argument("--patterns", action="store_true", help="count the shared articles per pattern")
    args = ap.parse_args()
    data = data_dir(args.data)
    result = {"residue": residue(data, args.show)}
    for row in result["residue"]["rows"]:
        print(f"{row['file'][:22]:22} {row['portal']:18} n={row['n']:5} raw {row['raw_any_pct']:5}% "
              f"-> clean {row['clean_any_pct']:5}% {row['clean_pct'] or ''}")
    for col, exs in result["residue"]["examples"].items():
        for ex in exs:
            print(f"  [{col}] {ex[:230]}")
    if GOLD.exists():
        result["gold"] = score_gold(data)
        for split, s in result["gold"].items():
            print(f"gold {split}: {s['articles']} articles, chrome removed {s['chrome_removed_pct']}% of "
                  f"{s['chrome_items']}, body lines removed {s['body_lines_removed_pct']}% of "
                  f"{s['body_lines']}, body chars kept {s['body_chars_kept_pct']}%")
            if split == "tune":
                for m in s["misses"][:40]:
                    print("   ", m)
    if args.patterns:
        result["patterns"] = pattern_support(data)
        for key, n in result["patterns"].items():
            if n < 2:
                print(f"pattern matches {n} articles (< 2): {key}")
    path = write_result("clean", result)
    gold = result.get("gold", {}).get("test")
    summary = (f"clean: frozen test chrome removed {gold['chrome_removed_pct']}%, body lines removed "
               f"{gold['body_lines_removed_pct']}%" if gold else "clean: no gold file")
    print(f"{summary}; result in {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
