"""Article extraction from HTML pages (trafilatura plus portal-aware post-processing)."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura


@dataclass(slots=True)
class Extracted:
    """What an HTML page yields: body text (paragraphs on their own lines) and metadata."""

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None


def extract(html: str, *, url: str | None = None) -> Extracted:
    """Extract the article body and metadata from one HTML page."""
    doc = trafilatura.bare_extraction(html, url=url, favor_precision=True, with_metadata=True)
    if doc is None:
        return Extracted(text="", url=url)
    return Extracted(
        text=doc.text or "",
        title=doc.title,
        date=doc.date,
        url=doc.url or url,
        source=doc.sitename,
        language=doc.language,
    )
