"""The shipped Indonesian NER tagger: a BiLSTM-CRF run in pure numpy.

The weights (``weights.npz``) and indexes (``vocab.json``) are written by ``training/ner.py``;
see ``README.md`` beside this file for the data, label mapping and scores. ``load()`` reads them
once per process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from warta.errors import ConfigError
from warta.models.ner.features import MAX_CHARS, UNK, casing, normalize

HERE = Path(__file__).resolve().parent
_BATCH = 256


def _first_live(lengths: np.ndarray, t: int) -> np.ndarray:
    """For each position i < t, the first row (of rows sorted by ascending length) longer than i."""
    return np.searchsorted(lengths, np.arange(t), side="right")


def viterbi(emissions: np.ndarray, trans: np.ndarray, start: np.ndarray,
            lengths: np.ndarray) -> list[list[int]]:
    """Best tag paths of a padded batch (emissions [B, T, K], rows by ascending length) under a CRF."""
    b, t, k = emissions.shape
    lengths = np.asarray(lengths)
    first = _first_live(lengths, t)
    score = start[None, :] + emissions[:, 0]
    back = np.zeros((b, t, k), dtype=np.int32)
    for i in range(1, t):
        r = first[i]
        cand = score[r:, :, None] + trans[None, :, :]
        back[r:, i] = cand.argmax(axis=1)
        score[r:] = cand.max(axis=1) + emissions[r:, i]
    rows = np.arange(b)
    paths = np.zeros((b, t), dtype=np.int32)
    cur = score.argmax(axis=1)
    for i in range(t - 1, 0, -1):
        paths[:, i] = cur
        cur = np.where(i < lengths, back[rows, i, cur], cur)
    paths[:, 0] = cur
    return [paths[r, : int(lengths[r])].tolist() for r in range(b)]


def marginals(emissions: np.ndarray, trans: np.ndarray, start: np.ndarray,
              lengths: np.ndarray) -> np.ndarray:
    """Posterior tag probabilities [B, T, K] (rows by ascending length; scaled forward-backward)."""
    b, t, k = emissions.shape
    lengths = np.asarray(lengths)
    first = _first_live(lengths, t)
    pot = np.exp(emissions - emissions.max(axis=2, keepdims=True))
    step = np.exp(trans - trans.max())
    alpha = np.ones((b, t, k))
    beta = np.ones((b, t, k))
    a = np.exp(start - start.max())[None, :] * pot[:, 0]
    alpha[:, 0] = a / a.sum(axis=1, keepdims=True)
    for i in range(1, t):
        r = first[i]
        a = (alpha[r:, i - 1] @ step) * pot[r:, i]
        alpha[r:, i] = a / a.sum(axis=1, keepdims=True)
    for i in range(t - 2, -1, -1):
        r = first[i + 1]
        nb = (pot[r:, i + 1] * beta[r:, i + 1]) @ step.T
        beta[r:, i] = nb / nb.sum(axis=1, keepdims=True)
    post = alpha * beta
    post /= post.sum(axis=2, keepdims=True)
    return post


@dataclass(frozen=True, slots=True)
class Tagged:
    """The tags of one sentence and the probability of each tag."""

    tags: list[str]
    probs: list[float]


class NerModel:
    """The numpy BiLSTM-CRF: word, character-CNN, casing (and gazetteer) features, one CRF per set."""

    def __init__(self, folder: Path) -> None:
        if not (folder / "weights.npz").is_file():
            raise ConfigError(f"NER model not found in {folder}; reinstall warta or run training/ner.py")
        meta = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        self.tags: list[str] = meta["tags"]
        self.heads: list[str] = meta["heads"]
        self.words = {w: i for i, w in enumerate(meta["words"]) if i > 1}
        self.chars = {c: i for i, c in enumerate(meta["chars"]) if i > 1}
        with np.load(folder / "weights.npz") as z:
            w = {k: z[k] for k in z.files}
        self.word_emb = w["words"].astype(np.float32)
        self.char_emb = w["chars"]
        self.kernel = w["conv_w"].transpose(2, 1, 0).reshape(-1, w["conv_w"].shape[0]).copy()
        self.conv_b = w["conv_b"]
        self.case_emb = w["case"]
        # Optional gazetteer-class embedding: the word -> class table is stored with the model.
        self.gaz_emb = w.get("gaz")
        self.gaz: dict[str, int] = meta.get("gazetteer", {})
        self.lstm = {d: _lstm_weights(w[f"lstm_{d}_wi"].T, w[f"lstm_{d}_wh"].T, w[f"lstm_{d}_b"])
                     for d in "fb"}
        self.crf = {h: (w[f"emit_{h}_w"].T.copy(), w[f"emit_{h}_b"], w[f"trans_{h}"], w[f"start_{h}"])
                    for h in self.heads}
        self.set_news(meta["news_head"])
        self._cache: dict[str, np.ndarray] = {}

    def set_news(self, news: str | dict[str, float]) -> None:
        """Define the news head: one trained head, or a weighted sum of heads (a product of experts).

        Emissions are linear in the BiLSTM states, so a weighted sum of heads is again one head
        and costs nothing extra at run time.
        """
        weights = {news: 1.0} if isinstance(news, str) else news
        unknown = set(weights) - set(self.heads)
        if unknown:
            raise ConfigError(f"unknown NER head(s) {sorted(unknown)} in the news head; known: {self.heads}")
        parts = [tuple(p * wt for p in self.crf[h]) for h, wt in weights.items()]
        self.crf["news"] = tuple(sum(p[k] for p in parts) for k in range(4))
        self.news_head = "news"
        # Heads other than NERP cannot emit EVT: add NERP's events unless NERP alone is the news head.
        self.merge_events = "nerp" in self.heads and set(weights) != {"nerp"}

    def _features(self, tokens: list[str]) -> None:
        """Cache the input vector (word, character CNN, casing) of every token not seen yet."""
        cache_ = self._cache
        todo = list({t for t in tokens if t not in cache_})
        if not todo:
            return
        clipped = [t if len(t) <= MAX_CHARS else t[: MAX_CHARS // 2] + t[-MAX_CHARS // 2 :] for t in todo]
        width = max(map(len, clipped))
        ids = np.zeros((len(todo), width + 2), dtype=np.int64)
        for r, t in enumerate(clipped):
            ids[r, 1 : len(t) + 1] = [self.chars.get(c, UNK) for c in t]
        x = self.char_emb[ids]
        windows = np.concatenate([x[:, :-2], x[:, 1:-1], x[:, 2:]], axis=2)
        conv = windows @ self.kernel + self.conv_b
        lens = np.array([len(t) for t in clipped])
        conv[np.arange(width)[None, :] >= lens[:, None]] = -np.inf
        chars = np.maximum(conv.max(axis=1), 0.0)
        words = self.word_emb[[self.words.get(normalize(t), UNK) for t in todo]]
        cases = self.case_emb[[casing(t) for t in todo]]
        parts = [words, chars, cases]
        if self.gaz_emb is not None:
            parts.append(self.gaz_emb[[self.gaz.get(normalize(t), 0) for t in todo]])
        vecs = np.concatenate(parts, axis=1).astype(np.float32)
        if len(cache_) > 100_000:
            cache_.clear()
        cache_.update(zip(todo, vecs, strict=True))

    def _inputs(self, sents: list[list[str]]) -> np.ndarray:
        """Input vectors [N, D] of every token of a batch, sentence after sentence."""
        flat = [tok for s in sents for tok in s]
        self._features(flat)
        cache_ = self._cache
        return np.stack([cache_[t] for t in flat])

    def _lstm(self, x: np.ndarray, starts: np.ndarray, lengths: np.ndarray, d: str) -> np.ndarray:
        """One LSTM direction over packed sentences (rows by ascending length): [N, D] -> [N, H].

        Gates are stored in the order i, f, o, g with i, f and o negated, so one exp, add and
        reciprocal give their sigmoids. Each step only updates the rows still inside their
        sentence (a suffix of the rows), so no work goes to padding, and the backward direction
        starts every sentence from a zero state at its own last token.
        """
        wi, wh, bias = self.lstm[d]
        hsz = wh.shape[0]
        gates_x = x @ wi + bias
        b = len(lengths)
        t = int(lengths[-1])
        first = _first_live(lengths, t)
        h = np.zeros((b, hsz), dtype=np.float32)
        c = np.zeros((b, hsz), dtype=np.float32)
        out = np.empty((x.shape[0], hsz), dtype=np.float32)
        steps = range(t) if d == "f" else range(t - 1, -1, -1)
        with np.errstate(over="ignore"):
            for i in steps:
                r = first[i]
                idx = starts[r:] + i
                hr, cr = h[r:], c[r:]
                g = hr @ wh
                g += gates_x[idx]
                sig = g[:, : 3 * hsz]
                np.exp(sig, out=sig)
                sig += 1.0
                np.reciprocal(sig, out=sig)
                cand = np.tanh(g[:, 3 * hsz :])
                cr *= g[:, hsz : 2 * hsz]
                cand *= g[:, :hsz]
                cr += cand
                np.multiply(g[:, 2 * hsz : 3 * hsz], np.tanh(cr), out=hr)
                out[idx] = hr
        return out

    def _encode(self, sents: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """BiLSTM states [N, 2H] of packed sentences (ascending length), their starts and lengths."""
        lengths = np.array([len(s) for s in sents])
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        x = self._inputs(sents)
        h = np.concatenate([self._lstm(x, starts, lengths, "f"), self._lstm(x, starts, lengths, "b")], axis=1)
        return h, starts, lengths

    def _emissions(self, h: np.ndarray, lengths: np.ndarray, head: str) -> tuple[np.ndarray, ...]:
        """Padded emission scores [B, T, K], transitions and start scores of one head."""
        w, b, trans, start = self.crf[head]
        flat = h @ w + b
        em = np.zeros((len(lengths), int(lengths.max()), flat.shape[1]))
        em[np.arange(em.shape[1])[None, :] < lengths[:, None]] = flat
        return em, trans, start

    def tag(self, sents: list[list[str]], *, head: str | None = None, probs: bool = False) -> list[Tagged]:
        """Tag token lists.

        Args:
            sents: sentences as lists of token strings.
            head: the CRF head to decode with; None means the news tagging (the news head, with
                NERP's EVT spans added where the news head found no entity when it cannot
                emit EVT itself).
            probs: also compute each tag's posterior probability (else the probabilities are 1.0).

        Returns:
            One Tagged per sentence, in input order.
        """
        out: list[Tagged | None] = [None] * len(sents)
        order = sorted((i for i in range(len(sents)) if sents[i]), key=lambda i: len(sents[i]))
        for i in range(len(sents)):
            if not sents[i]:
                out[i] = Tagged([], [])
        for k in range(0, len(order), _BATCH):
            idx = order[k : k + _BATCH]
            h, _, lengths = self._encode([sents[i] for i in idx])
            main = self._decode(h, lengths, head or self.news_head, probs)
            if head is None and self.merge_events:
                main = self._merge_events(main, h, lengths, probs)
            for i, tagged in zip(idx, main, strict=True):
                out[i] = tagged
        return [t for t in out if t is not None]

    def _decode(self, h: np.ndarray, lengths: np.ndarray, head: str, probs: bool) -> list[Tagged]:
        """Viterbi paths (and optionally tag posteriors) of one head."""
        em, trans, start = self._emissions(h, lengths, head)
        paths = viterbi(em, trans, start, lengths)
        # Posteriors only for sentences with an entity (the rest keep 1.0: they are never read).
        rows = [r for r, path in enumerate(paths) if any(path)] if probs else []
        post = marginals(em[rows], trans, start, lengths[rows]) if rows else None
        where = {r: n for n, r in enumerate(rows)}
        return [Tagged([self.tags[j] for j in path], _path_probs(post, where.get(r), path))
                for r, path in enumerate(paths)]

    def _merge_events(self, main: list[Tagged], h: np.ndarray, lengths: np.ndarray,
                      probs: bool) -> list[Tagged]:
        """Add NERP's EVT spans where the news head found nothing (posteriors only where needed)."""
        em, trans, start = self._emissions(h, lengths, "nerp")
        paths = viterbi(em, trans, start, lengths)
        evt = self.tags.index("B-EVT")
        rows = [r for r, p in enumerate(paths) if evt in p]
        if not rows:
            return main
        post = marginals(em[rows], trans, start, lengths[rows]) if probs else None
        out = list(main)
        for n, r in enumerate(rows):
            p = _path_probs(post, n, paths[r])
            out[r] = _add_events(main[r], Tagged([self.tags[j] for j in paths[r]], p))
        return out


