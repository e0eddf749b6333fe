"""Scorers behind ``warta eval TASK PATH``: one module per task, each exposing ``evaluate``.

A task module ``warta.evaluation.<task>`` defines ``evaluate(path: str) -> dict`` returning the
JSON-ready scores, and raises :class:`~warta.errors.InputError` for unusable gold files.
"""

from __future__ import annotations

import importlib
import pkgutil

from warta.errors import ConfigError


def tasks() -> list[str]:
    """Names of the evaluation tasks that exist in this installation."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def evaluate(task: str, path: str) -> dict:
    """Score the pipeline on a gold file or folder for one task."""
    if task not in tasks():
        raise ConfigError(f"unknown evaluation task {task!r}; known: {', '.join(tasks()) or 'none'}")
    return importlib.import_module(f"warta.evaluation.{task}").evaluate(path)
