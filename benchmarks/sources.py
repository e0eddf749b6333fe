"""Sources benchmark: reporting-source links on our gold (tune and frozen test halves), and speed.

    python benchmarks/sources.py [--data ../shared/data] [--n 400] [--no-test]

Scores the sources stage with ``warta.evaluation.sources`` on ``benchmarks/gold/quotes.jsonl``
split by split (link P/R/F1, via and date accuracy, quote-medium accuracy), then times the stage
alone (``sources.run``, one core, best of 3) over the first ``--n`` shared indonews articles
analysed up to ``timex`` (entities and link included). Writes benchmarks/out/sources.json and
prints one summary line. Tune rules on the tune half only; ``--no-test`` skips the frozen half.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

from warta.evaluation import sources as scorer  # noqa: E402
from warta.model import Document  # noqa: E402
from warta.pipeline import STAGE_NAMES  # noqa: E402
from warta.stages import sources  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold" / "quotes.jsonl"
BEFORE = [s for s in ("clean", "meta", "segment", "entities", "link", "quotes", "timex") if s in STAGE_NAMES]


def speed(data: Path, n: int) -> dict[str, Any]:
    """Articles per second (wall and CPU) of the sources stage alone on ``n`` analysed articles."""
    docs: list[Document] = common.analysed_articles(data, BEFORE, n)
    snapshots = [d.to_json(include_raw=True) for d in docs]
    best_wall = best_cpu = float("inf")
    links = 0
    for _ in range(3):
        fresh = [Document.from_json(s) for s in snapshots]
        w0, c0 = time.perf_counter(), time.process_time()
        links = sum(len(sources.run(d).sources) for d in fresh)
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    chars = sum(len(d.text) for d in docs)
    return {"articles": len(docs), "stages_before": BEFORE, "seconds": round(best_wall, 3),
            "cpu_seconds": round(best_cpu, 3), "articles_per_s": round(len(docs) / best_wall, 1),
            "articles_per_cpu_s": round(len(docs) / best_cpu, 1), "mean_chars": round(chars / len(docs)),
            "links_per_article": round(links / len(docs), 3)}


def main() -> None:
    """Run the benchmark and write benchmarks/out/sources.json."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", help="shared data folder (default: ../shared/data)")
    ap.add_argument("--n", type=int, default=400, help="articles timed for speed")
    ap.add_argument("--no-test", action="store_true", help="score the tune half only")
    args = ap.parse_args()
    data = common.data_dir(args.data)
    result: dict[str, Any] = {"own_tune": scorer.evaluate(str(GOLD), split="tune")["tune"]}
    if not args.no_test:
        result["own_test"] = scorer.evaluate(str(GOLD), split="test")["test"]
    result["speed"] = speed(data, args.n)
    path = common.write_result("sources", result)

    def line(r: dict[str, Any]) -> str:
        links = r["links"]
        return (f"P {links['precision']:.3f} R {links['recall']:.3f} ({links['gold']} links) "
                f"date {r['date_accuracy']} via {r['via_accuracy']} "
                f"quote-medium {r['quote_medium']['accuracy']}")

    test = f" | test {line(result['own_test'])}" if "own_test" in result else ""
    print(f"sources: tune {line(result['own_tune'])}{test} | {result['speed']['articles_per_s']} articles/s "
          f"({result['speed']['articles_per_cpu_s']}/CPU-s) -> {path}")


if __name__ == "__main__":
    main()
