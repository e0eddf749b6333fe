"""Input readers: bytes -> text (encoding detection), and text, HTML or JSONL -> Documents."""

from __future__ import annotations

import re
from typing import Any

from warta import html as html_extract
from warta.model import Document

_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML page rather than article text."""
    return bool(_HTML_START.match(text[:2048])) or ("<p" in text[:5000] and "</" in text[:20000])


def document_from_text(text_or_html: str, **meta: Any) -> Document:
    """Build an unanalysed Document from article text or an HTML page plus metadata."""
    if looks_like_html(text_or_html):
        page = html_extract.extract(text_or_html, url=meta.get("url"))
        meta = {
            "title": page.title, "url": page.url, "source": page.source, "date": page.date, **{
                k: v for k, v in meta.items() if v is not None
            }
        }
        body = page.text
    else:
        body = text_or_html
    return Document(
        id=meta.get("id"),
        source=meta.get("source"),
        url=meta.get("url"),
        title=meta.get("title"),
        meta_date=meta.get("date"),
        raw=body,
    )