def _path_probs(post: np.ndarray | None, row: int | None, path: list[int]) -> list[float]:
    """The posterior of each tag of a path (1.0 each without posteriors)."""
    if post is None or row is None:
        return [1.0] * len(path)
    return post[row, np.arange(len(path)), path].tolist()


def _lstm_weights(wi: np.ndarray, wh: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, ...]:
    """Torch LSTM weights (gates i, f, g, o) reordered to i, f, o, g with i, f, o negated."""
    hsz = wh.shape[0]
    order = np.r_[0 : 2 * hsz, 3 * hsz : 4 * hsz, 2 * hsz : 3 * hsz]
    sign = np.ones(4 * hsz, dtype=np.float32)
    sign[: 3 * hsz] = -1.0
    return tuple(np.ascontiguousarray(m[..., order] * sign, dtype=np.float32) for m in (wi, wh, bias))


def _add_events(main: Tagged, events: Tagged) -> Tagged:
    """Add the EVT entities of ``events`` whose tokens are all O in ``main``."""
    tags, probs = list(main.tags), list(main.probs)
    i, n = 0, len(tags)
    while i < n:
        if events.tags[i] == "B-EVT":
            j = i + 1
            while j < n and events.tags[j] == "I-EVT":
                j += 1
            clear = all(t == "O" for t in tags[i:j]) and (j >= n or not tags[j].startswith("I-"))
            if clear:
                tags[i:j] = events.tags[i:j]
                probs[i:j] = events.probs[i:j]
            i = j
        else:
            i += 1
    return Tagged(tags, probs)


@cache
def load(folder: str | None = None) -> NerModel:
    """The NER model in ``folder`` (default: the shipped one), loaded once per process."""
    return NerModel(Path(folder) if folder else HERE)
