"""Input readers: bytes to text (encoding detection), and text, HTML or JSONL to Documents.

Unusable input raises :class:`~warta.errors.InputError` naming the file (and line). A batch reader
yields the error for a bad record in place of its Document and goes on with the rest.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warta import html as html_extract
from warta.errors import InputError
from warta.model import Document

MAX_ARTICLE_BYTES = 10_000_000
"""Largest single article (text or HTML page) accepted; a real article is far below 1 MB."""
MAX_LINE_BYTES = 10_000_000
"""Largest JSONL record accepted."""
ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".jsonl", ".ndjson"}
META_FIELDS = ("id", "source", "url", "title", "date")

_HTML_START = re.compile(rb"\A\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<meta|<article|<div|<p\b)",
                         re.IGNORECASE)
_HTML_TAGS = re.compile(r"<(?:p|div|br|span|a|html|body|article)\b[^>]*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML page or fragment rather than article text."""
    head = text[:4096]
    if _HTML_START.match(head.encode("utf-8", "ignore")):
        return True
    return len(_HTML_TAGS.findall(text[:20000])) >= 3


def _control_share(text: str) -> float:
    """Share of control characters other than tab and line breaks."""
    if not text:
        return 0.0
    sample = text[:100_000]
    bad = sum(1 for ch in sample if ch not in "\t\n\r\f" and unicodedata.category(ch) == "Cc")
    return bad / len(sample)


def decode(data: bytes, *, path: str | None = None) -> str:
    """Decode article bytes: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252; reject binary."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(f"broken UTF-16 text ({err.reason})", path=path) from None
    elif b"\x00" in data[:65536]:
        raise InputError("binary file (NUL bytes), not article text, HTML or JSONL", path=path)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise InputError("unknown text encoding (not UTF-8, UTF-16 or cp1252)", path=path) from None
    if _control_share(text) > 0.05:
        raise InputError("binary data (mostly control characters), not article text", path=path)
    if not text.strip():
        raise InputError("empty input: no text", path=path)
    return text


def document_from_text(text_or_html: str, **meta: Any) -> Document:
    """Build an unanalysed Document from article text or an HTML page plus metadata."""
    meta = {k: v for k, v in meta.items() if v is not None}
    if looks_like_html(text_or_html):
        page = html_extract.extract(text_or_html, url=meta.get("url"))
        found = {"title": page.title, "url": page.url, "source": page.source, "date": page.date}
        meta = {**{k: v for k, v in found.items() if v}, **meta}
        body = page.text
    else:
        body = text_or_html
    return Document(
        id=_str(meta.get("id")),
        source=_str(meta.get("source")),
        url=_str(meta.get("url")),
        title=_str(meta.get("title")),
        meta_date=_str(meta.get("date")),
        raw=body,
    )


def _str(value: Any) -> str | None:
    """A metadata value as a string (None stays None)."""
    return None if value is None else str(value)


def document_from_record(record: Any, *, path: str | None = None, line: int | None = None) -> Document:
    """Build a Document from one JSONL record: a raw article or an analysed Document JSON."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}", path=path, line=line)
    if "schema_version" in record:
        return Document.from_json(record)
    body = record.get("html") or record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError('record has no "text" or "html" string', path=path, line=line)
    meta = {k: record.get(k) for k in META_FIELDS}
    meta["id"] = meta["id"] if meta["id"] is not None else (f"{Path(path).stem}:{line}" if path else None)
    doc = document_from_text(body, **meta)
    if not doc.raw.strip():
        raise InputError("no article body found in the HTML", path=path, line=line)
    return doc


def read_jsonl(text: str, *, path: str | None = None) -> Iterator[Document | InputError]:
    """Documents of a JSONL text, one per non-blank line; a bad line yields its InputError."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE_BYTES:
            yield InputError(f"record too large ({len(line) / 1e6:.1f} MB)", path=path, line=number)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(f"malformed JSON ({err.msg}, column {err.colno})", path=path, line=number)
            continue
        try:
            yield document_from_record(record, path=path, line=number)
        except InputError as err:
            yield err


def _is_jsonl(name: str, text: str) -> bool:
    """JSONL by suffix, or by content when the name says nothing (stdin)."""
    suffix = Path(name).suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return True
    return suffix == "" and text.lstrip().startswith("{")


def read_bytes(data: bytes, *, name: str) -> Iterator[Document | InputError]:
    """Documents from the bytes of one input (a text or HTML article, or JSONL)."""
    if len(data) > MAX_ARTICLE_BYTES and not name.lower().endswith((".jsonl", ".ndjson")):
        yield InputError(
            f"file too large for one article ({len(data) / 1e6:.1f} MB > {MAX_ARTICLE_BYTES / 1e6:.0f} MB);"
            " split it or give JSONL",
            path=name,
        )
        return
    try:
        text = decode(data, path=name)
    except InputError as err:
        yield err
        return
    if _is_jsonl(name, text):
        yield from read_jsonl(text, path=name)
        return
    stem = Path(name).stem if name != "-" else None
    doc = document_from_text(text, id=stem)
    if not doc.raw.strip():
        yield InputError("no article body found in the HTML", path=name)
        return
    yield doc


def iter_paths(paths: list[str]) -> Iterator[str]:
    """Expand directories into their article files (sorted); "-" stands for standard input."""
    for p in paths:
        if p != "-" and Path(p).is_dir():
            yield from (str(f) for f in sorted(Path(p).rglob("*"))
                        if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES)
        else:
            yield p


def read_inputs(paths: list[str]) -> Iterator[Document | InputError]:
    """Documents (or InputErrors) from files, directories and "-" (standard input)."""
    for name in iter_paths(paths):
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(name)
            if not path.exists():
                yield InputError("no such file or directory", path=name)
                continue
            try:
                data = path.read_bytes()
            except OSError as err:
                yield InputError(f"cannot read ({err.strerror})", path=name)
                continue
        yield from read_bytes(data, name=name)
