"""Meta-stage benchmark: datelines, publication dates, language and warnings, per portal.

    python benchmarks/meta.py [--data ../shared/data] [--show 0]

For every shared article (articles/*.jsonl) and saved page (html/*.html) the text is run through
``warta.analyze(..., stages="clean,meta")`` with its metadata date. Per portal it reports the share
with a dateline, the share with a publication date and where it came from, the warnings and the
languages. The meta stage is then run again on the same clean text with the metadata date
withheld, and the date it derives from the text is compared with the metadata date (same day,
within one day). For the HTML pages the date is also compared with the manifest's expected date.
Writes benchmarks/out/meta.json and prints one summary line.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

import warta  # noqa: E402
from warta.model import Document  # noqa: E402
from warta.stages import meta  # noqa: E402

WIB = timezone(timedelta(hours=7))


def _day(iso: str | None) -> date | None:
    """The calendar day of an ISO date or date-time in its own zone."""
    return date.fromisoformat(iso[:10]) if iso else None


class Tally:
    """Counters for one portal."""

    def __init__(self) -> None:
        self.n = 0
        self.c: collections.Counter[str] = collections.Counter()
        self.places: collections.Counter[str] = collections.Counter()
        self.outlets: collections.Counter[str] = collections.Counter()
        self.gaps: collections.Counter[str] = collections.Counter()
        self.disagree: list[dict[str, Any]] = []

    def add(self, doc: Document, bare: Document, meta_iso: str | None) -> None:
        """Count one analysed article (``bare``: the same text analysed without metadata)."""
        self.n += 1
        c = self.c
        if doc.dateline:
            c["dateline"] += 1
            self.places[doc.dateline.place or "-"] += 1
            self.outlets[doc.dateline.outlet or "-"] += 1
        if doc.published:
            c["published"] += 1
            c[f"from_{doc.published_from}"] += 1
        for w in doc.warnings:
            c[f"warn_{w.code}"] += 1
        c[f"lang_{doc.language}"] += 1
        if bare.published:
            c[f"bare_from_{bare.published_from}"] += 1
        if meta_iso and bare.published:
            c["both"] += 1
            gap = abs((_day(bare.published) - _day(meta_iso)).days)
            c["agree_day"] += gap == 0
            c["agree_1day"] += gap <= 1
            c[f"both_{bare.published_from}"] += 1
            c[f"agree_day_{bare.published_from}"] += gap == 0
            self.gaps["0" if gap == 0 else "1" if gap == 1 else "2-7" if gap <= 7 else ">7"] += 1
            if gap > 1 and len(self.disagree) < 5:
                self.disagree.append({"id": doc.id, "meta": meta_iso, "text": bare.published,
                                      "from": bare.published_from})

    def report(self) -> dict[str, Any]:
        """The portal's figures as shares and counts."""
        c, n = self.c, max(self.n, 1)
        both = max(c["both"], 1)
        return {
            "n": self.n,
            "dateline": round(c["dateline"] / n, 3),
            "published": round(c["published"] / n, 3),
            "published_from": {k[5:]: c[k] for k in sorted(c) if k.startswith("from_")},
            "without_metadata_from": {k[10:]: c[k] for k in sorted(c) if k.startswith("bare_from_")},
            "agreement": {
                "both": c["both"],
                "same_day": round(c["agree_day"] / both, 3),
                "within_1_day": round(c["agree_1day"] / both, 3),
                "by_source": {
                    src: {"both": c[f"both_{src}"],
                          "same_day": round(c[f"agree_day_{src}"] / max(c[f"both_{src}"], 1), 3)}
                    for src in ("dateline", "text") if c[f"both_{src}"]
                },
                "gap_days": dict(self.gaps),
                "examples": self.disagree,
            },
            "warnings": {k[5:]: c[k] for k in sorted(c) if k.startswith("warn_")},
            "language": {k[5:]: c[k] for k in sorted(c) if k.startswith("lang_")},
            "top_places": dict(self.places.most_common(8)),
            "top_outlets": dict(self.outlets.most_common(8)),
        }


