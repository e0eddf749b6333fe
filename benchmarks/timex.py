"""Timex benchmark: IndoTimex gold, warta's own gold (tune and frozen test halves), and speed.

    python benchmarks/timex.py [--data ../shared/data] [--n 400]

Scores the timex stage with ``warta.evaluation.timex`` on the IndoTimex gold documents
(``timex/indotimex/gold``) and on ``benchmarks/gold/timex.jsonl`` split by split, then times the
stage alone (``find_timexes`` on the clean text, one core) over the first ``--n`` shared articles.
Writes benchmarks/out/timex.json and prints one summary line.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

import warta  # noqa: E402
from warta.evaluation import timex as scorer  # noqa: E402
from warta.stages.timex import find_timexes  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold" / "timex.jsonl"


def speed(data: Path, n: int) -> dict[str, Any]:
    """Articles per second of the timex stage alone on the clean text of ``n`` shared articles."""
    docs = []
    for _, rec in common.iter_articles(data, ["indonews-scrapper.jsonl"]):
        if len(docs) >= n:
            break
        if (rec.get("text") or "").strip():
            doc = warta.analyze(rec["text"], stages="clean,meta", source=rec.get("source"),
                                date=rec.get("date"))
            docs.append((doc.text, doc.published))
    find_timexes("Kamis (27/7) pukul 10.30 WIB", "2023-07-28")
    t0 = time.perf_counter()
    found = sum(len(find_timexes(text, published)) for text, published in docs)
    elapsed = time.perf_counter() - t0
    chars = sum(len(text) for text, _ in docs)
    return {"articles": len(docs), "seconds": round(elapsed, 3),
            "articles_per_s": round(len(docs) / elapsed, 1), "mean_chars": round(chars / len(docs)),
            "timexes_per_article": round(found / len(docs), 2)}


def main() -> None:
    """Run the benchmark and write benchmarks/out/timex.json."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", help="shared data folder (default: ../shared/data)")
    ap.add_argument("--n", type=int, default=400, help="articles timed for speed")
    args = ap.parse_args()
    data = common.data_dir(args.data)
    result: dict[str, Any] = {
        "indotimex": scorer.evaluate(str(data / "timex" / "indotimex" / "gold")),
        "own_tune": scorer.evaluate(str(GOLD), split="tune"),
        "own_test": scorer.evaluate(str(GOLD), split="test"),
        "speed": speed(data, args.n),
    }
    path = common.write_result("timex", result)
    it, tu, te = result["indotimex"], result["own_tune"], result["own_test"]
    print(f"timex: IndoTimex relaxed F1 {it['relaxed']['f1']:.3f} strict {it['strict']['f1']:.3f} "
          f"norm F1 {it['normalisation']['f1']:.3f} | own tune {tu['relaxed']['f1']:.3f}/"
          f"{tu['normalisation']['f1']:.3f} test {te['relaxed']['f1']:.3f}/{te['normalisation']['f1']:.3f} | "
          f"{result['speed']['articles_per_s']} articles/s -> {path}")


if __name__ == "__main__":
    main()
