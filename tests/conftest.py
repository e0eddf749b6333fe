"""Shared fixtures: the shared data folder (skipped when absent, unless WARTA_REQUIRE_DATA=1)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "warta" / "samples"
sys.path.insert(0, str(ROOT / "benchmarks"))


def shared_data_dir() -> Path:
    """The shared data folder: $WARTA_DATA, else ../shared/data beside the repository."""
    return Path(os.environ.get("WARTA_DATA") or ROOT.parent / "shared" / "data")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared corpora; skip when absent, fail when WARTA_REQUIRE_DATA=1 demands them."""
    data = shared_data_dir()
    if not (data / "articles").is_dir():
        if os.environ.get("WARTA_REQUIRE_DATA") == "1":
            pytest.fail(f"WARTA_REQUIRE_DATA=1 but the shared data is missing at {data}")
        pytest.skip(f"shared data not found at {data}")
    return data


@pytest.fixture(scope="session")
def samples() -> Path:
    """The bundled sample articles."""
    return SAMPLES