def analyse(text: str, meta_date: str | None, **fields: Any) -> tuple[Document, Document, float]:
    """Analyse one article with and without its metadata date; also time the bare meta run."""
    doc = warta.analyze(text, stages="clean,meta", date=meta_date, **fields)
    bare = dataclasses.replace(doc, meta_date=None, warnings=[], stages=["clean"], dateline=None,
                               published=None, published_from=None, language=None)
    t0 = time.perf_counter()
    meta.run(bare)
    return doc, bare, time.perf_counter() - t0


def articles(data: Path, tallies: dict[str, Tally]) -> tuple[int, float, float]:
    """Run every shared article; return the count, total meta seconds and wall seconds."""
    n, meta_s, t0 = 0, 0.0, time.perf_counter()
    for _, rec in common.iter_articles(data):
        doc, bare, secs = analyse(rec["text"], rec.get("date"), id=rec["id"], source=rec["source"],
                                  url=rec.get("url"), title=rec.get("title"))
        meta_iso = meta.parse_meta_date(rec.get("date"))
        tallies.setdefault(rec["source"], Tally()).add(doc, bare, meta_iso)
        tallies.setdefault("ALL", Tally()).add(doc, bare, meta_iso)
        n, meta_s = n + 1, meta_s + secs
    return n, meta_s, time.perf_counter() - t0


def html_pages(data: Path, tallies: dict[str, Tally]) -> list[dict[str, Any]]:
    """Run the saved HTML pages; compare their date with the manifest's expected date."""
    manifest = json.loads((data / "html" / "manifest.json").read_text(encoding="utf-8"))
    rows = []
    for page in manifest["pages"]:
        html = (data / "html" / page["file"]).read_text(encoding="utf-8", errors="replace")
        doc, bare, _ = analyse(html, None)
        expected = page["expected"].get("date")
        exp_wib = (datetime.fromisoformat(expected.replace("Z", "+00:00"))
                   .astimezone(WIB)
                   if expected else None)
        got = doc.published
        tallies.setdefault("html:" + page["portal_label"], Tally()).add(
            doc, bare, meta.parse_meta_date(doc.meta_date))
        rows.append({
            "file": page["file"], "expected_wib": exp_wib.isoformat() if exp_wib else None,
            "published": got, "from": doc.published_from, "bare": bare.published,
            "bare_from": bare.published_from,
            "same_day": bool(got and exp_wib and _day(got) == exp_wib.date()),
            "bare_same_day": bool(bare.published and exp_wib and _day(bare.published) == exp_wib.date()),
            "dateline": doc.dateline.to_json() if doc.dateline else None,
            "language": doc.language, "warnings": [w.code for w in doc.warnings],
        })
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, write benchmarks/out/meta.json and print one summary line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", help="shared data folder (default ../shared/data)")
    ap.add_argument("--show", type=int, default=0, help="print this many portals' full figures")
    args = ap.parse_args(argv)
    data = common.data_dir(args.data)
    tallies: dict[str, Tally] = {}
    n, meta_s, wall = articles(data, tallies)
    pages = html_pages(data, tallies)
    report = {name: t.report() for name, t in sorted(tallies.items(), key=lambda kv: -kv[1].n)}
    allr = report["ALL"]
    result = {
        "articles": n,
        "meta_ms_per_article": round(1000 * meta_s / max(n, 1), 4),
        "seconds_total": round(wall, 2),
        "portals": report,
        "html": pages,
    }
    path = common.write_result("meta", result)
    for name in list(report)[: args.show]:
        print(name, json.dumps(report[name], ensure_ascii=False, indent=1))
    print(
        f"meta: {n} articles, dateline {allr['dateline']:.1%}, published {allr['published']:.1%} "
        f"{allr['published_from']}, text-vs-metadata same day {allr['agreement']['same_day']:.1%} "
        f"(±1 day {allr['agreement']['within_1_day']:.1%}, n={allr['agreement']['both']}), "
        f"warnings {allr['warnings']}, html same day {sum(p['same_day'] for p in pages)}/{len(pages)}, "
        f"{result['meta_ms_per_article']} ms/article -> {path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
