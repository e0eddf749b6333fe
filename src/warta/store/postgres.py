"""The PostgreSQL backend: the same schema, search through a tsvector column with a GIN index."""

from __future__ import annotations

import re
from typing import Any

from warta.errors import ConfigError
from warta.store import text
from warta.store.base import Filters, Hit, Page, to_jsonable
from warta.store.sql import SQLStore, now

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

    def _index(self, article_id: int, terms: str) -> None:
        """Store the article's tsvector."""
        self.conn.execute("INSERT INTO article_search (article_id, search) "
                          "VALUES (%s, to_tsvector('simple', %s))", (article_id, terms))

    def _unindex(self, article_id: int) -> None:
        """Remove the article's tsvector."""
        self.conn.execute("DELETE FROM article_search WHERE article_id = %s", (article_id,))

    def _match(self, clauses: list[list[str]]) -> str:
        """The tsquery text."""
        return text.tsquery(clauses)

    def search(self, query: str, filters: Filters | None = None, *, limit: int = 20,
               offset: int = 0) -> Page[Hit]:
        """Full-text search; unfiltered, the GIN index is always used (the planner may scan instead)."""
        with self.transaction():
            if filters is None or not any(to_jsonable(filters).values()):
                self.conn.execute("SET LOCAL enable_seqscan = off")
            return super().search(query, filters, limit=limit, offset=offset)

    def _matching_ids(self, match: str, where: str, params: list[Any]) -> list[int]:
        """Matching ids newest first from the GIN index (joined to articles only when filtered)."""
        join = " JOIN articles a ON a.id = s.article_id" if where else ""
        sql = (f"SELECT s.article_id FROM article_search s{join} WHERE s.search @@ to_tsquery('simple', %s)"
               f"{self._sql(where)} ORDER BY s.article_id DESC")
        return [int(r[0]) for r in self.conn.execute(sql, [match, *params])]

    def _rank_sql(self, match: str, ids: list[int], where: str,
                  params: list[Any]) -> tuple[str, list[Any]]:
        """ts_rank of the given matching ids."""
        return ("SELECT article_id, ts_rank(search, to_tsquery('simple', ?)) AS rank FROM article_search "
                "WHERE article_id = ANY(?) ORDER BY rank DESC, article_id DESC LIMIT ? OFFSET ?",
                [match, ids])

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
