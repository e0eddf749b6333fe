"""Fuzzing the HTTP API from its OpenAPI spec with schemathesis: no input may cause a 5xx.

Bounded: a few dozen generated requests per operation (valid and invalid ones), with the API key
sent so that ``POST /articles`` reaches the analysis pipeline and the store.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from warta.api import create_app
from warta.web.demo import demo_documents, seed_store

KEY = "kunci-fuzz"
EXAMPLES = 15
FOLDER = Path(tempfile.mkdtemp(prefix="warta-fuzz-"))
DB_URL = f"sqlite:///{FOLDER / 'warta.db'}"
APP = create_app(DB_URL, api_key=KEY)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def demo_store() -> Iterator[None]:
    """Fill the app's store with the demo articles; remove it afterwards."""
    seed_store(DB_URL, demo_documents())
    yield
    APP.state.store.close()
    shutil.rmtree(FOLDER, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz_no_server_errors(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error], headers={"X-API-Key": KEY})
