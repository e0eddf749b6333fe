"""Errors warta raises. Each message says what went wrong, where, and what to do about it.

Only the CLI catches them: it prints one line and exits with ``exit_code``.
"""

from __future__ import annotations


class WartaError(Exception):
    """Base class of every error warta raises on purpose."""

    exit_code = 1


class InputError(WartaError):
    """Unusable input: empty, binary, undecodable, too large or malformed."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")
        self.reason = message


class ConfigError(WartaError):
    """A bad option: unknown stage name, missing prerequisite stage, bad value."""

    exit_code = 2
