"""``warta eval sources GOLD.jsonl``: reporting-source links against our gold (benchmarks/gold/quotes.jsonl).

Gold records hold raw-text offsets of the shared articles (read from ``$WARTA_DATA``, else the
``shared/data`` folder beside the repository). A predicted link matches a gold link when their
evidence overlaps and the media are equal after case folding (one-to-one, in reading order);
``via`` and ``date`` are scored over the matched links. Quote media are scored with the gold
quotes given to the stage (its own part of the job) and, when the quotes stage is registered,
with the quotes that stage finds (a predicted quote counts when it overlaps a gold quote).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from warta.evaluation._shared import articles, clean_span, data_dir, gold_article, gold_records
from warta.model import Document
from warta.pipeline import STAGE_NAMES, Pipeline
from warta.readers import document_from_record
from warta.stages import sources
from warta.stages.sources import fold

_BEFORE = ("clean", "meta", "segment", "entities", "link", "timex")


def _same(a: str | None, b: str | None) -> bool:
    """Equal after case folding (None only equals None)."""
    return (a is None and b is None) or (a is not None and b is not None and fold(a) == fold(b))


def match_links(gold: list[dict[str, Any]], pred: list[dict[str, Any]]
                ) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Pairs (gold, predicted) of matched links, then unmatched gold (gold, None) and predicted (None, pred).

    Gold links carry ``span`` (clean offsets) and ``medium``; predicted ones are stage output.
    """
    used: set[int] = set()
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    for g in gold:
        hit = None
        for i, p in enumerate(pred):
            ev = p["evidence"]
            if i not in used and g["span"] and ev["start"] < g["span"][1] and g["span"][0] < ev["end"] \
                    and _same(g["medium"], p["medium"]):
                hit = i
                break
        if hit is None:
            pairs.append((g, None))
        else:
            used.add(hit)
            pairs.append((g, pred[hit]))
    pairs.extend((None, p) for i, p in enumerate(pred) if i not in used)
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    """Precision, recall and F1 with their counts."""
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": f1,
            "matched": tp, "predicted": n_pred, "gold": n_gold}


