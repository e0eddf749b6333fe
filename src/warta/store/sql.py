"""The Store logic both backends share; a backend supplies the connection and the search SQL.

SQL here is written with ``?`` placeholders and features SQLite and PostgreSQL both have
(``ON CONFLICT DO NOTHING``, ``RETURNING``, ``NULLS LAST``). A backend subclass converts the
placeholders and implements the few hooks marked below (connect, transactions, full-text index).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from warta.errors import ConfigError
from warta.model import Document
from warta.store import export as exporting
from warta.store import facets, text, urls
from warta.store.base import (
    EXPORT_FORMATS,
    ORDERS,
    ArticleSummary,
    EntityCount,
    EntityDetail,
    EventRow,
    ExportFormat,
    Failure,
    Filters,
    Hit,
    Order,
    Page,
    PortalCount,
    Provenance,
    PutItem,
    PutResult,
    QuoteRow,
    RevisionInfo,
    SourceCount,
    SpeakerCount,
    Stats,
    Store,
    StoredArticle,
)

log = logging.getLogger(__name__)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SUMMARY_COLS = "a.id, a.title, a.url, a.portal, a.published, a.revision, a.n_entities, a.n_quotes"
_ORDER_SQL = {
    "newest": "a.published DESC NULLS LAST, a.id DESC",
    "oldest": "a.published ASC NULLS LAST, a.id ASC",
    "stored": "a.id DESC",
}
STORED_COLS = ("a.id, a.identity, a.canonical_url, a.revision, c.doc_json, c.raw_json, a.warta_version, "
               "a.models, a.config_hash, a.analysed_at, a.stored_at")
STORED_FROM = "articles a JOIN article_content c ON c.article_id = a.id"
SEARCH_WINDOW = 1000
"""Search ranks this many of the newest (most recently stored) matches; totals count all matches.

