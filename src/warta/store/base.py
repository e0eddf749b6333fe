"""The Store interface: one contract for the SQLite and PostgreSQL backends.

Everything the CLI, the ingest loop and the HTTP API need from a corpus store is declared here,
with the result types they exchange. The backends (``sqlite.py``, ``postgres.py``) differ only in
SQL; tokenising and stemming for search (``text.py``), entity/speaker keys, canonical URLs
(``urls.py``) and export formatting are shared, so both return the same hits.

Identity: an article is identified by its canonical URL (tracking parameters, AMP and mobile
variants, trailing slashes removed), else by a hash of its clean text. Storing the same content
again is ``skipped``; changed content under the same identity becomes a new revision
(``revised``) and the previous one is kept in ``article_revisions``.

Dates: ``Filters.date_from`` / ``date_to`` are inclusive ``YYYY-MM-DD`` days compared with the
date part of ``Document.published`` (local time of the article, usually WIB).

Entity keys: ``entity["id"]`` when a stage sets it, else ``"<label>:<normalised canonical or
text>"`` (e.g. ``"PER:joko widodo"``). A ``Filters.entity`` value matches an entity key exactly or
an entity's normalised name. Speaker and reported-source keys are normalised names (or ``id``).

Thread safety: every method may be called from several threads; a backend serialises access
to its one connection. Use ``with open_store(url) as store:`` or call ``close()``.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from warta.model import Document

T = TypeVar("T")

PutStatus = Literal["stored", "skipped", "revised"]
Order = Literal["newest", "oldest", "stored"]
ExportFormat = Literal["jsonl", "csv", "gdelt"]
EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "gdelt")
ORDERS: tuple[str, ...] = ("newest", "oldest", "stored")


def to_jsonable(obj: Any) -> Any:
    """A result object (dataclass, Document, list, dict) as JSON-ready data."""
    if isinstance(obj, Document):
        return obj.to_json()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list | tuple):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    return obj


class _Json:
    """Gives result dataclasses a ``to_json()`` method."""

    __slots__ = ()

    def to_json(self) -> Any:
        """This result as JSON-ready data."""
        return to_jsonable(self)


@dataclass(frozen=True, slots=True)
class Filters(_Json):
    """Query-independent filters; every field is optional and they combine with AND.

    Attributes:
        portal: the article's portal (``Document.source``, e.g. ``"detik.com"``), exact match.
        date_from: first publication day, inclusive (``YYYY-MM-DD``).
        date_to: last publication day, inclusive (``YYYY-MM-DD``).
        entity: an entity key (``"PER:joko widodo"``) or an entity name (case-insensitive).
        speaker: a speaker key or name (case-insensitive) of a quote in the article.
        event_code: an event code or code prefix (``"14"`` matches ``"141"``); no hits until the
            events stage exists.
    """

    portal: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    entity: str | None = None
    speaker: str | None = None
    event_code: str | None = None


@dataclass(frozen=True, slots=True)
class Provenance(_Json):
    """What produced a stored analysis: warta version, model versions and a config hash."""

    warta_version: str
    models: dict[str, str] = field(default_factory=dict)
    config_hash: str = ""
    analysed_at: str | None = None

    def same_analysis(self, other: Provenance) -> bool:
        """True when both analyses come from the same code, models and configuration."""
        return (self.warta_version, self.models, self.config_hash) == (
            other.warta_version, other.models, other.config_hash)


@dataclass(frozen=True, slots=True)
class PutResult(_Json):
    """The outcome of storing one Document."""

    article_id: int
    revision: int
    status: PutStatus


@dataclass(frozen=True, slots=True)
class PutItem:
    """One Document to store with ``Store.put_many`` (the arguments of ``Store.put``)."""

    doc: Document
    provenance: Provenance
    raw_hash: str | None = None
    doc_json: str | None = None


@dataclass(frozen=True, slots=True)
class Page(_Json, Generic[T]):
    """One page of results and the total number of results for the same query."""

    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class ArticleSummary(_Json):
    """The list view of a stored article."""

    article_id: int
    title: str | None
    url: str | None
    portal: str | None
    published: str | None
    revision: int
    n_entities: int
    n_quotes: int


@dataclass(frozen=True, slots=True)
class RevisionInfo(_Json):
    """One revision of an article: number, content hash and when it was stored."""

    revision: int
    content_hash: str
    stored_at: str


@dataclass(frozen=True, slots=True)
class StoredArticle(_Json):
    """A stored article: its current Document (with raw text when stored), provenance, revisions."""

    article_id: int
    identity: str
    canonical_url: str | None
    revision: int
    doc: Document
    provenance: Provenance
    stored_at: str
    revisions: list[RevisionInfo]


@dataclass(frozen=True, slots=True)
class Hit(_Json):
    """A search hit: the article, its rank (higher is better) and a snippet.

    ``highlights`` are half-open ``[start, end)`` offsets of matched words inside ``snippet``.
    """

    article: ArticleSummary
    rank: float
    snippet: str
    highlights: list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class EntityCount(_Json):
    """An entity with its mention count and the number of articles mentioning it."""

    key: str
    name: str
    label: str | None
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class EntityDetail(_Json):
    """One entity: totals, mentions per day, co-occurring entities and latest articles."""

    entity: EntityCount
    timeline: list[tuple[str, int]]
    cooccurring: list[EntityCount]
    latest: list[ArticleSummary]


@dataclass(frozen=True, slots=True)
class SpeakerCount(_Json):
    """A quoted speaker with the number of quotes and of articles quoting them."""

    key: str
    name: str
    quotes: int
    articles: int


@dataclass(frozen=True, slots=True)
class QuoteRow(_Json):
    """One stored quote and the article it comes from (offsets into that article's text)."""

    article_id: int
    speaker_key: str | None
    speaker: str | None
    text: str
    start: int | None
    end: int | None
    title: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class SourceCount(_Json):
    """A reported source (``Document.sources``) with mention and article counts."""

    key: str
    name: str
    kind: str | None
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class PortalCount(_Json):
    """A portal with its article count and first/last publication day."""

    portal: str
    articles: int
    first_day: str | None
    last_day: str | None


@dataclass(frozen=True, slots=True)
class EventRow(_Json):
    """One stored event (the events stage's dict as ``data``) and its article."""

    article_id: int
    code: str | None
    day: str | None
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Failure(_Json):
    """An input that could not be ingested, with the reason."""

    path: str
    line: int | None
    reason: str
    at: str


@dataclass(frozen=True, slots=True)
class Stats(_Json):
    """Corpus totals."""

    articles: int
    revisions: int
    entities: int
    quotes: int
    sources: int
    events: int
    portals: int
    failures: int
    first_day: str | None
    last_day: str | None
    schema_version: int
    backend: str


class Store(ABC):
    """A corpus store: put analysed Documents, then list, search, aggregate and export them."""

    backend: str = ""

    # -- writing ---------------------------------------------------------------------------

    @abstractmethod
    def put(self, doc: Document, *, provenance: Provenance, raw_hash: str | None = None,
            doc_json: str | None = None) -> PutResult:
        """Store one analysed Document.

        Args:
            doc: the analysed Document; its raw text is kept when present (for ``reanalyze``).
            provenance: what produced the analysis.
            raw_hash: a hash of the raw input (see ``known_raw``), so re-ingesting skips it early.
            doc_json: the Document JSON text of ``doc`` (without ``raw``) when it was read as such;
                stored as given instead of ``doc.dumps()``, so ``doc`` may omit tokens and sentences.

        Returns:
            The article id, its revision and ``stored`` (new), ``skipped`` (same content already
            stored) or ``revised`` (new content under a known identity; the old revision kept).
        """

    def put_many(self, items: Sequence[PutItem]) -> list[PutResult]:
        """Store several Documents in one transaction, as ``put`` would one after the other.

        Args:
            items: the Documents with their ``put`` arguments, in order.

        Returns:
            One PutResult per item, in order.
        """
        with self.transaction():
            return [self.put(i.doc, provenance=i.provenance, raw_hash=i.raw_hash, doc_json=i.doc_json)
                    for i in items]

    @abstractmethod
    def replace_analysis(self, article_id: int, doc: Document, *, provenance: Provenance) -> None:
        """Replace the current revision's analysis (used by ``reanalyze``), keeping its number."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """A context in which every write is committed together (or not at all); nestable."""

    @abstractmethod
    def known_raw(self, raw_hashes: Sequence[str]) -> set[str]:
        """The subset of raw-input hashes already stored (lets a resumed ingest skip analysis)."""

    @abstractmethod
    def record_failure(self, *, path: str, line: int | None, reason: str) -> None:
        """Record an input that could not be ingested (once per path, line and reason)."""

    # -- reading ---------------------------------------------------------------------------

    @abstractmethod
    def get(self, article_id: int) -> StoredArticle | None:
        """The stored article with this id, or None."""

    @abstractmethod
    def list_articles(self, filters: Filters | None = None, *, limit: int = 20, offset: int = 0,
                      order: Order = "newest") -> Page[ArticleSummary]:
        """Articles matching the filters, newest first by default."""

    @abstractmethod
    def search(self, query: str, filters: Filters | None = None, *, limit: int = 20,
               offset: int = 0) -> Page[Hit]:
        """Full-text search over title and body.

        Args:
            query: words (all must occur, after Indonesian normalisation and stemming) and
                ``"quoted phrases"`` (each pair of consecutive words must be adjacent in the
                article). A query of stop words only has no hits.
            filters: further restrictions.
            limit: page size.
            offset: results to skip.

        Returns:
            Hits best first: the newest 1000 matching articles (by store id; more when paging
            further) ranked by relevance (BM25 on SQLite, ts_rank on PostgreSQL, so orders may
            differ between backends; the hit sets and totals are the same). ``total`` counts every
            match.
        """

    @abstractmethod
    def entities(self, filters: Filters | None = None, *, label: str | None = None,
                 prefix: str | None = None, limit: int = 50, offset: int = 0) -> Page[EntityCount]:
        """Entities of matching articles by mention count; optionally one label or a name prefix."""

    @abstractmethod
    def entity(self, key: str, filters: Filters | None = None, *, related: int = 10,
               latest: int = 10) -> EntityDetail | None:
        """One entity (by key or name): mentions per day, co-occurring entities, latest articles."""

    @abstractmethod
    def speakers(self, filters: Filters | None = None, *, prefix: str | None = None,
                 limit: int = 50, offset: int = 0) -> Page[SpeakerCount]:
        """Quoted speakers of matching articles by number of quotes."""

    @abstractmethod
    def quotes(self, filters: Filters | None = None, *, speaker: str | None = None,
               limit: int = 50, offset: int = 0) -> Page[QuoteRow]:
        """Quotes of matching articles, newest first; ``speaker`` is a key or name."""

    @abstractmethod
    def sources(self, filters: Filters | None = None, *, limit: int = 50,
                offset: int = 0) -> Page[SourceCount]:
        """Reported sources (``Document.sources``) of matching articles by mention count."""

    @abstractmethod
    def portals(self, filters: Filters | None = None) -> list[PortalCount]:
        """Portals of matching articles by article count."""

    @abstractmethod
    def events(self, filters: Filters | None = None, *, limit: int = 50,
               offset: int = 0) -> Page[EventRow]:
        """Events of matching articles, newest first (empty until the events stage exists)."""

    @abstractmethod
    def failures(self, *, limit: int = 50, offset: int = 0) -> Page[Failure]:
        """Recorded ingest failures, latest first."""

    @abstractmethod
    def stats(self) -> Stats:
        """Corpus totals."""

    @abstractmethod
    def outdated(self, current: Provenance, *, limit: int = 1000,
                 after_id: int = 0) -> list[StoredArticle]:
        """Articles with raw text whose analysis differs from ``current``, by id after ``after_id``."""

    @abstractmethod
    def export(self, fmt: ExportFormat, filters: Filters | None = None) -> Iterator[str]:
        """Lines of an export of matching articles, each ending in a newline.

        ``jsonl``: one Document JSON per article. ``csv``: a header and one row per article.
        ``gdelt``: the GDELT 2.0 event table header (tab-separated) and one row per event.
        """

    @abstractmethod
    def optimize(self) -> None:
        """Housekeeping after a bulk load: planner statistics, pending index entries."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
