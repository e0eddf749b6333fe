"""Benchmark HTML article extraction on the shared saved pages against trafilatura.

Usage: .venv/bin/python benchmarks/html_extract.py [--data ../shared/data] [--out benchmarks/out/html.json]
       [--write-baseline]

For each page of ``<data>/html/manifest.json`` it prints the token-bag F1 of the body from
trafilatura (default), trafilatura (favor_precision), ``warta.html.extract`` alone, and warta's final
clean text (``warta.analyze(html, stages="clean,meta").text``), then the averages, and writes the
figures (plus title/date/url checks) to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import trafilatura

import warta
from warta import html as warta_html

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("WARTA_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")
DEFAULT_OUT = ROOT / "benchmarks" / "out" / "html.json"
BASELINE = ROOT / "benchmarks" / "baselines" / "html.json"
SYSTEMS = ("trafilatura", "trafilatura_precision", "warta_extract", "warta")
LONG_BODY = 500  # pages whose expected body has at least this many characters get the per-page floor
_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    """Lowercased ``[a-z0-9]+`` tokens of a text."""
    return _TOKEN.findall(text.lower())


def token_f1(predicted: str, expected: str) -> float:
    """Token-bag F1: multiset overlap of the tokens of two texts."""
    pred, gold = Counter(tokens(predicted)), Counter(tokens(expected))
    overlap = sum((pred & gold).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def decode(data: bytes) -> str:
    """Decode a saved page: UTF-8 when it is valid, else the best charset-normalizer guess."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", errors="replace")


def bodies(page: str) -> dict[str, str]:
    """The body text each system extracts from one page."""
    final = warta.analyze(page, stages="clean,meta").text or ""
    return {
        "trafilatura": trafilatura.extract(page) or "",
        "trafilatura_precision": trafilatura.extract(page, favor_precision=True) or "",
        "warta_extract": warta_html.extract(page).text,
        "warta": final,
    }


def score_pages(data_dir: Path) -> dict[str, Any]:
    """Score every page of the manifest; return per-page and average figures."""
    manifest = json.loads((data_dir / "html" / "manifest.json").read_text(encoding="utf-8"))
    pages = []
    for entry in manifest["pages"]:
        page = decode((data_dir / "html" / entry["file"]).read_bytes())
        expected = entry["expected"]
        got = warta_html.extract(page)
        scores = {name: round(token_f1(text, expected["body"]), 4) for name, text in bodies(page).items()}
        pages.append({
            "file": entry["file"],
            "expected_chars": len(expected["body"]),
            "f1": scores,
            "title_ok": (got.title or "").strip() == expected["title"].strip(),
            "url_ok": got.url == expected["url"],
            "date_ok": _same_instant(got.date, expected["date"]),
            "date": got.date,
            "source": got.source,
            "language": got.language,
        })
    average = {name: round(sum(p["f1"][name] for p in pages) / len(pages), 4) for name in SYSTEMS}
    long_pages = [p for p in pages if p["expected_chars"] >= LONG_BODY]
    minimum_long = {name: round(min(p["f1"][name] for p in long_pages), 4) for name in SYSTEMS}
    return {"pages": pages, "average": average, "min_long": minimum_long, "n": len(pages)}


def baseline(result: dict[str, Any]) -> dict[str, Any]:
    """The figures pinned in the committed baseline: per-page and average F1 per system."""
    return {
        "description": "token-bag F1 of HTML body extraction on shared/data/html (benchmarks/html_extract.py "
        "--write-baseline); tests/test_html.py fails when a figure drops by more than 0.005",
        "average": result["average"],
        "min_long": result["min_long"],
        "pages": {p["file"]: p["f1"] for p in result["pages"]},
    }


def _same_instant(got: str | None, expected: str) -> bool:
    """True when an ISO date (with offset) names the expected UTC instant."""
    from datetime import datetime

    if not got:
        return False
    try:
        left = datetime.fromisoformat(got)
        right = datetime.fromisoformat(expected.replace("Z", "+00:00"))
    except ValueError:
        return False
    return left.tzinfo is not None and left == right


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table, the averages and a one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON result file")
    parser.add_argument(
        "--write-baseline", action="store_true",
        help=f"also pin these figures in {BASELINE.relative_to(ROOT)}",
    )
    args = parser.parse_args(argv)
    if not (args.data / "html" / "manifest.json").is_file():
        print(f"{args.data}/html/manifest.json not found; pass --data <shared data folder>", file=sys.stderr)
        return 2
    result = score_pages(args.data)
    header = f"{'page':28s} {'chars':>6s} " + " ".join(f"{n[:13]:>13s}" for n in SYSTEMS) + "  meta"
    print(header)
    for p in result["pages"]:
        meta = "".join(k[0] if p[f"{k}_ok"] else "-" for k in ("title", "url", "date"))
        row = " ".join(f"{p['f1'][n]:13.3f}" for n in SYSTEMS)
        print(f"{p['file']:28s} {p['expected_chars']:6d} {row}  {meta}")
    print(f"{'average':28s} {'':6s} " + " ".join(f"{result['average'][n]:13.3f}" for n in SYSTEMS))
    minimum = " ".join(f"{result['min_long'][n]:13.3f}" for n in SYSTEMS)
    print(f"{'min (>= 500 chars)':28s} {'':6s} {minimum}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.write_baseline:
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        BASELINE.write_text(json.dumps(baseline(result), indent=2) + "\n", encoding="utf-8")
    avg = result["average"]
    print(
        f"html: {result['n']} pages, F1 warta {avg['warta']:.3f} (extract {avg['warta_extract']:.3f}) "
        f"vs trafilatura {avg['trafilatura']:.3f} / precision {avg['trafilatura_precision']:.3f}; "
        f"written {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
