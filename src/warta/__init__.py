"""warta: structured, searchable intelligence from Indonesian news."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("warta")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

from warta.pipeline import analyze  # noqa: E402

__all__ = ["__version__", "analyze"]
