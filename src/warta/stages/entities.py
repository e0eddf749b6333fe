"""The entities stage: PER, ORG, LOC (incl. geo-political) and EVT spans of the clean text.

Tags the tokens of each sentence with the shipped BiLSTM-CRF (``warta.models.ner``, loaded once
per process) and turns the IOB2 tags into entity dicts with offsets aligned to ``doc.tokens``.
"""

from __future__ import annotations

from typing import Any

from warta.model import Document, Span
from warta.models.ner import load


def _sentence_tokens(doc: Document) -> list[list[Span]]:
    """The tokens of each sentence (tokens outside every sentence are skipped)."""
    groups: list[list[Span]] = []
    tokens = doc.tokens
    k = 0
    for sent in doc.sentences:
        while k < len(tokens) and tokens[k].start < sent.start:
            k += 1
        group: list[Span] = []
        while k < len(tokens) and tokens[k].end <= sent.end:
            group.append(tokens[k])
            k += 1
        if group:
            groups.append(group)
    return groups


def _spans(tokens: list[Span], tags: list[str], probs: list[float], text: str) -> list[dict[str, Any]]:
    """Entity dicts of one tagged sentence."""
    out: list[dict[str, Any]] = []
    i, n = 0, len(tags)
    while i < n:
        if not tags[i].startswith("B-"):
            i += 1
            continue
        label = tags[i][2:]
        j = i + 1
        while j < n and tags[j] == f"I-{label}":
            j += 1
        start, end = tokens[i].start, tokens[j - 1].end
        conf = sum(probs[i:j]) / (j - i)
        out.append({"start": start, "end": end, "text": text[start:end], "label": label,
                    "confidence": round(conf, 4)})
        i = j
    return out


def run(doc: Document) -> Document:
    """Fill ``doc.entities`` from the tokens of each sentence.

    Args:
        doc: a Document the segment stage has run on.

    Returns:
        The same Document with ``entities``: dicts ``{start, end, text, label, confidence}``
        sorted by start (every other field untouched).
    """
    groups = _sentence_tokens(doc)
    if not groups:
        doc.entities = []
        return doc
    tagged = load().tag([[t.text for t in g] for g in groups], probs=True)
    entities: list[dict[str, Any]] = []
    for group, result in zip(groups, tagged, strict=True):
        entities.extend(_spans(group, result.tags, result.probs, doc.text))
    entities.sort(key=lambda e: (e["start"], e["end"]))
    doc.entities = entities
    return doc
