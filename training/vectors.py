"""Word vectors for the NER tagger, learned from the raw shared articles (statistics only, no text).

Run: ``.venv/bin/python training/vectors.py [--data ../shared/data] [--out training/cache]``.
Tokenizes every article body with warta's own tokenizer, normalises each token like the tagger
does (lowercase, digits to 0), adds the tokens of the licensed NER train splits, and trains a
skip-gram word2vec (gensim, one worker, fixed seed). Writes ``vectors.npy`` and ``vectors.vocab``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from warta.models.ner.features import normalize  # noqa: E402
from warta.stages.segment import split_sentences, tokenize  # noqa: E402

LOG = logging.getLogger("vectors")
LICENSED = ("nerp", "nergrit", "idner-news-2k")


def article_sentences(data: Path) -> list[list[str]]:
    """Normalised token lists of every sentence of the shared raw articles."""
    out: list[list[str]] = []
    for path in sorted((data / "articles").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get("text") or ""
                for s, e in split_sentences(text):
                    toks = [normalize(text[a:b]) for a, b in tokenize(text, s, e)]
                    if len(toks) > 1:
                        out.append(toks)
    return out


def conll_sentences(path: Path) -> list[list[str]]:
    """Normalised token lists of a CoNLL file (labels ignored)."""
    out: list[list[str]] = []
    cur: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(normalize(line.split("\t")[0]))
    if cur:
        out.append(cur)
    return out


def train_vectors(data: Path, out: Path, *, dim: int = 100, seed: int = 13, epochs: int = 8) -> Path:
    """Train word2vec on the articles plus the licensed NER train text; return the output folder."""
    from gensim.models import Word2Vec

    t0 = time.time()
    sents = article_sentences(data)
    LOG.info("articles: %d sentences, %d tokens (%.0fs)", len(sents), sum(map(len, sents)), time.time() - t0)
    for name in LICENSED:
        sents += conll_sentences(data / "ner" / name / "train.conll")
    model = Word2Vec(sentences=sents, vector_size=dim, window=5, min_count=2, sg=1, negative=10,
                     workers=1, seed=seed, epochs=epochs)
    out.mkdir(parents=True, exist_ok=True)
    words = list(model.wv.index_to_key)
    np.save(out / "vectors.npy", model.wv.vectors.astype(np.float32))
    (out / "vectors.vocab").write_text("\n".join(words) + "\n", encoding="utf-8")
    LOG.info("vectors: %d words x %d dims (%.0fs)", len(words), dim, time.time() - t0)
    return out


def main() -> None:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--out", default=str(ROOT / "training" / "cache"))
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("gensim").setLevel(logging.WARNING)
    train_vectors(Path(args.data), Path(args.out))


if __name__ == "__main__":
    main()
