"""The corpus store: analysed articles in SQLite (default) or PostgreSQL, searchable.

    from warta.store import open_store, Filters
    with open_store("sqlite:///corpus.db") as store:
        page = store.search('"harga beras"', Filters(date_from="2024-01-01"))

URLs: ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db``, a plain file path, or
``postgresql://user:pass@host:port/db`` (``postgres://`` too; an empty ``postgresql://`` uses the
``PG*`` environment variables). None means the default SQLite file in the user's data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from warta.errors import ConfigError
from warta.store.base import (
    ArticleSummary,
    EntityCount,
    EntityDetail,
    EventRow,
    Failure,
    Filters,
    Hit,
    Page,
    PortalCount,
    Provenance,
    PutItem,
    PutResult,
    QuoteRow,
    SourceCount,
    Stats,
    Store,
    StoredArticle,
)

__all__ = [
    "ArticleSummary", "EntityCount", "EntityDetail", "EventRow", "Failure", "Filters", "Hit",
    "Page", "PortalCount", "Provenance", "PutItem", "PutResult", "QuoteRow", "SourceCount", "Stats", "Store",
    "StoredArticle", "default_url", "open_store",
]


def default_url() -> str:
    """The default store: ``$WARTA_DB``, else ``warta.db`` in the user's data directory."""
    if os.environ.get("WARTA_DB"):
        return os.environ["WARTA_DB"]
    from platformdirs import user_data_dir

    return f"sqlite:///{Path(user_data_dir('warta', appauthor=False)) / 'warta.db'}"


def open_store(url: str | None = None, *, must_exist: bool = False) -> Store:
    """Open (creating and migrating when needed) the store at ``url``.

    Args:
        url: ``sqlite:///path.db``, ``postgresql://…`` or None for the default SQLite file.
        must_exist: refuse to create a new SQLite file (for commands that only read).

    Returns:
        A Store; close it (or use it as a context manager) when done.
    """
    url = url or default_url()
    path = sqlite_path(url)
    if path is None:
        from warta.store.postgres import PostgresStore

        return PostgresStore(url)
    if must_exist and not Path(path).is_file():
        raise ConfigError(f"no database at {path}; create it with: warta ingest PATH... --db {url}")
    from warta.store.sqlite import SQLiteStore

    return SQLiteStore(path)


def sqlite_path(url: str) -> str | None:
    """The file of a SQLite store URL (or plain path); None for PostgreSQL URLs."""
    if url.startswith(("postgresql:", "postgres:")):
        return None
    if url.startswith("sqlite:"):
        path = url.removeprefix("sqlite:")
        if path.startswith("///"):
            path = path[3:]
        elif path.startswith("//"):
            raise ConfigError(f"bad SQLite URL {url!r}; write sqlite:///relative.db or sqlite:////abs.db")
    elif "://" in url:
        raise ConfigError(f"unsupported database URL {url!r}; use sqlite:///path.db or postgresql://…")
    else:
        path = url
    if not path:
        raise ConfigError(f"no file in SQLite URL {url!r}; write sqlite:///path.db")
    return path
