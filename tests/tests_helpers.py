"""What several test modules share: paths, and fresh store URLs for each backend."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from warta.model import Document

ROOT = Path(__file__).resolve().parents[1]
BASELINES = ROOT / "benchmarks" / "baselines"
BACKENDS = ("sqlite", "postgresql")


def pg_base_url() -> str | None:
    """The PostgreSQL server to test against, or None."""
    if os.environ.get("WARTA_TEST_PG_URL"):
        return os.environ["WARTA_TEST_PG_URL"]
    if any(os.environ.get(v) for v in ("PGHOST", "PGPORT", "PGDATABASE")):
        return "postgresql://"
    return None


def _pg_unavailable(reason: str) -> None:
    """Skip, or fail when WARTA_REQUIRE_SERVICES=1 demands PostgreSQL."""
    if os.environ.get("WARTA_REQUIRE_SERVICES") == "1":
        pytest.fail(f"WARTA_REQUIRE_SERVICES=1 but PostgreSQL is unavailable: {reason}")
    pytest.skip(f"PostgreSQL unavailable: {reason}")


def _with_options(base: str, schema: str) -> str:
    """The URL with ``search_path`` set to ``schema``."""
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@contextmanager
def backend_url(kind: str, folder: Path) -> Iterator[str]:
    """A fresh, empty store URL: a file in ``folder``, or a new PostgreSQL schema dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'store-{uuid.uuid4().hex[:8]}.db'}"
        return
    base = pg_base_url()
    if base is None:
        _pg_unavailable("no WARTA_TEST_PG_URL or PG* variables")
    import psycopg

    schema = f"wt_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(base, autocommit=True, connect_timeout=5)
    except psycopg.Error as err:
        _pg_unavailable(str(err).strip().splitlines()[0] if str(err).strip() else repr(err))
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield _with_options(base, schema)
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def doc_with_mentions(text: str, mentions: list[tuple[str, str]]) -> Document:
    """A document whose entity mentions are the given (surface, label) pairs, in order of appearance."""
    entities, pos = [], 0
    for surface, label in mentions:
        m = re.compile(re.escape(surface)).search(text, pos)
        assert m, surface
        entities.append({"start": m.start(), "end": m.end(), "text": surface, "label": label,
                         "confidence": None})
        pos = m.end()
    return Document(text=text, entities=entities)
