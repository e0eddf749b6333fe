"""Validate the quote and reporting-source gold set (quotes.jsonl) against its draw and the shared articles.

    python benchmarks/gold/check_quotes.py [--data ../shared/data]
    python benchmarks/gold/check_quotes.py --show ID [--show ID ...]

Checks that the records follow ``quotes_draw.json`` (file, id, source, split, order), that the raw
``text`` still hashes to ``sha1_raw``, that every span lies inside the text with no edge whitespace,
that spans are sorted and do not overlap inside a quote, that labels are known, that direct and
partial spans sit between quotation marks, and that source links are numbered 1..n in reading order.
Prints totals per split, portal, type and speaker kind. ``--show ID`` prints the annotated article
with the quotes, cues, speakers and source evidence marked inline, and a list of the annotations.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
TYPES = frozenset({"direct", "indirect", "partial", "mixed"})
KINDS = frozenset({"name", "pronoun", "role", "group", "none"})
OPEN_MARKS = "\"“”'‘’«»„"
QUOTE_KEYS = {"type", "spans", "cue", "cue_lemma", "speaker", "speaker_kind", "canonical_speaker", "medium",
              "confidence"}
SOURCE_KEYS = {"medium", "evidence", "date", "via", "order"}


def load_texts(data: Path, rows: list[dict]) -> dict[tuple[str, str], str]:
    """The raw text of every drawn article, keyed by (file, id)."""
    wanted = {(r["file"], r["id"]) for r in rows}
    out: dict[tuple[str, str], str] = {}
    for fname in sorted({r["file"] for r in rows}):
        with (data / "articles" / fname).open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if (fname, rec["id"]) in wanted:
                    out[(fname, rec["id"])] = rec["text"]
    return out


def load_gold() -> tuple[list[dict], list[dict]]:
    """The draw list and the gold records."""
    rows = json.loads((HERE / "quotes_draw.json").read_text(encoding="utf-8"))
    gold = [json.loads(line) for line in (HERE / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return rows, gold


def span_ok(text: str, sp: object) -> bool:
    """Whether sp is a [start, end) pair inside text with no edge whitespace."""
    if not (isinstance(sp, list) and len(sp) == 2 and all(isinstance(x, int) for x in sp)):
        return False
    s, e = sp
    return 0 <= s < e <= len(text) and text[s:e] == text[s:e].strip()


def check_quote(text: str, q: dict, where: str) -> list[str]:
    """Problems of one quote record."""
    out: list[str] = []
    if set(q) != QUOTE_KEYS:
        out.append(f"{where}: keys {sorted(set(q) ^ QUOTE_KEYS)} missing or unknown")
        return out
    if q["type"] not in TYPES:
        out.append(f"{where}: bad type {q['type']!r}")
    if q["speaker_kind"] not in KINDS:
        out.append(f"{where}: bad speaker_kind {q['speaker_kind']!r}")
    spans = q["spans"]
    if not spans or not all(span_ok(text, sp) for sp in spans):
        out.append(f"{where}: bad spans {spans}")
        return out
    for a, b in zip(spans, spans[1:], strict=False):
        if b[0] < a[1]:
            out.append(f"{where}: spans out of order or overlapping {spans}")
    for key in ("cue", "speaker"):
        if q[key] is not None and not span_ok(text, q[key]):
            out.append(f"{where}: bad {key} span {q[key]}")
    if (q["cue"] is None) != (q["cue_lemma"] is None):
        out.append(f"{where}: cue and cue_lemma must both be set or both be null")
    if (q["speaker"] is None) != (q["speaker_kind"] == "none"):
        out.append(f"{where}: speaker null exactly when speaker_kind is 'none'")
    if q["speaker_kind"] != "none" and not q["canonical_speaker"]:
        out.append(f"{where}: a speaker mention needs a canonical_speaker")
    if q["type"] in ("direct", "partial"):
        for s, _e in spans:
            before = text[:s].rstrip()[-1:]
            if before not in OPEN_MARKS:
                out.append(f"{where}: {q['type']} span at {s} does not follow a quotation mark")
    if not isinstance(q["confidence"], (int, float)) or not 0 < q["confidence"] <= 1:
        out.append(f"{where}: bad confidence {q['confidence']!r}")
    return out


def check_sources(text: str, srcs: list[dict], where: str) -> list[str]:
    """Problems of the source links of one article."""
    out: list[str] = []
    for n, src in enumerate(srcs, 1):
        if set(src) != SOURCE_KEYS:
            out.append(f"{where}: source {n} keys {sorted(set(src) ^ SOURCE_KEYS)} missing or unknown")
            continue
        if not span_ok(text, src["evidence"]):
            out.append(f"{where}: source {n} bad evidence {src['evidence']}")
        if src["order"] != n:
            out.append(f"{where}: source {n} has order {src['order']}")
        if not src["medium"]:
            out.append(f"{where}: source {n} has no medium")
        date = src["date"]
        if date is not None and not (isinstance(date, str) and len(date) == 10 and date[4] == date[7] == "-"):
            out.append(f"{where}: source {n} bad date {date!r}")
    starts = [s["evidence"][0] for s in srcs if isinstance(s.get("evidence"), list)]
    if starts != sorted(starts):
        out.append(f"{where}: source links not in reading order")
    return out


def check(data: Path) -> list[str]:
    """Return the problems found (empty when the gold is valid); print the totals."""
    rows, gold = load_gold()
    problems: list[str] = []
    if [(g["file"], g["id"], g["source"], g["split"]) for g in gold] != \
            [(r["file"], r["id"], r["source"], r["split"]) for r in rows]:
        problems.append("quotes.jsonl does not follow quotes_draw.json (ids, order, portals or splits)")
    texts = load_texts(data, rows)
    tot: collections.Counter[tuple[str, str]] = collections.Counter()
    for n, g in enumerate(gold, 1):
        where = f"quotes.jsonl:{n} ({g.get('id')})"
        text = texts.get((g["file"], g["id"]))
        if text is None:
            problems.append(f"{where}: article not found in the shared data")
            continue
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != g["sha1_raw"]:
            problems.append(f"{where}: raw text changed (sha1_raw differs); re-check the offsets")
            continue
        starts = [q["spans"][0][0] for q in g["quotes"] if q.get("spans")]
        if starts != sorted(starts):
            problems.append(f"{where}: quotes not sorted by their first span")
        for k, q in enumerate(g["quotes"], 1):
            problems += check_quote(text, q, f"{where} quote {k}")
        problems += check_sources(text, g["sources"], where)
        sp, portal = g["split"], g["source"]
        tot[(sp, "articles")] += 1
        tot[(portal, "articles")] += 1
        for q in g["quotes"]:
            for key in (sp, portal, "all"):
                tot[(key, "quotes")] += 1
                tot[(key, q["type"])] += 1
                tot[(key, "kind:" + q["speaker_kind"])] += 1
                tot[(key, "medium")] += q["medium"] is not None
        for key in (sp, portal, "all"):
            tot[(key, "sources")] += len(g["sources"])
            tot[(key, "chained")] += sum(s["via"] is not None for s in g["sources"])
    tot[("all", "articles")] = len(gold)
    cols = ["articles", "quotes", "direct", "indirect", "partial", "mixed", "kind:name", "kind:pronoun",
            "kind:role", "kind:group", "kind:none", "medium", "sources", "chained"]
    keys = ["tune", "test", "all"] + sorted({r["source"] for r in rows})
    print(f"{'':18}" + "".join(f"{c.replace('kind:', ''):>9}" for c in cols))
    for key in keys:
        print(f"{key:18}" + "".join(f"{tot[(key, c)]:>9}" for c in cols))
    return problems


def show(data: Path, ids: list[str]) -> None:
    """Print the annotated articles: quotes in [[…]], cues in <…>, speakers in {…}, sources in ((…))."""
    rows, gold = load_gold()
    texts = load_texts(data, rows)
    for g in gold:
        if g["id"] not in ids:
            continue
        text = texts[(g["file"], g["id"])]
        marks: list[tuple[int, int, str]] = []
        for n, q in enumerate(g["quotes"], 1):
            for s, e in q["spans"]:
                marks += [(s, 1, "[["), (e, 0, f"]]#{n}")]
            for key, (o, c) in (("cue", ("<", ">")), ("speaker", ("{", "}"))):
                if q[key]:
                    marks += [(q[key][0], 2, o), (q[key][1], 0, f"{c}#{n}")]
        for n, src in enumerate(g["sources"], 1):
            marks += [(src["evidence"][0], 3, "(("), (src["evidence"][1], 0, f"))S{n}")]
        out, last = [], 0
        for pos, _rank, tag in sorted(marks):
            out += [text[last:pos], tag]
            last = pos
        out.append(text[last:])
        print(f"===== {g['id']} ({g['source']}, {g['split']})")
        print("".join(out))
        print("-----")
        for n, q in enumerate(g["quotes"], 1):
            cue = text[q["cue"][0]:q["cue"][1]] if q["cue"] else None
            spk = text[q["speaker"][0]:q["speaker"][1]] if q["speaker"] else None
            print(f"#{n} {q['type']:8} cue={cue!r} ({q['cue_lemma']}) speaker={spk!r} [{q['speaker_kind']}]"
                  f" -> {q['canonical_speaker']!r} medium={q['medium']!r} conf={q['confidence']}")
        for n, src in enumerate(g["sources"], 1):
            print(f"S{n} medium={src['medium']!r} via={src['via']!r} date={src['date']!r} "
                  f"evidence={text[src['evidence'][0]:src['evidence'][1]]!r}")
        print()


def main() -> None:
    """Parse arguments, then validate the gold set or show articles."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (holds articles/)")
    ap.add_argument("--show", action="append", metavar="ID", help="print an annotated article (repeatable)")
    args = ap.parse_args()
    if args.show:
        show(args.data, args.show)
        return
    problems = check(args.data)
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
