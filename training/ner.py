"""Train warta's Indonesian NER tagger and export it as numpy arrays into the package.

Run: ``.venv/bin/python training/ner.py [--data ../shared/data] [--out src/warta/models/ner/]``.

Model: a BiLSTM-CRF over word vectors (word2vec from the raw shared articles, built by
``training/vectors.py`` when missing), a character CNN and a casing embedding, with one output
layer and CRF per training set ("heads"). Training uses only the permissively licensed sets
(NERP, NERGrit: Apache-2.0; IDNer-news-2k: MIT). NER-UI and NER-UGM are never trained on:
their dev splits are printed each epoch and, with the licensed cased dev splits, pick the news
head. The label mapping of every set onto PER/ORG/LOC/EVT is in ``warta.models.ner.schemes``
(and in the model card).

Why heads: the sets disagree on conventions (NERP tags events and drops titles, IDNer tags
institutions that NERGrit leaves O, ...). Each set trains its own emission layer and transitions
on a shared encoder, so no set's convention is learned as noise for another. Types a set does not
annotate (EVT outside NERP) are masked out of its head. The news tagging the stage outputs is the
``news`` head, a weighted sum of trained heads chosen on dev splits (``select_news``), with NERP's
EVT spans added where it found nothing.

Case: NERP is lowercase, the others are cased. Each epoch lowercases a random share of the cased
sentences, so every head sees both cased and lowercase text; word vectors are case-free and
casing reaches the model only through the character CNN and the casing class.

Regularisation (issue #4): word dropout replaces 10 % of the training words by the unknown
word (characters and casing kept), so the tagger learns to use the character CNN and context for
names its vocabulary lacks; from epoch ``swa_start`` on, the running average of the epoch-end
weights is scored as well, and the best state (plain or averaged) by mean own-head dev F1 is kept.

Self-training (default; ``--no-self-train`` to skip): a teacher is trained with the same recipe,
tags a seeded sample of raw article sentences (``training/silver.py``; sentences found in any NER
split are excluded), and its confident NERGrit- and IDNer-head sentences are added to those heads'
training data for the student, which is what gets exported. No article text is shipped.

Optional, off by default: a gazetteer-class embedding (``--gaz-dim``; word -> class bits from
``resources/gazetteer/``, stored in vocab.json). The model shipped before issue #4 is reproduced
by ``--epochs 18 --word-dropout 0 --swa-start 0 --no-self-train``.

Everything is seeded (python, numpy, torch) and runs on one thread.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one BLAS thread: the numpy teacher's silver tags are reproducible

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from warta.models.ner.features import (  # noqa: E402
    CASES,
    GAZ_CLASSES,
    PAD,
    UNK,
    casing,
    char_ids,
    gazetteer_classes,
    normalize,
)
from warta.models.ner.schemes import TAGS, TYPES, detect, map_tag, repair, scheme  # noqa: E402

LOG = logging.getLogger("train-ner")
HEADS = ("nerp", "nergrit", "idner")
SETS = {"nerp": "nerp", "nergrit": "nergrit", "idner": "idner-news-2k"}
OOD = {"nerui": "nerui", "nerugm": "nerugm"}
CASED = ("nergrit", "idner", "nerui", "nerugm")
NEG = -1e4


@dataclass
class Config:
    """Hyper-parameters (defaults: the recommended recipe of issue #4; see benchmarks/RESULTS.md)."""

    seed: int = 13
    epochs: int = 8
    batch: int = 32
    lr: float = 2e-3
    word_dim: int = 100
    char_dim: int = 30
    char_filters: int = 50
    case_dim: int = 8
    hidden: int = 128
    dropout: float = 0.5
    lower_share: float = 0.3
    max_vocab: int = 60000
    vectors: bool = True
    shared_head: bool = False
    word_dropout: float = 0.1
    gaz_dim: int = 0
    swa_start: int = 4
    self_train: bool = True
    silver_candidates: int = 20000
    silver_per_head: int = 2000
    silver_min_prob: float = 0.9


# ---------------------------------------------------------------- data


def read_conll(path: Path) -> tuple[list[list[str]], list[list[str]], str]:
    """Tokens and warta tags of a shared CoNLL file, and the name of its scheme."""
    sents: list[list[str]] = []
    tags: list[list[str]] = []
    toks: list[str] = []
    raw: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if toks:
                sents.append(toks)
                tags.append(raw)
            toks, raw = [], []
            continue
        tok, tag = line.split("\t")
        toks.append(tok)
        raw.append(tag)
    if toks:
        sents.append(toks)
        tags.append(raw)
    found = {t[2:] for seq in tags for t in seq if t != "O"}
    sch = detect(found)
    if sch is None:
        raise ValueError(f"{path}: unknown label scheme {sorted(found)}")
    return sents, [repair([map_tag(t, sch.mapping) for t in seq]) for seq in tags], sch.name


def annotated(head: str) -> frozenset[str]:
    """The warta types a head's training set annotates."""
    return scheme(head).annotates


# ---------------------------------------------------------------- model


class Tagger(nn.Module):
    """BiLSTM-CRF with word, character-CNN and casing inputs and one CRF head per training set."""

    def __init__(self, cfg: Config, vectors: np.ndarray, n_chars: int) -> None:
        super().__init__()
        self.words = nn.Embedding.from_pretrained(torch.from_numpy(vectors), freeze=False, padding_idx=PAD)
        self.chars = nn.Embedding(n_chars, cfg.char_dim, padding_idx=PAD)
        self.conv = nn.Conv1d(cfg.char_dim, cfg.char_filters, kernel_size=3, padding=1)
        self.case = nn.Embedding(len(CASES), cfg.case_dim)
        self.gaz = nn.Embedding(GAZ_CLASSES, cfg.gaz_dim) if cfg.gaz_dim else None
        self.drop = nn.Dropout(cfg.dropout)
        width = cfg.word_dim + cfg.char_filters + cfg.case_dim + cfg.gaz_dim
        self.lstm = nn.LSTM(width, cfg.hidden, batch_first=True, bidirectional=True)
        k = len(TAGS)
        # Ablation: with shared_head every set trains the same head (conventions mixed, EVT unmasked).
        self.head_of = [0] * len(HEADS) if cfg.shared_head else list(range(len(HEADS)))
        n_heads = max(self.head_of) + 1
        self.emit = nn.ModuleList([nn.Linear(2 * cfg.hidden, k) for _ in range(n_heads)])
        self.trans = nn.Parameter(torch.zeros(n_heads, k, k))
        self.start = nn.Parameter(torch.zeros(n_heads, k))
        allowed, first = legal_transitions()
        self.register_buffer("illegal", torch.from_numpy(np.where(allowed, 0.0, NEG).astype(np.float32)))
        self.register_buffer("illegal_start", torch.from_numpy(np.where(first, 0.0, NEG).astype(np.float32)))
        masks = np.zeros((n_heads, k), dtype=np.float32)
        for h, name in enumerate(HEADS[:n_heads]):
            for j, tag in enumerate(TAGS):
                if tag != "O" and tag[2:] not in annotated(name) and not cfg.shared_head:
                    masks[h, j] = NEG
        self.register_buffer("head_mask", torch.from_numpy(masks))

    def encode(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        """Contextual token vectors [B, T, 2H] of a batch from ``make_batch``."""
        words, chars, cases, lengths = batch["words"], batch["chars"], batch["cases"], batch["lengths"]
        b, t, c = chars.shape
        ch = self.chars(chars.view(b * t, c)).transpose(1, 2)
        ch = torch.relu(self.conv(ch))
        ch = ch.masked_fill((chars.view(b * t, 1, c) == PAD), -1e4).max(dim=2).values
        ch = ch.clamp_min(0.0).view(b, t, -1)
        parts = [self.words(words), ch, self.case(cases)]
        if self.gaz is not None:
            parts.append(self.gaz(batch["gaz"]))
        x = torch.cat(parts, dim=-1)
        x = self.drop(x)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=t)
        return self.drop(out)

    def scores(self, h: torch.Tensor, head: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Emissions [B, T, K], transitions [K, K] and start scores [K] of one head."""
        head = self.head_of[head]
        emissions = self.emit[head](h) + self.head_mask[head]
        return emissions, self.trans[head] + self.illegal, self.start[head] + self.illegal_start

    def loss(self, batch: dict[str, torch.Tensor], head: int) -> torch.Tensor:
        """Mean CRF negative log-likelihood of a batch of one head's sentences."""
        h = self.encode(batch)
        em, tr, st = self.scores(h, head)
        mask = batch["mask"]
        tags = batch["tags"]
        b, t, _ = em.shape
        ar = torch.arange(b)
        gold = st[tags[:, 0]] + em[ar, 0, tags[:, 0]]
        alpha = st.unsqueeze(0) + em[:, 0]
        for i in range(1, t):
            m = mask[:, i]
            step = tr[tags[:, i - 1], tags[:, i]] + em[ar, i, tags[:, i]]
            gold = gold + step * m
            nxt = torch.logsumexp(alpha.unsqueeze(2) + tr.unsqueeze(0), dim=1) + em[:, i]
            alpha = torch.where(m.unsqueeze(1) > 0, nxt, alpha)
        return (torch.logsumexp(alpha, dim=1) - gold).mean()


def legal_transitions() -> tuple[np.ndarray, np.ndarray]:
    """IOB2-legal transitions [K, K] and legal first tags [K]."""
    k = len(TAGS)
    allowed = np.ones((k, k), dtype=bool)
    first = np.ones(k, dtype=bool)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            first[j] = False
            for i, prev in enumerate(TAGS):
                allowed[i, j] = prev[2:] == tag[2:]
    return allowed, first


# ---------------------------------------------------------------- batching


@dataclass
class Vocab:
    """Word and character indexes."""

    words: dict[str, int]
    chars: dict[str, int]
    gaz: dict[str, int]


def build_vocab(cfg: Config, train: dict[str, list[list[str]]], cache: Path) -> tuple[Vocab, np.ndarray]:
    """Word index (article vectors' top words plus every training word) with initial vectors."""
    words = (cache / "vectors.vocab").read_text(encoding="utf-8").split("\n")[:-1]
    vecs = np.load(cache / "vectors.npy")
    index = {w: i for i, w in enumerate(words)}
    train_words = Counter(normalize(t) for sents in train.values() for s in sents for t in s)
    keep = [w for w in words[: cfg.max_vocab]]
    seen = set(keep)
    keep += sorted(w for w in train_words if w not in seen)
    rng = np.random.default_rng(cfg.seed)
    scale = float(vecs.std())
    mat = np.zeros((len(keep) + 2, cfg.word_dim), dtype=np.float32)
    mat[UNK] = rng.normal(0, scale, cfg.word_dim)
    for i, w in enumerate(keep, start=2):
        mat[i] = vecs[index[w]] if w in index and cfg.vectors else rng.normal(0, scale, cfg.word_dim)
    chars = Counter(c for sents in train.values() for s in sents for t in s for c in t)
    alphabet = {c: i for i, c in enumerate(sorted(c for c, n in chars.items() if n >= 2), start=2)}
    LOG.info("vocab: %d words (%d only in training), %d chars",
             len(keep), len(keep) - len(seen), len(alphabet))
    gaz = gazetteer_classes() if cfg.gaz_dim else {}
    LOG.info("gazetteer: %d words", len(gaz))
    return Vocab({w: i for i, w in enumerate(keep, start=2)}, alphabet, gaz), mat


def make_batch(sents: list[list[str]], tags: list[list[str]] | None, vocab: Vocab) -> dict[str, torch.Tensor]:
    """Padded tensors for a list of sentences."""
    b, t = len(sents), max(map(len, sents))
    c = max(len(char_ids(w, vocab.chars)) for s in sents for w in s)
    words = np.zeros((b, t), dtype=np.int64)
    cases = np.zeros((b, t), dtype=np.int64)
    gaz = np.zeros((b, t), dtype=np.int64)
    chars = np.zeros((b, t, c), dtype=np.int64)
    tg = np.zeros((b, t), dtype=np.int64)
    mask = np.zeros((b, t), dtype=np.float32)
    tag_index = {tag: i for i, tag in enumerate(TAGS)}
    for i, s in enumerate(sents):
        for j, w in enumerate(s):
            words[i, j] = vocab.words.get(normalize(w), UNK)
            cases[i, j] = casing(w)
            gaz[i, j] = vocab.gaz.get(normalize(w), 0)
            ids = char_ids(w, vocab.chars)
            chars[i, j, : len(ids)] = ids
            mask[i, j] = 1.0
            if tags is not None:
                tg[i, j] = tag_index[tags[i][j]]
    return {"words": torch.from_numpy(words), "cases": torch.from_numpy(cases),
            "chars": torch.from_numpy(chars), "gaz": torch.from_numpy(gaz), "tags": torch.from_numpy(tg),
            "mask": torch.from_numpy(mask),
            "lengths": torch.tensor([len(s) for s in sents])}


def epoch_batches(cfg: Config, train: dict[str, tuple[list[list[str]], list[list[str]]]],
                  rng: random.Random) -> list[tuple[int, list[list[str]], list[list[str]]]]:
    """Shuffled length-bucketed batches of one head each, cased sentences lowercased at random."""
    out = []
    for h, name in enumerate(HEADS):
        sents, tags = train[name]
        order = list(range(len(sents)))
        rng.shuffle(order)
        chunk = cfg.batch * 20
        for k in range(0, len(order), chunk):
            part = sorted(order[k : k + chunk], key=lambda i: len(sents[i]))
            for m in range(0, len(part), cfg.batch):
                idx = part[m : m + cfg.batch]
                bs = [[w.lower() for w in sents[i]] if rng.random() < cfg.lower_share else sents[i]
                      for i in idx]
                out.append((h, bs, [tags[i] for i in idx]))
    rng.shuffle(out)
    return out


# ---------------------------------------------------------------- export and scoring


def export(model: Tagger, vocab: Vocab, cfg: Config, out: Path, news: str, meta: dict) -> None:
    """Write the numpy artefact (weights.npz, vocab.json) the runtime tagger loads."""
    sd = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    arrays: dict[str, np.ndarray] = {
        "words": sd["words.weight"].astype(np.float16),
        "chars": sd["chars.weight"],
        "conv_w": sd["conv.weight"], "conv_b": sd["conv.bias"],
        "case": sd["case.weight"],
    }
    if model.gaz is not None:
        arrays["gaz"] = sd["gaz.weight"]
    for d, suffix in (("f", ""), ("b", "_reverse")):
        arrays[f"lstm_{d}_wi"] = sd[f"lstm.weight_ih_l0{suffix}"]
        arrays[f"lstm_{d}_wh"] = sd[f"lstm.weight_hh_l0{suffix}"]
        arrays[f"lstm_{d}_b"] = sd[f"lstm.bias_ih_l0{suffix}"] + sd[f"lstm.bias_hh_l0{suffix}"]
    for name, h in zip(HEADS, model.head_of, strict=True):
        arrays[f"emit_{name}_w"] = sd[f"emit.{h}.weight"]
        arrays[f"emit_{name}_b"] = sd[f"emit.{h}.bias"] + sd["head_mask"][h]
        arrays[f"trans_{name}"] = sd["trans"][h] + sd["illegal"]
        arrays[f"start_{name}"] = sd["start"][h] + sd["illegal_start"]
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "weights.npz", **arrays)
    words = [""] * (len(vocab.words) + 2)
    for w, i in vocab.words.items():
        words[i] = w
    chars = [""] * (len(vocab.chars) + 2)
    for ch, i in vocab.chars.items():
        chars[i] = ch
    payload = {"tags": list(TAGS), "types": list(TYPES), "heads": list(HEADS), "news_head": news,
               "words": words, "chars": chars, "gazetteer": vocab.gaz, "config": cfg.__dict__, "meta": meta}
    (out / "vocab.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def predict(model: Tagger, vocab: Vocab, sents: list[list[str]]) -> dict[str, list[list[str]]]:
    """Viterbi tags of sentences under every head (torch encoder, for model selection)."""
    from warta.models.ner import viterbi

    model.eval()
    out: dict[str, list[list[str]]] = {name: [[] for _ in sents] for name in HEADS}
    order = sorted(range(len(sents)), key=lambda i: len(sents[i]))
    with torch.no_grad():
        for k in range(0, len(order), 128):
            idx = order[k : k + 128]
            batch = make_batch([sents[i] for i in idx], None, vocab)
            h = model.encode(batch)
            for hd, name in enumerate(HEADS):
                em, tr, st = model.scores(h, hd)
                paths = viterbi(em.numpy(), tr.numpy(), st.numpy(), batch["lengths"].numpy())
                for i, p in zip(idx, paths, strict=True):
                    out[name][i] = [TAGS[j] for j in p]
    model.train()
    return out


def f1(gold: list[list[str]], pred: list[list[str]], keep: frozenset[str]) -> float:
    """Strict IOB2 micro F1 with predicted types outside ``keep`` removed."""
    from seqeval.metrics import f1_score
    from seqeval.scheme import IOB2

    pred = [[t if t == "O" or t[2:] in keep else "O" for t in s] for s in pred]
    return float(f1_score(gold, pred, mode="strict", scheme=IOB2))


# ---------------------------------------------------------------- main


def dev_scores(model: Tagger, vocab: Vocab,
               dev_all: dict[str, tuple[list[list[str]], list[list[str]]]]) -> dict[str, float]:
    """Strict F1 of every head on every dev split (``set@head``)."""
    scores = {}
    for name, (sents, gold) in dev_all.items():
        keep = annotated(name) if name in HEADS else frozenset({"PER", "ORG", "LOC"})
        for head, pred in predict(model, vocab, sents).items():
            scores[f"{name}@{head}"] = f1(gold, pred, keep & annotated(head))
    return scores


def train(data: Path, out: Path, cfg: Config, *, silver: Path | None = None) -> dict:
    """Train, select the best epoch on the licensed dev splits, export; return the dev scores."""
    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(1)
    t0, c0 = time.time(), time.process_time()
    cache = ROOT / "training" / "cache"
    if not (cache / "vectors.npy").exists():
        from vectors import train_vectors

        train_vectors(data, cache)
    ner = data / "ner"
    train_sets = {h: read_conll(ner / SETS[h] / "train.conll")[:2] for h in HEADS}
    for h in HEADS:
        path = silver / f"silver_{h}.conll" if silver else None
        if path and path.is_file():
            extra = read_conll(path)[:2]
            train_sets[h] = (train_sets[h][0] + extra[0], train_sets[h][1] + extra[1])
            LOG.info("silver: %d sentences added to head %s", len(extra[0]), h)
    dev_all = {n: read_conll(ner / d / "dev.conll")[:2] for n, d in {**SETS, **OOD}.items()}
    vocab, vectors = build_vocab(cfg, {h: s for h, (s, _) in train_sets.items()}, cache)
    model = Tagger(cfg, vectors, len(vocab.chars) + 2)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1.0 / (1.0 + 0.05 * e))
    rng = random.Random(cfg.seed)
    drop_gen = torch.Generator().manual_seed(cfg.seed)
    best, best_state, history = -1.0, dict(model.state_dict()), []
    avg: dict[str, torch.Tensor] | None = None
    for epoch in range(cfg.epochs):
        total, n = 0.0, 0
        for head, sents, tags in epoch_batches(cfg, train_sets, rng):
            batch = make_batch(sents, tags, vocab)
            if cfg.word_dropout:
                hit = torch.rand(batch["words"].shape, generator=drop_gen) < cfg.word_dropout
                batch["words"] = batch["words"].masked_fill(hit & (batch["words"] != PAD), UNK)
            loss = model.loss(batch, head)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item()
            n += 1
        sched.step()
        states = [("raw", {k: v.clone() for k, v in model.state_dict().items()})]
        if cfg.swa_start and epoch + 1 >= cfg.swa_start:
            # Weight average of the epoch-end states from epoch swa_start on (free at run time).
            k_avg = epoch + 2 - cfg.swa_start
            avg = states[0][1] if avg is None else {
                k: v + (states[0][1][k] - v) / k_avg for k, v in avg.items()}
            if k_avg > 1:
                states.append(("swa", avg))
        for kind, state in states:
            model.load_state_dict(state)
            scores = dev_scores(model, vocab, dev_all)
            mean = sum(scores[f"{h}@{h}"] for h in HEADS) / len(HEADS)
            history.append({"epoch": epoch + 1, "kind": kind, "loss": total / n, **scores})
            LOG.info("epoch %d %s loss %.3f dev %s mean %.4f (%.0fs)", epoch + 1, kind, total / n,
                     " ".join(f"{k}={v:.3f}" for k, v in scores.items()), mean, time.time() - t0)
            if mean > best:
                best = mean
                best_state = {k: v.clone() for k, v in state.items()}
        model.load_state_dict(states[0][1])
    model.load_state_dict(best_state)
    best_epoch = max(history, key=lambda r: sum(r[f"{h}@{h}"] for h in HEADS))
    LOG.info("best: epoch %d (%s)", best_epoch["epoch"], best_epoch["kind"])
    meta = {"trained": time.strftime("%Y-%m-%d"), "seconds": round(time.time() - t0),
            "cpu_seconds": round(time.process_time() - c0), "dev": best_epoch,
            "history": history}
    export(model, vocab, cfg, out, HEADS[0], meta)
    meta["news"] = select_news(out, dev_all)
    LOG.info("exported to %s (news head %s, best epoch %d, %.0fs, %.0f CPU-s)",
             out, meta["news"]["weights"], best_epoch["epoch"], time.time() - t0, time.process_time() - c0)
    return meta


def select_news(out: Path, dev_all: dict[str, tuple[list[list[str]], list[list[str]]]]) -> dict:
    """Pick the news head among single heads and equal-weight sums of heads; store it in vocab.json.

    Candidates are scored with the exported numpy model by mean strict F1 (PER/ORG/LOC) over the
    cased dev splits (NERGrit, IDNer, NER-UI, NER-UGM): dev data only, never a test split.
    """
    from itertools import combinations

    from warta.models.ner import NerModel

    model = NerModel(out)
    keep = frozenset({"PER", "ORG", "LOC"})
    candidates = [dict.fromkeys(c, round(1.0 / len(c), 4)) for n in (1, 2, 3) for c in combinations(HEADS, n)]
    results = []
    for weights in candidates:
        model.set_news(weights)
        scores = {name: f1(dev_all[name][1], [t.tags for t in model.tag(dev_all[name][0], head="news")], keep)
                  for name in CASED}
        results.append({"weights": weights, "scores": scores, "mean": sum(scores.values()) / len(scores)})
        LOG.info("news head %s: %s mean %.4f", weights,
                 " ".join(f"{k}={v:.3f}" for k, v in scores.items()), results[-1]["mean"])
    best = max(results, key=lambda r: r["mean"])
    path = out / "vocab.json"
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["news_head"] = best["weights"]
    payload["meta"]["news_selection"] = results
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    LOG.info("news head: %s", best["weights"])
    return best


def self_train(data: Path, out: Path, cfg: Config) -> dict:
    """Train a teacher (same recipe, no silver), tag raw article sentences with it, train the student.

    The teacher and its silver sentences live in a temporary folder; only the student is exported.
    """
    from silver import build

    t0, c0 = time.time(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        teacher, silver = Path(tmp) / "teacher", Path(tmp) / "silver"
        train(data, teacher, cfg)
        counts = build(data, teacher, silver, candidates=cfg.silver_candidates, per_head=cfg.silver_per_head,
                       min_prob=cfg.silver_min_prob, seed=cfg.seed)
        meta = train(data, out, cfg, silver=silver)
    LOG.info("self-training: silver %s; teacher + silver + student %.0fs (%.0f CPU-s)",
             counts, time.time() - t0, time.process_time() - c0)
    return meta


def main() -> None:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--out", default=str(ROOT / "src" / "warta" / "models" / "ner"))
    ap.add_argument("--epochs", type=int, default=Config.epochs)
    ap.add_argument("--no-vectors", action="store_true", help="ablation: random word vectors")
    ap.add_argument("--no-lower", action="store_true", help="ablation: no lowercased copies")
    ap.add_argument("--shared-head", action="store_true", help="ablation: one head for every set")
    ap.add_argument("--word-dropout", type=float, default=Config.word_dropout,
                    help="share of training words replaced by the unknown word")
    ap.add_argument("--gaz-dim", type=int, default=Config.gaz_dim,
                    help="size of the gazetteer-class embedding (0: no gazetteer feature)")
    ap.add_argument("--silver", default=None,
                    help="folder with silver_<head>.conll files (training/silver.py) added to those heads")
    ap.add_argument("--self-train", action=argparse.BooleanOptionalAction, default=Config.self_train,
                    help="train a teacher first and add its silver article sentences to the student's data")
    ap.add_argument("--swa-start", type=int, default=Config.swa_start,
                    help="also score the weight average of the epochs from this one on (0: off)")
    ap.add_argument("--select-news-only", action="store_true",
                    help="only re-run the news-head selection on the model already in --out")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.select_news_only:
        ner = Path(args.data) / "ner"
        dev_all = {n: read_conll(ner / d / "dev.conll")[:2] for n, d in {**SETS, **OOD}.items()}
        select_news(Path(args.out), dev_all)
        return
    cfg = Config(epochs=args.epochs, vectors=not args.no_vectors, shared_head=args.shared_head,
                 lower_share=0.0 if args.no_lower else Config.lower_share, word_dropout=args.word_dropout,
                 gaz_dim=args.gaz_dim, swa_start=args.swa_start, self_train=args.self_train)
    if cfg.self_train and not args.silver:
        self_train(Path(args.data), Path(args.out), cfg)
    else:
        train(Path(args.data), Path(args.out), cfg, silver=Path(args.silver) if args.silver else None)


if __name__ == "__main__":
    main()
