"""Lexicons, patterns and settings as data files; these helpers read them once per process."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


def read_text(name: str) -> str:
    """The text of a resource file."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


@cache
def load_toml(name: str) -> dict[str, Any]:
    """A TOML resource file, parsed once."""
    with resources.files(__name__).joinpath(name).open("rb") as fh:
        return tomllib.load(fh)


@cache
def word_list(name: str) -> frozenset[str]:
    """A one-entry-per-line resource file (``#`` lines are comments)."""
    lines = (w.strip() for w in read_text(name).splitlines())
    return frozenset(w for w in lines if w and not w.startswith("#"))
