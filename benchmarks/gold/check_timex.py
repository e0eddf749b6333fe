"""Validate the time-expression gold set (timex.jsonl) against its draw and the shared articles.

    python benchmarks/gold/check_timex.py [--data ../shared/data]

Checks that the records follow ``timex_draw.json`` (ids, order, splits, DCT), that the clean text
(``warta.analyze(..., stages="clean,meta,segment")``) still hashes to ``sha1_clean``, and that every
expression lies inside the text, has no edge whitespace, is sorted, does not overlap the next one,
and has a known type and a TIMEX3-shaped value. Prints totals per split, portal and type.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
VALUE = re.compile(
    r"^(?:PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|(?:\d{3,4}|XXXX)(?:-(?:\d\d|XX|SP|SU|FA|WI|H[12]|Q[1-4]|W\d\d|WXX)(?:-(?:\d\d|XX|\d))?)?"
    r"(?:T(?:\d\d:\d\d|MO|AF|EV|NI))?"
    r"|P(?:\d+|X)(?:Y|M|W|D)|PT(?:\d+|X)(?:H|M|S)|P(?:\d+|X)(?:Y|M|W|D)T(?:\d+|X)(?:H|M|S)"
    r"|TMO|TAF|TEV|TNI)$"
)


def clean_texts(data: Path, rows: list[dict]) -> dict[tuple[str, str], str]:
    """The clean text of every drawn article, keyed by (file, id)."""
    import warta

    wanted = {(r["file"], r["id"]) for r in rows}
    out: dict[tuple[str, str], str] = {}
    for fname in sorted({r["file"] for r in rows}):
        with (data / "articles" / fname).open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if (fname, rec["id"]) in wanted:
                    doc = warta.analyze(rec["text"], stages="clean,meta,segment",
                                        source=rec.get("source"), date=rec.get("date"))
                    out[(fname, rec["id"])] = doc.text
    return out


def check(data: Path) -> list[str]:
    """Return the list of problems found (empty when the gold is valid); print the totals."""
    rows = json.loads((HERE / "timex_draw.json").read_text(encoding="utf-8"))
    gold = [json.loads(line) for line in (HERE / "timex.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    problems: list[str] = []
    if [(g["file"], g["id"], g["split"], g["dct"]) for g in gold] != \
            [(r["file"], r["id"], r["split"], r["dct"]) for r in rows]:
        problems.append("timex.jsonl does not follow timex_draw.json (ids, order, splits or DCT)")
    texts = clean_texts(data, rows)
    totals: collections.Counter[str] = collections.Counter()
    for n, g in enumerate(gold, 1):
        where = f"timex.jsonl:{n} ({g.get('id')})"
        text = texts.get((g["file"], g["id"]))
        if text is None:
            problems.append(f"{where}: article not found in the shared data")
            continue
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != g["sha1_clean"]:
            problems.append(f"{where}: clean text changed (sha1_clean differs); re-check the offsets")
            continue
        last_end = -1
        for t in g["timexes"]:
            s, e = t["start"], t["end"]
            span = text[s:e] if 0 <= s < e <= len(text) else ""
            if not span:
                problems.append(f"{where}: bad offsets {s}-{e}")
            elif span != span.strip():
                problems.append(f"{where}: edge whitespace in {span!r}")
            if s < last_end:
                problems.append(f"{where}: {s}-{e} overlaps or is out of order")
            if t["type"] not in TYPES:
                problems.append(f"{where}: unknown type {t['type']!r}")
            if not VALUE.match(t["value"]):
                problems.append(f"{where}: value {t['value']!r} is not TIMEX3-shaped")
            last_end = e
            totals[g["split"]] += 1
            totals[f"{g['split']}:{t['type']}"] += 1
        totals[f"docs:{g['split']}"] += 1
        totals[f"portal:{g['source']}"] += len(g["timexes"])
    print(json.dumps(dict(sorted(totals.items())), indent=1))
    return problems


def main() -> None:
    """Validate the gold and exit 1 on any problem."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (holds articles/)")
    args = ap.parse_args()
    problems = check(args.data)
    for p in problems:
        print(p, file=sys.stderr)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
