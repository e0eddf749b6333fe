"""What the store indexes from a Document besides its text: entities, quotes, sources, events.

Both backends store the rows these functions return. They read the stage dicts tolerantly:
entities have ``text`` and ``label`` (later ``canonical`` and ``id``); a quote's ``speaker`` is a
string or a dict with ``text``/``canonical``/``id``; reported sources have ``name`` or ``text``;
events have ``code`` (or ``event_code``/``cameo``). Missing lists simply give no rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from warta.model import Document
from warta.store.text import norm_name

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One entity of an article, mentions merged by key."""

    key: str
    name: str
    name_norm: str
    label: str | None
    mentions: int


@dataclass(frozen=True, slots=True)
class QuoteFacet:
    """One quote of an article."""

    idx: int
    speaker_key: str | None
    speaker: str | None
    text: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One reported source of an article, mentions merged by key."""

    key: str
    name: str
    kind: str | None
    mentions: int


@dataclass(frozen=True, slots=True)
class EventFacet:
    """One event of an article."""

    idx: int
    code: str | None
    day: str | None
    data: dict[str, Any]


def day_of(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` day of an ISO 8601 timestamp (its local date), or None."""
    if not value:
        return None
    m = _DAY.match(value)
    return m.group() if m else None


def display_name(value: Any) -> str | None:
    """A display name from a string or a dict (``canonical``, ``name``, ``text``)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        for k in ("canonical", "name", "text"):
            if isinstance(value.get(k), str) and value[k].strip():
                return value[k].strip()
    return None


def _int(value: Any) -> int | None:
    """An int offset or None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def entity_key(ent: dict[str, Any]) -> str | None:
    """The key of an entity dict: its ``id``, else ``<label>:<normalised name>``."""
    if ent.get("id") not in (None, ""):
        return str(ent["id"])
    name = display_name(ent)
    if not name:
        return None
    return f"{ent.get('label') or 'MISC'}:{norm_name(name)}"


def entity_rows(doc: Document) -> list[EntityRow]:
    """One row per distinct entity of the document, with its mention count."""
    counts: Counter[str] = Counter()
    first: dict[str, dict[str, Any]] = {}
    for ent in doc.entities:
        if not isinstance(ent, dict):
            continue
        key = entity_key(ent)
        if key is None:
            continue
        counts[key] += 1
        first.setdefault(key, ent)
    rows = []
    for key, n in counts.items():
        name = display_name(first[key]) or key
        label = first[key].get("label")
        rows.append(EntityRow(key, name, norm_name(name), str(label) if label else None, n))
    return rows


def _speaker(quote: dict[str, Any]) -> tuple[str | None, str | None]:
    """(key, name) of a quote's speaker."""
    value = quote.get("speaker")
    name = display_name(value)
    if isinstance(value, dict) and value.get("id") not in (None, ""):
        return str(value["id"]), name
    return (norm_name(name), name) if name else (None, None)


def quote_rows(doc: Document) -> list[QuoteFacet]:
    """One row per quote of the document."""
    rows = []
    for i, q in enumerate(doc.quotes):
        if not isinstance(q, dict):
            continue
        body = q.get("quote") if isinstance(q.get("quote"), dict) else q
        text = body.get("text") if isinstance(body.get("text"), str) else ""
        key, name = _speaker(q)
        rows.append(QuoteFacet(i, key, name, text, _int(body.get("start")), _int(body.get("end"))))
    return rows


def source_rows(doc: Document) -> list[SourceRow]:
    """One row per distinct reported source of the document."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, str | None]] = {}
    for src in doc.sources:
        if not isinstance(src, dict):
            continue
        name = display_name(src.get("source")) or display_name(src)
        if not name:
            continue
        key = str(src["id"]) if src.get("id") not in (None, "") else norm_name(name)
        kind = src.get("kind") or src.get("type") or src.get("label")
        counts[key] += 1
        first.setdefault(key, (name, str(kind) if kind else None))
    return [SourceRow(k, first[k][0], first[k][1], n) for k, n in counts.items()]


def event_rows(doc: Document) -> list[EventFacet]:
    """One row per event of the document (its day defaults to the publication day)."""
    rows = []
    for i, ev in enumerate(doc.events):
        if not isinstance(ev, dict):
            continue
        code = ev.get("code") or ev.get("event_code") or ev.get("cameo")
        day = day_of(ev.get("date") if isinstance(ev.get("date"), str) else None) or day_of(doc.published)
        rows.append(EventFacet(i, str(code) if code is not None else None, day, ev))
    return rows
