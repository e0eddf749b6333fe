"""The clean stage (under construction): copies raw text to clean text one-to-one."""

from __future__ import annotations

from warta.model import Document, OffsetMap


def run(doc: Document) -> Document:
    """Not implemented yet: the clean text is the raw text."""
    doc.text = doc.raw
    doc.offsets = OffsetMap([(0, 0, len(doc.raw))] if doc.raw else [])
    return doc
