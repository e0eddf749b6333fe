"""Throughput of read + clean + meta + segment over the shared articles, on one core.

    python benchmarks/throughput.py [--data ../shared/data] [--repeat 3] [--stages clean,meta,segment]

Every JSONL line of ../shared/data/articles/*.jsonl is parsed and turned into a Document
(the reader), then run through the stages. Reports articles/s and characters/s (best of
--repeat passes, CPU time of this single-threaded process), per-stage milliseconds per article,
and the peak resident memory. Goal: >= 300 articles/s. Writes benchmarks/out/throughput.json.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, data_dir, write_result  # noqa: E402

from warta.errors import InputError  # noqa: E402
from warta.pipeline import Pipeline  # noqa: E402
from warta.readers import read_jsonl  # noqa: E402


def load_lines(data: Path) -> list[tuple[str, str]]:
    """(file name, JSONL text) of every shared article file."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted((data / "articles").glob("*.jsonl"))]


def one_pass(files: list[tuple[str, str]], pipe: Pipeline) -> dict:
    """Read and analyse everything once; CPU seconds in total and per stage."""
    stage_time = dict.fromkeys(pipe.names, 0.0)
    n = chars = 0
    start = time.process_time()
    read_time = 0.0
    for name, text in files:
        t0 = time.process_time()
        docs = [d for d in read_jsonl(text, path=name) if not isinstance(d, InputError)]
        read_time += time.process_time() - t0
        for doc in docs:
            for stage, fn in pipe._fns:
                t1 = time.process_time()
                doc = fn(doc)
                stage_time[stage] += time.process_time() - t1
            n += 1
            chars += len(doc.raw)
    total = time.process_time() - start
    return {"articles": n, "chars": chars, "seconds": total, "read_seconds": read_time, "stages": stage_time}


def main() -> None:
    """Run the benchmark and print a summary line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--stages", default="clean,meta,segment")
    args = ap.parse_args()
    files = load_lines(data_dir(args.data))
    pipe = Pipeline(args.stages)
    runs = [one_pass(files, pipe) for _ in range(args.repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    n = best["articles"]
    result = {
        "stages": list(pipe.names),
        "articles": n,
        "mean_chars": round(best["chars"] / n),
        "articles_per_s": round(n / best["seconds"], 1),
        "chars_per_s": round(best["chars"] / best["seconds"]),
        "ms_per_article": {"read": round(1000 * best["read_seconds"] / n, 3),
                           **{k: round(1000 * v / n, 3) for k, v in best["stages"].items()}},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "passes_seconds": [round(r["seconds"], 2) for r in runs],
    }
    path = write_result("throughput", result)
    print(f"throughput: {result['articles_per_s']} articles/s ({result['chars_per_s']} chars/s, "
          f"{n} articles of {result['mean_chars']} chars) for read+{'+'.join(pipe.names)} on one core; "
          f"ms/article {result['ms_per_article']}; peak RSS {result['peak_rss_mb']} MB "
          f"-> {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
