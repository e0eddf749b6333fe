"""The meta stage (under construction)."""

from __future__ import annotations

from warta.model import Document


def run(doc: Document) -> Document:
    """Not implemented yet: returns the document unchanged."""
    return doc