def _gold_quotes(doc: Document, quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The gold quotes as stage-shaped dicts on the clean text (medium left unset)."""
    out = []
    for q in quotes:
        spans = [s for s in (clean_span(doc, a, b) for a, b in q["spans"]) if s]
        if not spans:
            continue
        cue = clean_span(doc, *q["cue"]) if q["cue"] else None
        out.append({"start": spans[0][0], "end": spans[-1][1], "spans": [list(s) for s in spans],
                    "cue": {"start": cue[0], "end": cue[1]} if cue else None, "medium": None,
                    "gold_medium": q["medium"]})
    return out


class _Tally:
    """Counts of one split."""

    def __init__(self) -> None:
        self.articles = self.gold = self.pred = self.tp = 0
        self.via_ok = self.date_ok = 0
        self.chained_gold = self.chained_ok = 0
        self.quotes = self.quote_ok = 0
        self.medium_gold = self.medium_pred = self.medium_tp = 0
        self.pq_quotes = self.pq_ok = 0

    def report(self) -> dict[str, Any]:
        """JSON-ready scores."""
        out = {
            "articles": self.articles,
            "links": _prf(self.tp, self.pred, self.gold),
            "via_accuracy": round(self.via_ok / self.tp, 4) if self.tp else None,
            "chained": {"gold": self.chained_gold, "matched_with_via": self.chained_ok},
            "date_accuracy": round(self.date_ok / self.tp, 4) if self.tp else None,
            "quote_medium": {
                "quotes": self.quotes,
                "accuracy": round(self.quote_ok / self.quotes, 4) if self.quotes else None,
                **{k: v for k, v in _prf(self.medium_tp, self.medium_pred, self.medium_gold).items()
                   if k in {"precision", "recall", "gold", "predicted", "matched"}},
            },
        }
        if self.pq_quotes:
            out["quote_medium_predicted_quotes"] = {"matched_quotes": self.pq_quotes,
                                                    "accuracy": round(self.pq_ok / self.pq_quotes, 4)}
        return out


def _score_links(doc: Document, gold: dict[str, Any], tally: _Tally,
                 errors: list[dict[str, Any]] | None) -> None:
    """Add one article's links to the tally."""
    gold_links = [{**g, "span": clean_span(doc, *g["evidence"])} for g in gold["sources"]]
    tally.gold += len(gold_links)
    tally.pred += len(doc.sources)
    tally.chained_gold += sum(1 for g in gold_links if g["via"])
    for g, p in match_links(gold_links, doc.sources):
        if g is not None and p is not None:
            tally.tp += 1
            tally.via_ok += _same(g["via"], p["via"])
            tally.date_ok += g["date"] == p["date"]
            tally.chained_ok += bool(g["via"]) and _same(g["via"], p["via"])
        if errors is not None and (g is None or p is None or not _same(g["via"], p["via"])
                                   or g["date"] != p["date"]):
            span = (g or {}).get("span")
            errors.append({"id": gold["id"], "gold": None if g is None else {
                "medium": g["medium"], "via": g["via"], "date": g["date"],
                "text": doc.text[span[0]:span[1]] if span else None},
                "pred": None if p is None else {k: p[k] for k in ("medium", "via", "date", "evidence")}})


def _score_quotes(quotes: list[dict[str, Any]], tally: _Tally) -> None:
    """Add one article's gold-quote media to the tally."""
    for q in quotes:
        tally.quotes += 1
        tally.quote_ok += _same(q["gold_medium"], q["medium"])
        tally.medium_gold += q["gold_medium"] is not None
        tally.medium_pred += q["medium"] is not None
        tally.medium_tp += q["medium"] is not None and _same(q["gold_medium"], q["medium"])


def _score_predicted_quotes(doc: Document, gold_quotes: list[dict[str, Any]], tally: _Tally) -> None:
    """Quote media on the quotes stage's own quotes that overlap a gold quote."""
    for g in gold_quotes:
        for q in doc.quotes:
            if q["start"] < g["end"] and g["start"] < q["end"]:
                tally.pq_quotes += 1
                tally.pq_ok += _same(g["gold_medium"], q.get("medium"))
                break


def evaluate(path: str, *, split: str | None = None, errors: list[dict[str, Any]] | None = None
             ) -> dict[str, Any]:
    """Score the sources stage on a gold JSONL file.

    Args:
        path: the gold file (``benchmarks/gold/quotes.jsonl``).
        split: score only this split (``tune`` or ``test``).
        errors: when given, every missed, spurious or mislabelled link is appended to it.

    Returns:
        Per split: link precision/recall/F1, ``via`` and ``date`` accuracy over matched links, and
        quote-medium accuracy (gold quotes; and predicted quotes when the quotes stage exists).
    """
    gold_path = Path(path)
    golds = [g for g in gold_records(gold_path) if split is None or g["split"] == split]
    records = articles(data_dir(gold_path), {(g["file"], g["id"]) for g in golds})
    base = Pipeline([s for s in _BEFORE if s in STAGE_NAMES])
    quotes_pipe = Pipeline("quotes") if "quotes" in STAGE_NAMES else None
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for gold in golds:
        rec = gold_article(records, gold, path)
        tally = tallies[gold["split"]]
        tally.articles += 1
        doc = base(document_from_record(rec))
        gold_quotes = _gold_quotes(doc, gold["quotes"])
        with_gold = Document.from_json(doc.to_json(include_raw=True))
        with_gold.quotes = gold_quotes
        with_gold = sources.run(with_gold)
        _score_links(with_gold, gold, tally, errors)
        _score_quotes(with_gold.quotes, tally)
        if quotes_pipe is not None:
            predicted = sources.run(quotes_pipe(doc))
            _score_predicted_quotes(predicted, gold_quotes, tally)
    return {name: tally.report() for name, tally in sorted(tallies.items())}
