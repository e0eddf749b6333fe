"""Provenance of an analysis: warta version, stage model versions and a configuration hash.

``warta reanalyze`` re-runs the pipeline on stored articles whose provenance differs from
:func:`current_provenance`. A stage module declares its model with ``MODEL_VERSION = "..."``;
the config hash covers every data file of ``warta.resources`` and ``warta.models`` (patterns,
lexicons, gazetteers, weights), so changing any of them makes stored analyses outdated.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from warta import __version__
from warta.pipeline import REGISTRY, Pipeline, parse_stages
from warta.store.base import Provenance
from warta.store.sql import now

DATA_PACKAGES = ("warta.resources", "warta.models")
"""Packages whose data files (patterns, lexicons, gazetteers, model weights) the config hash covers."""
IMPORTED_CONFIG = "imported"
"""Config hash of Documents stored as given (analysed elsewhere, by an unknown configuration)."""


def _walk(entry: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    """(relative name, file) of every data file below a package folder."""
    for child in sorted(entry.iterdir(), key=lambda e: e.name):
        name = f"{prefix}/{child.name}"
        if child.is_dir() and child.name != "__pycache__":
            yield from _walk(child, name)
        elif child.is_file() and not child.name.endswith((".py", ".pyc")):
            yield name, child


@cache
def _data_digest() -> tuple[tuple[str, str], ...]:
    """(name, SHA-256) of every shipped data file: resources (patterns, lexicons) and models."""
    out = []
    for package in DATA_PACKAGES:
        if importlib.util.find_spec(package) is None:
            continue
        for name, entry in _walk(resources.files(package), package):
            out.append((name, hashlib.sha256(entry.read_bytes()).hexdigest()))
    return tuple(out)


def current_provenance(pipe: Pipeline | None = None, *, stamp: bool = True) -> Provenance:
    """The provenance of analyses made now with ``pipe`` (default: all stages).

    Args:
        pipe: the pipeline, or None for the default one.
        stamp: set ``analysed_at`` to now.

    Returns:
        warta version, ``{stage: MODEL_VERSION}`` and a hash of stage list and resource files.
    """
    names = pipe.names if pipe is not None else parse_stages(None)
    models: dict[str, str] = {}
    for stage in REGISTRY:
        if stage.name in names:
            version = getattr(importlib.import_module(stage.module), "MODEL_VERSION", None)
            if version:
                models[stage.name] = str(version)
    config = {"stages": list(names), "data": dict(_data_digest())}
    digest = hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:16]
    return Provenance(__version__, models, digest, now() if stamp else None)


def imported_provenance() -> Provenance:
    """Provenance of a Document stored as given (``warta analyze --format jsonl`` output)."""
    return Provenance(__version__, {}, IMPORTED_CONFIG, now())
