"""NER benchmark: F1 per shared split, tagger speed on one core, load time, model size, peak memory.

Run: ``.venv/bin/python benchmarks/ner.py [--data ../shared/data] [--articles 300] [--model DIR]``
(``--model``: score a candidate model folder instead of the shipped one; written to
benchmarks/out/ner-candidate.json).
F1 is strict IOB2 micro F1 from ``warta eval ner`` (the head of the file's scheme) and, for
comparison, from the news tagging the entities stage outputs. Speed is measured in a child
process pinned to one BLAS thread: the entities stage over pre-segmented shared articles
(segmentation and model load excluded), first with a cold token cache, then again warm; both
per wall-clock second and per CPU second (the fair figure on a shared, busy machine).
Writes benchmarks/out/ner.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

from common import REPO, data_dir, iter_articles, write_result  # noqa: E402

SPLITS = (
    ("nerp", "test"), ("nergrit", "test"), ("idner-news-2k", "dev"), ("nerui", "test"), ("nerugm", "test"),
    ("nerp", "dev"), ("nergrit", "dev"), ("nerui", "dev"), ("nerugm", "dev"),
)
TARGETS = {"nerp/test": 0.78, "nergrit/test": 0.74, "idner-news-2k/dev": 0.84, "nerui/test": 0.72,
           "nerugm/test": 0.78}


def scores(data: Path, model: str | None) -> dict[str, dict[str, float]]:
    """Micro F1 of every split, with the scheme's head and with the news tagging."""
    from warta.evaluation.ner import evaluate

    out: dict[str, dict[str, float]] = {}
    for name, split in SPLITS:
        path = data / "ner" / name / f"{split}.conll"
        if not path.is_file():
            continue
        auto = evaluate(str(path), model=model)
        news = evaluate(str(path), head=None, model=model)
        out[f"{name}/{split}"] = {"f1": auto["micro"]["f1"], "precision": auto["micro"]["precision"],
                                  "recall": auto["micro"]["recall"], "head": auto["head"],
                                  "news_f1": news["micro"]["f1"], "tokens": auto["tokens"]}
    return out


def lowercase_scores(data: Path, model: str | None) -> dict[str, float]:
    """Micro F1 of the cased test splits (and IDNer dev) with every token lowercased."""
    import tempfile

    from warta.evaluation.ner import evaluate

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, split in SPLITS[1:5]:
            path = data / "ner" / name / f"{split}.conll"
            if not path.is_file():
                continue
            low = Path(tmp) / f"{name}-{split}.conll"
            lines = path.read_text(encoding="utf-8").splitlines()
            low.write_text("\n".join(_lower_line(line) for line in lines) + "\n", encoding="utf-8")
            out[f"{name}/{split}"] = evaluate(str(low), model=model)["micro"]["f1"]
    return out


def _lower_line(line: str) -> str:
    """A CoNLL line with its token lowercased."""
    token, sep, label = line.partition("\t")
    return token.lower() + sep + label


def speed(data: Path, n_articles: int, model: str | None) -> dict[str, float]:
    """Child-process measurement: load time, stage tokens/s over articles, peak RSS."""
    import resource

    from warta.model import Document
    from warta.stages import entities, segment

    t0 = time.perf_counter()
    from warta.models.ner import load

    load(model)
    load_s = time.perf_counter() - t0
    if model:
        # A candidate model (--model): the stage tags with it instead of the shipped one.
        entities.load = lambda: load(model)
    docs = []
    for _, rec in iter_articles(data):
        if len(docs) >= n_articles:
            break
        if rec.get("text"):
            docs.append(segment.run(Document(text=rec["text"])))
    tokens = sum(len(d.tokens) for d in docs)
    t0, c0 = time.perf_counter(), time.process_time()
    n_ent = sum(len(entities.run(d).entities) for d in docs)
    stage_s, stage_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    for d in docs:
        entities.run(d)
    warm_s, warm_cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"load_s": round(load_s, 3), "articles": len(docs), "tokens": tokens, "entities": n_ent,
            "tokens_per_s": round(tokens / stage_s), "tokens_per_s_warm": round(tokens / warm_s),
            "tokens_per_cpu_s": round(tokens / stage_cpu), "tokens_per_cpu_s_warm": round(tokens / warm_cpu),
            "peak_rss_mb": round(rss_kb / 1024, 1)}


def model_size(model: str | None) -> dict[str, float]:
    """Bytes of the model's artefact files."""
    folder = Path(model) if model else REPO / "src" / "warta" / "models" / "ner"
    files = [p for p in folder.iterdir() if p.suffix in (".npz", ".json")]
    return {"model_mb": round(sum(p.stat().st_size for p in files) / 1e6, 2)}


def main() -> None:
    """Run the benchmark and print one summary line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--model", help="folder of a candidate NER model (default: the shipped one)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    data = data_dir(args.data)
    if args.child:
        sys.stdout.write(json.dumps(speed(data, args.articles, args.model)) + "\n")
        return
    cmd = [sys.executable, __file__, "--child", "--data", str(data), "--articles", str(args.articles),
           *(["--model", args.model] if args.model else [])]
    child = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO)
    perf = json.loads(child.stdout.strip().splitlines()[-1])
    f1s = scores(data, args.model)
    lower = lowercase_scores(data, args.model)
    result = {"f1": f1s, "f1_lowercased": lower, "targets": TARGETS, "model": args.model or "shipped", **perf,
              **model_size(args.model)}
    path = write_result("ner-candidate" if args.model else "ner", result)
    for key, row in f1s.items():
        target = TARGETS.get(key)
        mark = "" if target is None else (" ok" if row["f1"] >= target else f" < target {target}")
        sys.stdout.write(f"{key:20s} F1 {row['f1']:.4f} ({row['head']} head; "
                         f"news tagging {row['news_f1']:.4f}){mark}\n")
    for key, f1 in lower.items():
        sys.stdout.write(f"{key:20s} F1 {f1:.4f} with every token lowercased\n")
    sys.stdout.write(
        "ner: " + " ".join(f"{k.split('/')[0]}={f1s[k]['f1']:.3f}" for k in TARGETS if k in f1s)
        + f" | {perf['tokens_per_s']} tok/s wall, {perf['tokens_per_cpu_s']} per CPU-s"
        + f" (warm cache {perf['tokens_per_cpu_s_warm']}) | load {perf['load_s']} s"
        + f" | model {result['model_mb']} MB | peak {perf['peak_rss_mb']} MB -> {path}\n"
    )


if __name__ == "__main__":
    main()