Ranking reads each candidate's index entry, so it is bounded; finding and counting matches is not.
"""
EXPORT_CHUNK = 500
IndexRow = tuple[int, list[str], list[str]]
"""An article queued for the full-text index: its id, terms and bigrams (``text.index_tokens``)."""
INSERT_CHUNK = 100
"""Articles per multi-row INSERT (keeps the statement under every backend's parameter limit)."""


def now() -> str:
    """The current UTC time as ISO 8601 text."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _summary(row: Sequence[Any]) -> ArticleSummary:
    """An ArticleSummary from the first eight columns of a row (``SUMMARY_COLS``)."""
    return ArticleSummary(int(row[0]), row[1], row[2], row[3], row[4], int(row[5]), int(row[6]),
                          int(row[7]))


def _models_json(models: dict[str, str]) -> str:
    """Model versions as canonical JSON (comparable as text)."""
    return json.dumps(models, sort_keys=True, ensure_ascii=False)


def _check_limit(limit: int, offset: int) -> None:
    """Reject negative or absurd page bounds."""
    if limit < 0 or offset < 0 or limit > 10000:
        raise ConfigError(f"bad page bounds limit={limit} offset={offset}; use 0 <= limit <= 10000")


def filter_sql(filters: Filters | None) -> tuple[str, list[Any]]:
    """The ``AND …`` conditions on articles ``a`` for the filters, and their parameters."""
    if filters is None:
        return "", []
    conds: list[str] = []
    params: list[Any] = []
    for name in ("date_from", "date_to"):
        value = getattr(filters, name)
        if value is not None and not _DAY.match(value):
            raise ConfigError(f"bad {name} {value!r}; write a day as YYYY-MM-DD")
    if filters.portal:
        conds.append("a.portal = ?")
        params.append(filters.portal)
    if filters.date_from:
        conds.append("a.day >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        conds.append("a.day <= ?")
        params.append(filters.date_to)
    if filters.entity:
        # One index range per entity column (key, day) and (name_norm, day): the dates narrow the
        # entity rows read, and a UNION keeps each lookup inside its index (an OR would not).
        keys = list(dict.fromkeys([filters.entity, _norm_key(filters.entity)]))
        marks = ", ".join("?" for _ in keys)
        days, day_params = "", []
        if filters.date_from:
            days, day_params = days + " AND day >= ?", [*day_params, filters.date_from]
        if filters.date_to:
            days, day_params = days + " AND day <= ?", [*day_params, filters.date_to]
        conds.append(f"a.id IN (SELECT article_id FROM article_entities WHERE key IN ({marks}){days} "
                     f"UNION SELECT article_id FROM article_entities WHERE name_norm = ?{days})")
        params.extend([*keys, *day_params, text.norm_name(filters.entity), *day_params])
    if filters.speaker:
        keys = list(dict.fromkeys([filters.speaker, text.norm_name(filters.speaker)]))
        marks = ", ".join("?" for _ in keys)
        conds.append(f"a.id IN (SELECT article_id FROM quotes WHERE speaker_key IN ({marks}))")
        params.extend(keys)
    if filters.event_code:
        conds.append("a.id IN (SELECT article_id FROM events WHERE code = ? OR code LIKE ? ESCAPE '!')")
        code = filters.event_code
        params.extend([code, code.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"])
    return "".join(f" AND {c}" for c in conds), params


def _norm_key(key: str) -> str:
    """An entity key typed by a user ("PER:Joko  Widodo") in stored form ("PER:joko widodo")."""
    label, sep, name = key.partition(":")
    return f"{label}:{text.norm_name(name)}" if sep else text.norm_name(key)


class SQLStore(Store):
    """A Store over one DB-API connection; backends subclass it for connection and search SQL."""

    placeholder = "?"
    migrations_dir = ""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._depth = 0
        self._to_index: list[IndexRow] = []
        self.conn: Any = self._connect()
        self._migrate()

    # -- backend hooks ---------------------------------------------------------------------

    def _connect(self) -> Any:
        """Open the connection (autocommit; transactions are explicit)."""
        raise NotImplementedError

    def _begin(self) -> None:
        """Start a write transaction."""
        raise NotImplementedError

    def _commit(self) -> None:
        """Commit the transaction."""
        raise NotImplementedError

    def _rollback(self) -> None:
        """Roll the transaction back."""
        raise NotImplementedError

    def _apply_migration(self, version: int, name: str, sql: str) -> bool:
        """Apply one migration file unless already applied (checked under a lock); True if applied."""
        raise NotImplementedError

    def _applied_versions(self) -> set[int]:
        """Migrations already applied (read without taking a write lock)."""
        raise NotImplementedError

    def _index_many(self, rows: list[IndexRow]) -> None:
        """Add articles to the full-text index: ``(article_id, terms, bigrams)`` of ``text.index_tokens``."""
        raise NotImplementedError

    def _unindex(self, article_id: int) -> None:
        """Remove an article from the full-text index."""
        raise NotImplementedError

    def _matching_ids(self, match: Any, where: str, params: list[Any]) -> list[int]:
        """The ids of every article matching the full-text ``match`` and the filters, newest first.

        ``where`` holds the filter conditions on articles ``a`` (empty when unfiltered), ``params``
        their parameters.
        """
        raise NotImplementedError

    def _rank_sql(self, match: Any, ids: list[int], where: str,
                  params: list[Any]) -> tuple[str, list[Any]]:
        """The query ranking ``ids`` best first as ``(id, rank)``, and its parameters.

        ``ids`` are the newest matches of the query and the filters (``where``, ``params``), newest
        first. LIMIT and OFFSET parameters are appended by the caller.
        """
        raise NotImplementedError

    # -- helpers -----------------------------------------------------------------------------

    def _sql(self, sql: str) -> str:
        """The statement with this backend's placeholders."""
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Execute one statement and return the cursor."""
        return self.conn.execute(self._sql(sql), tuple(params))

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """All rows of a query."""
        return self._exec(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first row of a query, or None."""
        return self._exec(sql, params).fetchone()

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Execute one statement for many parameter rows."""
        if rows:
            self.conn.cursor().executemany(self._sql(sql), [tuple(r) for r in rows])

    def _migrate(self) -> None:
        """Apply the migration files this database has not seen yet."""
        folder = resources.files("warta.store").joinpath("migrations", self.migrations_dir)
        files = sorted(f.name for f in folder.iterdir() if f.name.endswith(".sql"))
        applied = self._applied_versions()
        for name in files:
            version = int(name.split("_", 1)[0])
            if version in applied:
                continue
            if self._apply_migration(version, name, folder.joinpath(name).read_text(encoding="utf-8")):
                log.info("applied migration %s", name)

    def schema_version(self) -> int:
        """The highest applied migration."""
        with self._lock:
            row = self._one("SELECT MAX(version) FROM schema_version")
        return int(row[0] or 0)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit every write inside together; nested uses join the outer transaction."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._begin()
            self._depth = 1
            try:
                yield
                self._flush_index()
            except BaseException:
                self._depth = 0
                self._to_index = []
                self._rollback()
                raise
            self._depth = 0
            self._commit()

    # -- writing -------------------------------------------------------------------------------

    def put(self, doc: Document, *, provenance: Provenance, raw_hash: str | None = None,
            doc_json: str | None = None) -> PutResult:
        """Store one analysed Document (see Store.put)."""
        ident = urls.identity(doc)
        chash = urls.content_hash(doc)
        with self.transaction():
            row = self._one("SELECT id, revision, content_hash FROM articles WHERE identity = ?", (ident,))
            if row is None:
                ids = self._insert_many([(PutItem(doc, provenance, raw_hash, doc_json), ident, chash)])
                if ident in ids:
                    result = PutResult(ids[ident], 1, "stored")
                else:  # another writer stored it meanwhile
                    row = self._one("SELECT id, revision, content_hash FROM articles WHERE identity = ?",
                                    (ident,))
            if row is not None:
                result = self._update(doc, int(row[0]), int(row[1]), row[2], chash, provenance, doc_json)
            if raw_hash:
                self._exec("INSERT INTO ingested_inputs (raw_hash, article_id) VALUES (?, ?) "
                           "ON CONFLICT DO NOTHING", (raw_hash, result.article_id))
        return result

    def put_many(self, items: Sequence[PutItem]) -> list[PutResult]:
        """Store several Documents in one transaction (see Store.put_many).

        New identities are inserted together (a few statements for the whole list); known ones,
        repeats within the list and identities another writer stored meanwhile then go through
        ``put`` in order, so the outcome is that of storing the items one after the other.
        """
        prepared = [(item, urls.identity(item.doc), urls.content_hash(item.doc)) for item in items]
        results: list[PutResult | None] = [None] * len(prepared)
        with self.transaction():
            known = self._known_identities([ident for _, ident, _ in prepared])
            first: dict[str, int] = {}
            for i, (_, ident, _) in enumerate(prepared):
                if ident not in known:
                    first.setdefault(ident, i)
            ids = self._insert_many([prepared[i] for i in first.values()])
            for ident, i in first.items():
                if ident in ids:
                    results[i] = PutResult(ids[ident], 1, "stored")
            self._many("INSERT INTO ingested_inputs (raw_hash, article_id) VALUES (?, ?) "
                       "ON CONFLICT DO NOTHING",
                       [(item.raw_hash, result.article_id)
                        for (item, _, _), result in zip(prepared, results, strict=True)
                        if result is not None and item.raw_hash])
            self._flush_index()
            for i, (item, _, _) in enumerate(prepared):
                if results[i] is None:
                    results[i] = self.put(item.doc, provenance=item.provenance, raw_hash=item.raw_hash,
                                          doc_json=item.doc_json)
        return [r for r in results if r is not None]

    def _known_identities(self, identities: list[str]) -> set[str]:
        """The identities already stored."""
        found: set[str] = set()
        unique = list(dict.fromkeys(identities))
        for i in range(0, len(unique), 500):
            chunk = unique[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(r[0] for r in self._all(f"SELECT identity FROM articles WHERE identity IN ({marks})",
                                                 chunk))
        return found

    def _article_values(self, doc: Document, chash: str, provenance: Provenance,
                        doc_json: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """Column values of the articles row and of the article_content row for a Document."""
        raw = None
        if doc.raw:
            raw = json.dumps({"text": doc.raw, "offsets": [list(r) for r in doc.offsets.runs],
                              "meta_date": doc.meta_date, "stages": list(doc.stages)},
                             ensure_ascii=False)
        values = {
            "canonical_url": urls.canonical_url(doc.url), "url": doc.url, "portal": doc.source,
            "title": doc.title, "published": doc.published, "day": facets.day_of(doc.published),
            "language": doc.language, "content_hash": chash,
            "n_entities": len(doc.entities), "n_quotes": len(doc.quotes),
            "warta_version": provenance.warta_version, "models": _models_json(provenance.models),
            "config_hash": provenance.config_hash, "analysed_at": provenance.analysed_at or now(),
        }
        content = {"text": doc.text, "doc_json": doc_json if doc_json is not None else doc.dumps(),
                   "raw_json": raw}
        return values, content

    def _insert_many(self, prepared: list[tuple[PutItem, str, str]]) -> dict[str, int]:
        """Insert new articles (revision 1) with their facets; their ids by identity.

        ``prepared`` holds (item, identity, content hash) with distinct identities; one that another
        writer stored meanwhile is left out of the result.
        """
        ids: dict[str, int] = {}
        stored: list[tuple[int, PutItem, dict[str, Any]]] = []
        for lo in range(0, len(prepared), INSERT_CHUNK):
            chunk = prepared[lo:lo + INSERT_CHUNK]
            rows, contents, stamp = [], [], now()
            for item, ident, chash in chunk:
                values, content = self._article_values(item.doc, chash, item.provenance, item.doc_json)
                values.update(identity=ident, revision=1, stored_at=stamp)
                rows.append(values)
                contents.append(content)
            cols = ", ".join(rows[0])
            marks = ", ".join("(" + ", ".join("?" for _ in rows[0]) + ")" for _ in rows)
            got = {r[1]: int(r[0]) for r in self._all(
                f"INSERT INTO articles ({cols}) VALUES {marks} ON CONFLICT (identity) DO NOTHING "
                "RETURNING id, identity", [v for values in rows for v in values.values()])}
            ids.update(got)
            stored.extend((got[ident], item, content)
                          for (item, ident, _), content in zip(chunk, contents, strict=True) if ident in got)
        stored.sort(key=lambda s: s[0])
        self._many("INSERT INTO article_content (article_id, text, doc_json, raw_json) VALUES (?, ?, ?, ?)",
                   [(article_id, c["text"], c["doc_json"], c["raw_json"]) for article_id, _, c in stored])
        self._put_facets([(article_id, item.doc) for article_id, item, _ in stored])
        return ids

    def _update(self, doc: Document, article_id: int, revision: int, current_hash: str, chash: str,
                provenance: Provenance, doc_json: str | None) -> PutResult:
        """Skip known content, else keep the current revision and store the new one."""
        if chash == current_hash or self._one(
                "SELECT 1 FROM article_revisions WHERE article_id = ? AND content_hash = ?",
                (article_id, chash)):
            return PutResult(article_id, revision, "skipped")
        self._exec("INSERT INTO article_revisions (article_id, revision, content_hash, doc_json, raw_json, "
                   "warta_version, models, config_hash, analysed_at, stored_at) SELECT a.id, a.revision, "
                   "a.content_hash, c.doc_json, c.raw_json, a.warta_version, a.models, a.config_hash, "
                   f"a.analysed_at, a.stored_at FROM {STORED_FROM} WHERE a.id = ?", (article_id,))
        values, content = self._article_values(doc, chash, provenance, doc_json)
        values.update(revision=revision + 1, stored_at=now())
        self._set_article(article_id, values, content)
        self._clear_facets(article_id)
        self._put_facets([(article_id, doc)])
        return PutResult(article_id, revision + 1, "revised")

    def _set_article(self, article_id: int, values: dict[str, Any], content: dict[str, Any]) -> None:
        """Update one article's row and content."""
        sets = ", ".join(f"{k} = ?" for k in values)
        self._exec(f"UPDATE articles SET {sets} WHERE id = ?", [*values.values(), article_id])
        sets = ", ".join(f"{k} = ?" for k in content)
        self._exec(f"UPDATE article_content SET {sets} WHERE article_id = ?", [*content.values(), article_id])

    def _clear_facets(self, article_id: int) -> None:
        """Delete an article's facet rows and index entry."""
        self._flush_index()
        for table in ("article_entities", "quotes", "article_sources", "events"):
            self._exec(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        self._unindex(article_id)

    def _put_facets(self, docs: list[tuple[int, Document]]) -> None:
        """Insert the entities, quotes, sources and events of articles, and queue their search terms."""
        self._many("INSERT INTO article_entities (article_id, key, name, name_norm, label, mentions, day) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [(article_id, e.key, e.name, e.name_norm, e.label, e.mentions, day)
                    for article_id, doc in docs for day in [facets.day_of(doc.published)]
                    for e in facets.entity_rows(doc)])
        self._many("INSERT INTO quotes (article_id, idx, speaker_key, speaker, text, start_char, end_char) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [(article_id, q.idx, q.speaker_key, q.speaker, q.text, q.start, q.end)
                    for article_id, doc in docs for q in facets.quote_rows(doc)])
        self._many("INSERT INTO article_sources (article_id, key, name, kind, mentions) "
                   "VALUES (?, ?, ?, ?, ?)",
                   [(article_id, s.key, s.name, s.kind, s.mentions)
                    for article_id, doc in docs for s in facets.source_rows(doc)])
        self._many("INSERT INTO events (article_id, idx, code, day, data) VALUES (?, ?, ?, ?, ?)",
                   [(article_id, e.idx, e.code, e.day, json.dumps(e.data, ensure_ascii=False))
                    for article_id, doc in docs for e in facets.event_rows(doc)])
        self._to_index.extend((article_id, *text.index_tokens(doc.title, doc.text))
                              for article_id, doc in docs)

    def _flush_index(self) -> None:
        """Write the queued search terms to the full-text index."""
        if self._to_index:
            rows, self._to_index = self._to_index, []
            self._index_many(rows)

    def replace_analysis(self, article_id: int, doc: Document, *, provenance: Provenance) -> None:
        """Replace the current revision's analysis in place (see Store.replace_analysis)."""
        with self.transaction():
            values, content = self._article_values(doc, urls.content_hash(doc), provenance)
            self._set_article(article_id, values, content)
            self._clear_facets(article_id)
            self._put_facets([(article_id, doc)])

    def known_raw(self, raw_hashes: Sequence[str]) -> set[str]:
        """Raw-input hashes already stored."""
        found: set[str] = set()
        with self._lock:
            for i in range(0, len(raw_hashes), 500):
                chunk = list(raw_hashes[i:i + 500])
                marks = ", ".join("?" for _ in chunk)
                found.update(r[0] for r in self._all(
                    f"SELECT raw_hash FROM ingested_inputs WHERE raw_hash IN ({marks})", chunk))
        return found

    def record_failure(self, *, path: str, line: int | None, reason: str) -> None:
        """Record an input that could not be ingested."""
        with self.transaction():
            self._exec("INSERT INTO ingest_failures (path, line, reason, at) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT DO NOTHING", (path, line or 0, reason, now()))

    # -- reading -------------------------------------------------------------------------------

    def get(self, article_id: int) -> StoredArticle | None:
        """The stored article with this id, or None."""
        with self._lock:
            row = self._one(f"SELECT {STORED_COLS} FROM {STORED_FROM} WHERE a.id = ?", (article_id,))
            if row is None:
                return None
            revs = self._all("SELECT revision, content_hash, stored_at FROM article_revisions "
                             "WHERE article_id = ? ORDER BY revision", (article_id,))
            current = self._one("SELECT revision, content_hash, stored_at FROM articles WHERE id = ?",
                                (article_id,))
        return self._stored(row, [RevisionInfo(int(r[0]), r[1], r[2]) for r in [*revs, current]])

    @staticmethod
    def _stored(row: Sequence[Any], revisions: list[RevisionInfo]) -> StoredArticle:
        """A StoredArticle from a row of ``get``'s columns."""
        data = json.loads(row[4])
        if row[5]:
            data["raw"] = json.loads(row[5])
        prov = Provenance(row[6], json.loads(row[7]), row[8], row[9])
        return StoredArticle(int(row[0]), row[1], row[2], int(row[3]), Document.from_json(data), prov,
                             row[10], revisions)

    def list_articles(self, filters: Filters | None = None, *, limit: int = 20, offset: int = 0,
                      order: Order = "newest") -> Page[ArticleSummary]:
        """Articles matching the filters."""
        _check_limit(limit, offset)
        if order not in ORDERS:
            raise ConfigError(f"unknown order {order!r}; use one of {', '.join(ORDERS)}")
        where, params = filter_sql(filters)
        with self._lock:
            rows = self._all(f"SELECT {SUMMARY_COLS} FROM articles a WHERE 1=1{where} "
                             f"ORDER BY {_ORDER_SQL[order]} LIMIT ? OFFSET ?", [*params, limit, offset])
            total = self._one(f"SELECT COUNT(*) FROM articles a WHERE 1=1{where}", params)[0]
        return Page([_summary(r) for r in rows], int(total), limit, offset)

    def search(self, query: str, filters: Filters | None = None, *, limit: int = 20,
               offset: int = 0) -> Page[Hit]:
        """Full-text search (see Store.search)."""
        _check_limit(limit, offset)
        clauses = text.parse_query(query)
        where, params = filter_sql(filters)
        if not clauses:
            return Page([], 0, limit, offset)
        match = self._match(clauses)
        with self._lock:
            self._flush_index()
            ranks, total = self._ranked(match, where, params, limit=limit, offset=offset)
            rows: dict[int, Any] = {}
            if ranks:
                marks = ", ".join("?" for _ in ranks)
                rows = {int(r[0]): r for r in self._all(
                    f"SELECT {SUMMARY_COLS}, c.text FROM {STORED_FROM} WHERE a.id IN ({marks})",
                    [int(r[0]) for r in ranks])}
        hits = []
        for article_id, rank in ranks:
            row = rows[int(article_id)]
            snip, highs = text.snippet(row[8], clauses)
            hits.append(Hit(_summary(row), float(rank), snip, highs))
        return Page(hits, int(total), limit, offset)

    def _match(self, clauses: list[list[str]]) -> Any:
        """This backend's full-text query for parsed clauses (passed on to the search hooks)."""
        raise NotImplementedError

    def _ranked(self, match: Any, where: str, params: list[Any], *, limit: int,
                offset: int) -> tuple[list[Any], int]:
        """One page of ``(id, rank)`` best first, and the number of matches.

        Ranks the newest ``SEARCH_WINDOW`` matches (more when paging past them).
        """
        ids = self._matching_ids(match, where, params)
        window = ids[:max(SEARCH_WINDOW, offset + limit)]
        if not window or offset >= len(window):
            return [], len(ids)
        rank_sql, rank_params = self._rank_sql(match, window, where, params)
        return self._all(rank_sql, [*rank_params, limit, offset]), len(ids)

    def _entity_counts(self, where: str, params: list[Any], extra: str, extra_params: list[Any],
                       limit: int, offset: int) -> tuple[list[EntityCount], int]:
        """Grouped entity counts over matching articles."""
        join = " JOIN articles a ON a.id = e.article_id" if where else ""
        base = f"FROM article_entities e{join} WHERE 1=1{where}{extra}"
        rows = self._all(f"SELECT e.key, MAX(e.name), MAX(e.label), SUM(e.mentions), COUNT(*) {base} "
                         "GROUP BY e.key ORDER BY SUM(e.mentions) DESC, e.key LIMIT ? OFFSET ?",
                         [*params, *extra_params, limit, offset])
        total = self._one(f"SELECT COUNT(DISTINCT e.key) {base}", [*params, *extra_params])[0]
        return [EntityCount(r[0], r[1], r[2], int(r[3]), int(r[4])) for r in rows], int(total)

    def entities(self, filters: Filters | None = None, *, label: str | None = None,
                 prefix: str | None = None, limit: int = 50, offset: int = 0) -> Page[EntityCount]:
        """Entities of matching articles by mention count."""
        _check_limit(limit, offset)
        where, params = filter_sql(filters)
        extra, extra_params = "", []
        if label:
            extra += " AND e.label = ?"
            extra_params.append(label)
        if prefix:
            extra += " AND e.name_norm LIKE ? ESCAPE '!'"
            p = text.norm_name(prefix)
            extra_params.append(p.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%")
        with self._lock:
            items, total = self._entity_counts(where, params, extra, extra_params, limit, offset)
        return Page(items, total, limit, offset)

    def entity(self, key: str, filters: Filters | None = None, *, related: int = 10,
               latest: int = 10) -> EntityDetail | None:
        """One entity with its timeline, co-occurring entities and latest articles."""
        where, params = filter_sql(filters)
        with self._lock:
            row = self._one("SELECT key FROM article_entities WHERE key = ? OR key = ? OR name_norm = ? "
                            "GROUP BY key ORDER BY SUM(mentions) DESC, key LIMIT 1",
                            (key, _norm_key(key), text.norm_name(key)))
            if row is None:
                return None
            ekey = row[0]
            items, _ = self._entity_counts(where, params, " AND e.key = ?", [ekey], 1, 0)
            if not items:
                items = [EntityCount(ekey, ekey, None, 0, 0)]
            timeline = self._all(
                "SELECT a.day, SUM(e.mentions) FROM article_entities e "
                f"JOIN articles a ON a.id = e.article_id WHERE e.key = ? AND a.day IS NOT NULL{where} "
                "GROUP BY a.day ORDER BY a.day",
                [ekey, *params])
            co = self._all(
                "SELECT o.key, MAX(o.name), MAX(o.label), SUM(o.mentions), COUNT(*) FROM article_entities e "
                "JOIN article_entities o ON o.article_id = e.article_id AND o.key <> e.key "
                f"JOIN articles a ON a.id = e.article_id WHERE e.key = ?{where} "
                "GROUP BY o.key ORDER BY COUNT(*) DESC, SUM(o.mentions) DESC, o.key LIMIT ?",
                [ekey, *params, related])
            arts = self._all(
                f"SELECT {SUMMARY_COLS} FROM articles a WHERE a.id IN "
                f"(SELECT article_id FROM article_entities WHERE key = ?){where} "
                f"ORDER BY {_ORDER_SQL['newest']} LIMIT ?", [ekey, *params, latest])
        return EntityDetail(items[0], [(d, int(n)) for d, n in timeline],
                            [EntityCount(r[0], r[1], r[2], int(r[3]), int(r[4])) for r in co],
                            [_summary(r) for r in arts])

    def speakers(self, filters: Filters | None = None, *, prefix: str | None = None,
                 limit: int = 50, offset: int = 0) -> Page[SpeakerCount]:
        """Quoted speakers by number of quotes."""
        _check_limit(limit, offset)
        where, params = filter_sql(filters)
        join = " JOIN articles a ON a.id = q.article_id" if where else ""
        if prefix:
            where += " AND q.speaker_key LIKE ? ESCAPE '!'"
            p = text.norm_name(prefix)
            params = [*params, p.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"]
        base = f"FROM quotes q{join} WHERE q.speaker_key IS NOT NULL{where}"
        with self._lock:
            rows = self._all(f"SELECT q.speaker_key, MAX(q.speaker), COUNT(*), COUNT(DISTINCT q.article_id) "
                             f"{base} GROUP BY q.speaker_key ORDER BY COUNT(*) DESC, q.speaker_key "
                             "LIMIT ? OFFSET ?", [*params, limit, offset])
            total = self._one(f"SELECT COUNT(DISTINCT q.speaker_key) {base}", params)[0]
        return Page([SpeakerCount(r[0], r[1], int(r[2]), int(r[3])) for r in rows], int(total), limit, offset)

    def quotes(self, filters: Filters | None = None, *, speaker: str | None = None,
               limit: int = 50, offset: int = 0) -> Page[QuoteRow]:
        """Quotes of matching articles, newest first."""
        _check_limit(limit, offset)
        where, params = filter_sql(filters)
        if speaker:
            where += " AND (q.speaker_key = ? OR q.speaker_key = ?)"
            params = [*params, speaker, text.norm_name(speaker)]
        base = f"FROM quotes q JOIN articles a ON a.id = q.article_id WHERE 1=1{where}"
        with self._lock:
            rows = self._all("SELECT q.article_id, q.speaker_key, q.speaker, q.text, q.start_char, "
                             f"q.end_char, a.title, a.published {base} ORDER BY a.published DESC NULLS LAST, "
                             "q.article_id DESC, q.idx LIMIT ? OFFSET ?", [*params, limit, offset])
            total = self._one(f"SELECT COUNT(*) {base}", params)[0]
        return Page([QuoteRow(int(r[0]), *r[1:]) for r in rows], int(total), limit, offset)

    def sources(self, filters: Filters | None = None, *, limit: int = 50,
                offset: int = 0) -> Page[SourceCount]:
        """Reported sources by mention count."""
        _check_limit(limit, offset)
        where, params = filter_sql(filters)
        join = " JOIN articles a ON a.id = s.article_id" if where else ""
        base = f"FROM article_sources s{join} WHERE 1=1{where}"
        with self._lock:
            rows = self._all(f"SELECT s.key, MAX(s.name), MAX(s.kind), SUM(s.mentions), COUNT(*) {base} "
                             "GROUP BY s.key ORDER BY SUM(s.mentions) DESC, s.key LIMIT ? OFFSET ?",
                             [*params, limit, offset])
            total = self._one(f"SELECT COUNT(DISTINCT s.key) {base}", params)[0]
        return Page([SourceCount(r[0], r[1], r[2], int(r[3]), int(r[4])) for r in rows], int(total),
                    limit, offset)

    def portals(self, filters: Filters | None = None) -> list[PortalCount]:
        """Portals by article count."""
        where, params = filter_sql(filters)
        with self._lock:
            rows = self._all(f"SELECT a.portal, COUNT(*), MIN(a.day), MAX(a.day) FROM articles a "
                             f"WHERE a.portal IS NOT NULL{where} GROUP BY a.portal "
                             "ORDER BY COUNT(*) DESC, a.portal", params)
        return [PortalCount(r[0], int(r[1]), r[2], r[3]) for r in rows]

    def events(self, filters: Filters | None = None, *, limit: int = 50,
               offset: int = 0) -> Page[EventRow]:
        """Events of matching articles, newest first."""
        _check_limit(limit, offset)
        where, params = filter_sql(filters)
        base = f"FROM events v JOIN articles a ON a.id = v.article_id WHERE 1=1{where}"
        with self._lock:
            rows = self._all(f"SELECT v.article_id, v.code, v.day, v.data {base} "
                             "ORDER BY v.day DESC NULLS LAST, v.article_id DESC, v.idx LIMIT ? OFFSET ?",
                             [*params, limit, offset])
            total = self._one(f"SELECT COUNT(*) {base}", params)[0]
        return Page([EventRow(int(r[0]), r[1], r[2], json.loads(r[3])) for r in rows], int(total),
                    limit, offset)

    def failures(self, *, limit: int = 50, offset: int = 0) -> Page[Failure]:
        """Recorded ingest failures, latest first."""
        _check_limit(limit, offset)
        with self._lock:
            rows = self._all("SELECT path, line, reason, at FROM ingest_failures ORDER BY id DESC "
                             "LIMIT ? OFFSET ?", (limit, offset))
            total = self._one("SELECT COUNT(*) FROM ingest_failures")[0]
        return Page([Failure(r[0], int(r[1]) or None, r[2], r[3]) for r in rows], int(total), limit, offset)

    def stats(self) -> Stats:
        """Corpus totals."""
        with self._lock:
            arts, first, last = self._one("SELECT COUNT(*), MIN(day), MAX(day) FROM articles")
            counts = [self._one(f"SELECT COUNT(*) FROM {sql}")[0] for sql in (
                "article_revisions", "(SELECT DISTINCT key FROM article_entities) x", "quotes",
                "(SELECT DISTINCT key FROM article_sources) x", "events",
                "(SELECT DISTINCT portal FROM articles WHERE portal IS NOT NULL) x", "ingest_failures")]
        revisions, ents, quotes, srcs, events, portals, fails = (int(c) for c in counts)
        return Stats(int(arts), int(arts) + revisions, ents, quotes, srcs, events, portals, fails,
                     first, last, self.schema_version(), self.backend)

    def outdated(self, current: Provenance, *, limit: int = 1000, after_id: int = 0) -> list[StoredArticle]:
        """Articles with raw text whose analysis differs from ``current``."""
        with self._lock:
            rows = self._all(f"SELECT {STORED_COLS} FROM {STORED_FROM} "
                             "WHERE c.raw_json IS NOT NULL AND a.id > ? AND (a.warta_version <> ? "
                             "OR a.models <> ? OR a.config_hash <> ?) ORDER BY a.id LIMIT ?",
                             (after_id, current.warta_version, _models_json(current.models),
                              current.config_hash, limit))
        return [self._stored(r, []) for r in rows]

    def export(self, fmt: ExportFormat, filters: Filters | None = None) -> Iterator[str]:
        """Lines of an export (see Store.export)."""
        if fmt not in EXPORT_FORMATS:
            raise ConfigError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        where, params = filter_sql(filters)
        if fmt == "gdelt":
            yield exporting.GDELT_HEADER
        elif fmt == "csv":
            yield exporting.csv_line(exporting.CSV_COLUMNS)
        after = 0
        while True:
            with self._lock:
                rows = self._all(f"SELECT a.id, a.canonical_url, c.doc_json FROM {STORED_FROM} "
                                 f"WHERE a.id > ?{where} ORDER BY a.id LIMIT ?",
                                 [after, *params, EXPORT_CHUNK])
            if not rows:
                return
            for article_id, canonical, doc_json in rows:
                if fmt == "jsonl":
                    yield doc_json + "\n"
                    continue
                data = json.loads(doc_json)
                if fmt == "csv":
                    yield exporting.csv_line(exporting.csv_row(int(article_id), canonical, data))
                else:
                    yield from exporting.gdelt_rows(int(article_id), data)
            after = int(rows[-1][0])
