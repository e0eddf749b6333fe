"""The PostgreSQL backend: the same schema, search through two tsvector columns with one GIN index.

``article_search.search`` holds an article's terms with positions (read for ranking) and ``pairs``
its phrase bigrams without positions (only looked up in the index); see ``text.index_tokens``.
"""

from __future__ import annotations

import re
from typing import Any

from warta.errors import ConfigError
from warta.store import text
from warta.store.base import Filters, Hit, Page, to_jsonable
from warta.store.sql import SEARCH_WINDOW, IndexRow, SQLStore, now

MIGRATION_LOCK = 0x77617274  # "wart": advisory lock taken while migrating
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def redact(url: str) -> str:
    """The URL with its password replaced by ``***``."""
    return _PASSWORD.sub(r"\1***@", url)


class PostgresStore(SQLStore):
    """A Store in a PostgreSQL database (``postgresql://…``; an empty URL uses the PG* variables)."""

    backend = "postgresql"
    migrations_dir = "postgres"
    placeholder = "%s"

    def __init__(self, url: str) -> None:
        self.url = "postgresql://" + url.split("://", 1)[1] if url.startswith("postgres://") else url
        super().__init__()

    def _connect(self) -> Any:
        """Connect in autocommit mode (transactions are explicit)."""
        import psycopg

        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10,
                                   application_name="warta")
        except psycopg.Error as err:
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise ConfigError(f"cannot connect to PostgreSQL at {redact(self.url)}: {reason}") from None

    def _begin(self) -> None:
        """Start a transaction."""
        self.conn.execute("BEGIN")

    def _commit(self) -> None:
        """Commit."""
        self.conn.execute("COMMIT")

    def _rollback(self) -> None:
        """Roll back (safe when the connection is already idle)."""
        if not self.conn.closed:
            self.conn.execute("ROLLBACK")

    def _applied_versions(self) -> set[int]:
        """Versions in schema_version (empty for a new database or schema)."""
        if self.conn.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
            return set()
        return {int(r[0]) for r in self.conn.execute("SELECT version FROM schema_version")}

    def _apply_migration(self, version: int, name: str, sql: str) -> bool:
        """Apply one migration under an advisory lock, unless already recorded."""
        with self.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                              "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            if self.conn.execute("SELECT 1 FROM schema_version WHERE version = %s", (version,)).fetchone():
                return False
            self.conn.execute(sql.encode("utf-8"))
            self.conn.execute("INSERT INTO schema_version VALUES (%s, %s, %s)", (version, name, now()))
        return True

    def _index_many(self, rows: list[IndexRow]) -> None:
        """Store articles' terms (with positions, for ranking) and bigrams (without) as tsvectors."""
        self.conn.cursor().executemany(
            "INSERT INTO article_search (article_id, search, pairs) "
            "VALUES (%s, to_tsvector('simple', %s), array_to_tsvector(string_to_array(%s, ' ')))",
            [(article_id, " ".join(toks), " ".join(pairs)) for article_id, toks, pairs in rows])

    def _unindex(self, article_id: int) -> None:
        """Remove the article's tsvector."""
        self.conn.execute("DELETE FROM article_search WHERE article_id = %s", (article_id,))

    def _match(self, clauses: list[list[str]]) -> tuple[str, str, str]:
        """The tsquery texts: required words, required bigrams, ranking words."""
        return text.tsqueries(clauses)

    def search(self, query: str, filters: Filters | None = None, *, limit: int = 20,
               offset: int = 0) -> Page[Hit]:
        """Full-text search; unfiltered, the GIN index is always used (the planner may scan instead)."""
        with self.transaction():
            if filters is None or not any(to_jsonable(filters).values()):
                self.conn.execute("SET LOCAL enable_seqscan = off")
            return super().search(query, filters, limit=limit, offset=offset)

    def _ranked(self, match: tuple[str, str, str], where: str, params: list[Any], *, limit: int,
                offset: int) -> tuple[list[Any], int]:
        """Counts the matches and ranks the newest of them in one statement; only the page comes back.

        (Fetching every matching id into Python, as the shared version does, costs more than the
        search itself when a word is in thousands of articles.)
        """
        conds, args = _match_sql(match)
        join = " JOIN articles a ON a.id = s.article_id" if where else ""
        found = f"FROM article_search s{join} WHERE {conds}{self._sql(where)}"
        rows = self.conn.execute(  # the fence keeps the planner from reading ids newest first instead
            f"WITH f AS MATERIALIZED (SELECT s.article_id {found}), "
            "m AS (SELECT article_id, count(*) OVER () AS total FROM f ORDER BY article_id DESC LIMIT %s) "
            "SELECT m.article_id, ts_rank(s.search, to_tsquery('simple', %s)) AS rank, m.total "
            "FROM m JOIN article_search s ON s.article_id = m.article_id "
            "ORDER BY rank DESC, m.article_id DESC LIMIT %s OFFSET %s",
            [*args, *params, max(SEARCH_WINDOW, offset + limit), match[2], limit, offset]).fetchall()
        if rows:
            return [r[:2] for r in rows], int(rows[0][2])
        return [], int(self.conn.execute(f"SELECT count(*) {found}", [*args, *params]).fetchone()[0])

    def optimize(self) -> None:
        """Move pending GIN entries into the index and refresh planner statistics."""
        with self._lock:
            self.conn.execute("SELECT gin_clean_pending_list('article_search_gin'::regclass)")
            self.conn.execute("ANALYZE articles, article_search, article_entities, quotes, article_sources, "
                              "events")

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self.conn.close()


def _match_sql(match: tuple[str, str, str]) -> tuple[str, list[str]]:
    """The conditions on ``article_search s`` for the required words and bigrams, and their parameters."""
    words, pairs, _ = match
    conds, args = [], []
    if words:
        conds.append("s.search @@ to_tsquery('simple', %s)")
        args.append(words)
    if pairs:
        conds.append("s.pairs @@ to_tsquery('simple', %s)")
        args.append(pairs)
    return " AND ".join(conds), args
