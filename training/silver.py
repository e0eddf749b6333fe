"""Silver NER training sentences: raw shared articles tagged by an existing warta NER model.

Run: ``.venv/bin/python training/silver.py [--model src/warta/models/ner] [--per-head 2000]``.
Splits the article bodies into sentences with warta's own segmenter, keeps sentences of 6-50
tokens that occur in no split of any shared NER set (case-insensitive), tags a seeded sample
of ``--candidates`` of them with each
cased training head (``nergrit``, ``idner``) of the given model and keeps, per head, the
sentences with at least one entity whose every tag has a posterior of at least ``--min-prob``;
a seeded sample of ``--per-head`` of them is written to ``training/cache/silver_<head>.conll``.
The cache is never shipped: the silver text is a training input only (self-training).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from warta.models.ner import NerModel  # noqa: E402
from warta.stages.segment import split_sentences, tokenize  # noqa: E402

LOG = logging.getLogger("silver")
HEADS = ("nergrit", "idner")
SETS = ("nerp", "nergrit", "idner-news-2k", "nerui", "nerugm")


def article_sentences(data: Path, *, min_len: int = 6, max_len: int = 50) -> list[list[str]]:
    """Token lists of the article sentences of a usable length, first occurrence only."""
    out: list[list[str]] = []
    seen: set[str] = set()
    for path in sorted((data / "articles").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get("text") or ""
                for s, e in split_sentences(text):
                    toks = [text[a:b] for a, b in tokenize(text, s, e)]
                    key = " ".join(toks).lower()
                    if min_len <= len(toks) <= max_len and key not in seen:
                        seen.add(key)
                        out.append(toks)
    return out


def ner_sentences(data: Path) -> set[str]:
    """Lowercased sentences of every split of every shared NER set (never used as silver data)."""
    out: set[str] = set()
    for name in SETS:
        for path in (data / "ner" / name).glob("*.conll"):
            cur: list[str] = []
            for line in path.read_text(encoding="utf-8").splitlines() + [""]:
                if line.strip():
                    cur.append(line.split("\t")[0])
                elif cur:
                    out.add(" ".join(cur).lower())
                    cur = []
    return out


def build(data: Path, model_dir: Path, out: Path, *, candidates: int, per_head: int, min_prob: float,
          seed: int) -> dict:
    """Tag the article sentences with each head and write the confident samples; return counts."""
    t0 = time.time()
    excluded = ner_sentences(data)
    sents = [s for s in article_sentences(data) if " ".join(s).lower() not in excluded]
    sents = random.Random(seed).sample(sents, min(candidates, len(sents)))
    LOG.info("%d candidate sentences (%.0fs)", len(sents), time.time() - t0)
    model = NerModel(model_dir)
    counts = {}
    out.mkdir(parents=True, exist_ok=True)
    for head in HEADS:
        tagged = model.tag(sents, head=head, probs=True)
        good = [i for i, t in enumerate(tagged) if any(x != "O" for x in t.tags) and min(t.probs) >= min_prob]
        pick = sorted(random.Random(seed).sample(good, min(per_head, len(good))))
        lines = []
        for i in pick:
            lines += [f"{w}\t{t}" for w, t in zip(sents[i], tagged[i].tags, strict=True)] + [""]
        (out / f"silver_{head}.conll").write_text("\n".join(lines), encoding="utf-8")
        counts[head] = {"confident": len(good), "kept": len(pick)}
        LOG.info("%s: %d confident sentences, %d kept (%.0fs)", head, len(good), len(pick), time.time() - t0)
    return counts


def main() -> None:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--model", default=str(ROOT / "src" / "warta" / "models" / "ner"))
    ap.add_argument("--out", default=str(ROOT / "training" / "cache"))
    ap.add_argument("--candidates", type=int, default=20000, help="article sentences tagged (a sample)")
    ap.add_argument("--per-head", type=int, default=2000)
    ap.add_argument("--min-prob", type=float, default=0.9)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    build(Path(args.data), Path(args.model), Path(args.out), candidates=args.candidates,
          per_head=args.per_head, min_prob=args.min_prob, seed=args.seed)


if __name__ == "__main__":
    main()
