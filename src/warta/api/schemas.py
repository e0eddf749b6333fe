"""Pydantic models of the HTTP API: strict request bodies, response shapes and the error body."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_TEXT_CHARS = 2_000_000
"""Longest article text or HTML accepted in a request (the body limit stops larger ones first)."""


class ErrorDetail(BaseModel):
    """What went wrong: a stable code, a human message, and for 422 the invalid fields."""

    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["no article with id 'abc'"])
    details: list[dict[str, Any]] | None = None


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer has this shape."""

    error: ErrorDetail


class ArticleIn(BaseModel):
    """An article to analyse and store: its ``text`` or its ``html`` page, plus metadata."""

    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra={
        "examples": [{
            "text": "JAKARTA, warta - Pemerintah kota meresmikan taman baru pada Senin (3/7/2023).",
            "title": "Taman baru diresmikan",
            "url": "https://contoh.invalid/berita/1",
            "date": "2023-07-03T10:00:00+07:00",
            "source": "contoh.invalid",
        }],
    })

    text: str | None = Field(None, max_length=MAX_TEXT_CHARS, description="article text (or give html)")
    html: str | None = Field(None, max_length=MAX_TEXT_CHARS, description="a whole HTML page")
    url: str | None = Field(None, max_length=2048)
    title: str | None = Field(None, max_length=1000)
    date: str | None = Field(None, max_length=40, description="ISO 8601 date or datetime (naive = WIB)")
    source: str | None = Field(None, max_length=200, description="portal, e.g. detik.com")

    @field_validator("text", "html", "url", "title", "date", "source")
    @classmethod
    def _storable(cls, value: str | None) -> str | None:
        """Reject NUL characters and lone surrogates, which no database can store."""
        if value is None:
            return None
        if "\x00" in value:
            raise ValueError("contains NUL characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("contains unpaired surrogate characters (not valid UTF-8)") from None
        return value

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        """Accept only absolute http(s) URLs."""
        if value is None:
            return None
        try:
            parts = urlsplit(value.strip())
            port_ok = parts.port is None or parts.port > 0
        except ValueError:
            port_ok = False
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not port_ok:
            raise ValueError("url must be an absolute http(s) URL, e.g. https://example.com/news/1")
        return value.strip()

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        """Accept only ISO 8601 dates and datetimes."""
        if value is None:
            return None
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("date must be ISO 8601, e.g. 2023-07-28 or 2023-07-28T10:00:00+07:00") from None
        return value

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        """Exactly one of text and html, not blank."""
        bodies = [b for b in (self.text, self.html) if b is not None]
        if len(bodies) != 1:
            raise ValueError('give exactly one of "text" or "html"')
        if not bodies[0].strip():
            raise ValueError("the article body is blank")
        return self


class ArticleSummary(BaseModel):
    """One article in a list."""

    article_id: int
    title: str | None
    url: str | None
    portal: str | None
    published: str | None
    revision: int
    n_entities: int
    n_quotes: int


class ArticlePage(BaseModel):
    """A page of articles and the total for the same filters."""

    items: list[ArticleSummary]
    total: int
    limit: int
    offset: int


class Hit(BaseModel):
    """A search hit: article, rank (higher is better), snippet and matched offsets in it."""

    article: ArticleSummary
    rank: float
    snippet: str
    highlights: list[tuple[int, int]]


class HitPage(BaseModel):
    """A page of search hits."""

    items: list[Hit]
    total: int
    limit: int
    offset: int


class EntityCount(BaseModel):
    """An entity (key ``LABEL:normalised name``) with mention and article counts."""

    key: str
    name: str
    label: str | None
    mentions: int
    articles: int


class EntityPage(BaseModel):
    """A page of entities."""

    items: list[EntityCount]
    total: int
    limit: int
    offset: int


class EntityDetail(BaseModel):
    """One entity: mentions per day, co-occurring entities and the latest articles."""

    entity: EntityCount
    timeline: list[tuple[str, int]]
    cooccurring: list[EntityCount]
    latest: list[ArticleSummary]


class SpeakerCount(BaseModel):
    """A quoted speaker with quote and article counts."""

    key: str
    name: str
    quotes: int
    articles: int


class SpeakerPage(BaseModel):
    """A page of speakers."""

    items: list[SpeakerCount]
    total: int
    limit: int
    offset: int


class QuoteRow(BaseModel):
    """A quote, its speaker and its article (offsets into that article's text)."""

    article_id: int
    speaker_key: str | None
    speaker: str | None
    text: str
    start: int | None
    end: int | None
    title: str | None
    published: str | None


class QuotePage(BaseModel):
    """A page of quotes."""

    items: list[QuoteRow]
    total: int
    limit: int
    offset: int


class SourceCount(BaseModel):
    """A reported source (who the news cites) with mention and article counts."""

    key: str
    name: str
    kind: str | None
    mentions: int
    articles: int


class SourcePage(BaseModel):
    """A page of reported sources."""

    items: list[SourceCount]
    total: int
    limit: int
    offset: int


class PortalCount(BaseModel):
    """A news portal with its article count and first/last publication day."""

    portal: str
    articles: int
    first_day: str | None
    last_day: str | None


class EventRow(BaseModel):
    """One event (the events stage's dict as ``data``) and its article."""

    article_id: int
    code: str | None
    day: str | None
    data: dict[str, Any]


class EventPage(BaseModel):
    """A page of events."""

    items: list[EventRow]
    total: int
    limit: int
    offset: int


class Article(BaseModel):
    """A stored article: the Document JSON (see the Document JSON Schema) with the store's fields.

    ``id`` is the store's article id; the Document's own id is ``document_id``. Annotation lists
    (``entities``, ``quotes``, ``sources``, ``timexes``, ``events``) hold span dicts with
    ``start``/``end`` offsets into ``text``. ``status`` (stored, skipped, revised) is set on POST.
    """

    model_config = ConfigDict(extra="allow")

    id: int
    document_id: str | None
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    text: str
    entities: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    timexes: list[dict[str, Any]]
    events: list[dict[str, Any]]
    revision: int
    status: str | None = None


class Health(BaseModel):
    """Liveness answer."""

    status: str
    articles: int | None = None
    writes_enabled: bool
