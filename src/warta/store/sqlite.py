"""The SQLite backend: one file, WAL journal, FTS5 index over warta's search terms."""

from __future__ import annotations

import json
import sqlite3
from itertools import chain
from pathlib import Path
from typing import Any

from warta.errors import ConfigError
from warta.store import text
from warta.store.sql import SEARCH_WINDOW, IndexRow, SQLStore, now

BUSY_TIMEOUT_MS = 60_000


class SQLiteStore(SQLStore):
    """A Store in one SQLite file (created with its folder when missing)."""

    backend = "sqlite"
    migrations_dir = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__()

    def _connect(self) -> sqlite3.Connection:
        """Open the file in autocommit mode with WAL and a busy timeout."""
        if self.path != ":memory:":
            Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(Path(self.path).expanduser() if self.path != ":memory:" else self.path,
                                   isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as err:
            raise ConfigError(f"cannot open SQLite database {self.path}: {err}") from None
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA temp_store = MEMORY")
        return conn

    def _begin(self) -> None:
        """Start a write transaction, taking the write lock now."""
        self.conn.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        """Commit."""
        self.conn.execute("COMMIT")

    def _rollback(self) -> None:
        """Roll back (no-op when SQLite already ended the transaction)."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _applied_versions(self) -> set[int]:
        """Versions in schema_version (empty for a new file)."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone():
            return set()
        return {int(r[0]) for r in self.conn.execute("SELECT version FROM schema_version")}

    def _apply_migration(self, version: int, name: str, sql: str) -> bool:
        """Apply one migration inside an immediate transaction, unless already recorded."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                          "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        with self.transaction():
            if self.conn.execute("SELECT 1 FROM schema_version WHERE version = ?", (version,)).fetchone():
                return False
            for statement in _statements(sql):
                self.conn.execute(statement)
            self.conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (version, name, now()))
        return True

    def _index_many(self, rows: list[IndexRow]) -> None:
        """Add articles' terms to the FTS5 table (rowid = article id).

        Called once per transaction: FTS5 writes its pending terms out as a new segment whenever
        another statement of the transaction opens a savepoint, so terms added per article would
        make one small segment per article.
        """
        self.conn.executemany("INSERT INTO articles_fts (rowid, terms) VALUES (?, ?)",
                              [(i, " ".join(chain(toks, pairs))) for i, toks, pairs in rows])

    def _unindex(self, article_id: int) -> None:
        """Remove the article from the FTS5 table."""
        self.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))

    def _match(self, clauses: list[list[str]]) -> str:
        """The FTS5 MATCH expression."""
        return text.fts5_query(clauses)

    def _ranked(self, match: str, where: str, params: list[Any], *, limit: int,
                offset: int) -> tuple[list[Any], int]:
        """Filtered searches rank the allowed matches in one FTS5 pass when they fit the window."""
        if not where:
            return super()._ranked(match, where, params, limit=limit, offset=offset)
        allowed = [r[0] for r in self.conn.execute(f"SELECT a.id FROM articles a WHERE 1=1{where}", params)]
        if not allowed:
            return [], 0
        rows = self.conn.execute(
            "SELECT rowid, -rank, COUNT(*) OVER () FROM articles_fts(?) WHERE +rowid IN "
            "(SELECT value FROM json_each(?)) ORDER BY rank, rowid DESC LIMIT ? OFFSET ?",
            (match, json.dumps(allowed), limit, offset)).fetchall()
        total = int(rows[0][2]) if rows else None
        if total is not None and total <= max(SEARCH_WINDOW, offset + limit):
            return [r[:2] for r in rows], total
        return super()._ranked(match, where, params, limit=limit, offset=offset)

    def _matching_ids(self, match: str, where: str, params: list[Any]) -> list[int]:
        """FTS5 matches, intersected in Python with the filtered ids (two index scans, no join)."""
        ids = [r[0] for r in self.conn.execute(
            "SELECT rowid FROM articles_fts(?) ORDER BY rowid DESC", (match,))]
        if not where or not ids:
            return ids
        allowed = {r[0] for r in self.conn.execute(f"SELECT a.id FROM articles a WHERE 1=1{where}", params)}
        return [i for i in ids if i in allowed]

    def _rank_sql(self, match: str, ids: list[int], where: str,
                  params: list[Any]) -> tuple[str, list[Any]]:
        """BM25 (the FTS5 rank) of ``ids``, in one statement over the matches from the oldest of them.

        One statement, because FTS5 computes the corpus statistics of BM25 once per statement; the
        unary ``+`` keeps the id list a plain filter (a rowid constraint would rerun the query per id).
        """
        if not where:
            return ("SELECT rowid, -rank FROM articles_fts(?) WHERE rowid >= ? "
                    "ORDER BY rank, rowid DESC LIMIT ? OFFSET ?", [match, ids[-1]])
        return ("SELECT rowid, -rank FROM articles_fts(?) WHERE rowid >= ? AND +rowid IN "
                "(SELECT value FROM json_each(?)) ORDER BY rank, rowid DESC LIMIT ? OFFSET ?",
                [match, ids[-1], json.dumps(ids)])

    def optimize(self) -> None:
        """Refresh planner statistics (``PRAGMA optimize``)."""
        with self._lock:
            self.conn.execute("PRAGMA optimize")

    def close(self) -> None:
        """Refresh the planner statistics SQLite asks for (``PRAGMA optimize``) and close."""
        with self._lock:
            if not self.conn.in_transaction:
                self.conn.execute("PRAGMA optimize")
            self.conn.close()


def _statements(sql: str) -> list[str]:
    """The statements of a migration file (split on ``;`` at line ends; comments dropped)."""
    lines = [ln for ln in sql.splitlines() if not ln.lstrip().startswith("--")]
    out, buf = [], []
    for ln in lines:
        buf.append(ln)
        if ln.rstrip().endswith(";") and sqlite3.complete_statement("\n".join(buf)):
            out.append("\n".join(buf))
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf))
    return out


def connect_readonly(path: str) -> Any:
    """A read-only connection to a store file (for checks and tools)."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
