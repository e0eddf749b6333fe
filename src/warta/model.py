"""The document model: a Document and the Spans that annotate its clean text.

Every annotation carries half-open character offsets ``[start, end)`` into ``Document.text``
(the clean body). The clean text is derived from ``Document.raw`` by the clean stage, and
``Document.offsets`` maps every clean character back to the raw text.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"

# Top-level keys of the Document JSON, in output order (see schema/document-1.0.schema.json).
DOCUMENT_KEYS = (
    "schema_version", "id", "source", "url", "title", "published", "published_from", "dateline",
    "text", "sentences", "tokens", "entities", "quotes", "sources", "timexes", "events", "summary",
    "duplicates", "warnings", "language",
)


@dataclass(slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the clean text."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        """Return the span as a JSON-ready dict."""
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Span:
        """Build a span from its JSON dict."""
        return cls(start=data["start"], end=data["end"], text=data["text"])


@dataclass(slots=True)
class Dateline:
    """The dateline that opens an article ("JAKARTA, KOMPAS.com -"): place and outlet."""

    start: int
    end: int
    text: str
    place: str | None = None
    outlet: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the dateline as a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Dateline:
        """Build a dateline from its JSON dict."""
        return cls(**{k: data.get(k) for k in ("start", "end", "text", "place", "outlet")})


@dataclass(slots=True)
class Notice:
    """A finding about the whole document (e.g. ``too_short``), with a human message."""

    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        """Return the warning as a JSON-ready dict."""
        return {"code": self.code, "message": self.message}


@dataclass(slots=True)
class OffsetMap:
    """Maps clean-text offsets to raw-text offsets.

    ``runs`` holds ``(clean_start, raw_start, length)`` triples, sorted and non-overlapping, for
    stretches copied verbatim from the raw text. Clean characters outside every run were inserted
    by the clean stage (paragraph breaks, joining spaces); they map to the raw offset where the
    next copied run begins.
    """

    runs: list[tuple[int, int, int]] = field(default_factory=list)

    def to_raw(self, offset: int) -> int:
        """Raw offset of a clean offset (a boundary offset maps to a boundary)."""
        if not self.runs:
            return offset
        starts = [r[0] for r in self.runs]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return self.runs[0][1]
        clean_start, raw_start, length = self.runs[i]
        if offset <= clean_start + length:
            return raw_start + (offset - clean_start)
        if i + 1 < len(self.runs):
            return self.runs[i + 1][1]
        return raw_start + length

    def to_clean(self, offset: int) -> int | None:
        """Clean offset of a raw offset, or None when that raw character was removed."""
        for clean_start, raw_start, length in self.runs:
            if raw_start <= offset < raw_start + length:
                return clean_start + (offset - raw_start)
        return None

    def kept_raw(self) -> list[tuple[int, int]]:
        """Raw ``[start, end)`` ranges that survive into the clean text."""
        return [(raw, raw + length) for _, raw, length in self.runs]


@dataclass
class Document:
    """One news article and everything warta knows about it."""

    id: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    published_from: str | None = None
    dateline: Dateline | None = None
    raw: str = ""
    text: str = ""
    offsets: OffsetMap = field(default_factory=OffsetMap)
    language: str | None = None
    meta_date: str | None = None
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Span] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    timexes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    summary: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        """A Span of the clean text."""
        return Span(start, end, self.text[start:end])

    def warn(self, code: str, message: str) -> None:
        """Record a document-level warning once."""
        if all(w.code != code for w in self.warnings):
            self.warnings.append(Notice(code, message))

    def to_json(self, *, include_raw: bool = False) -> dict[str, Any]:
        """Return the Document JSON; with ``include_raw`` it round-trips losslessly."""
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "published_from": self.published_from,
            "dateline": self.dateline.to_json() if self.dateline else None,
            "text": self.text,
            "sentences": [s.to_json() for s in self.sentences],
            "tokens": [t.to_json() for t in self.tokens],
            "entities": list(self.entities),
            "quotes": list(self.quotes),
            "sources": list(self.sources),
            "timexes": list(self.timexes),
            "events": list(self.events),
            "summary": list(self.summary),
            "duplicates": list(self.duplicates),
            "warnings": [w.to_json() for w in self.warnings],
            "language": self.language,
        }
        if include_raw:
            out["raw"] = {
                "text": self.raw,
                "offsets": [list(r) for r in self.offsets.runs],
                "meta_date": self.meta_date,
                "stages": list(self.stages),
            }
        return out

    def dumps(self, *, include_raw: bool = False, indent: int | None = None) -> str:
        """Serialise to a JSON string (non-ASCII kept as is)."""
        return json.dumps(self.to_json(include_raw=include_raw), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        """Rebuild a Document from its JSON dict (raw text and offsets when present)."""
        raw = data.get("raw") or {}
        dateline = data.get("dateline")
        return cls(
            id=data.get("id"),
            source=data.get("source"),
            url=data.get("url"),
            title=data.get("title"),
            published=data.get("published"),
            published_from=data.get("published_from"),
            dateline=Dateline.from_json(dateline) if dateline else None,
            raw=raw.get("text", ""),
            text=data.get("text", ""),
            offsets=OffsetMap([tuple(r) for r in raw.get("offsets", [])]),
            language=data.get("language"),
            meta_date=raw.get("meta_date"),
            sentences=[Span.from_json(s) for s in data.get("sentences", [])],
            tokens=[Span.from_json(t) for t in data.get("tokens", [])],
            entities=list(data.get("entities", [])),
            quotes=list(data.get("quotes", [])),
            sources=list(data.get("sources", [])),
            timexes=list(data.get("timexes", [])),
            events=list(data.get("events", [])),
            summary=list(data.get("summary", [])),
            duplicates=list(data.get("duplicates", [])),
            warnings=[Notice(w["code"], w["message"]) for w in data.get("warnings", [])],
            stages=list(raw.get("stages", [])),
        )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the Document JSON for this ``SCHEMA_VERSION``."""
    from importlib import resources

    name = f"document-{SCHEMA_VERSION}.schema.json"
    return json.loads(resources.files("warta.schema").joinpath(name).read_text(encoding="utf-8"))
