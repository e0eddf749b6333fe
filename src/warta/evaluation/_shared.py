"""What the scorers of our own gold files share: the shared corpora, gold records and their articles."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from warta.errors import InputError
from warta.model import Document


def data_dir(gold: Path) -> Path:
    """The shared data folder for a gold file: $WARTA_DATA, else a shared/data above the gold file."""
    if os.environ.get("WARTA_DATA"):
        return Path(os.environ["WARTA_DATA"])
    for parent in gold.resolve().parents:
        candidate = parent / "shared" / "data"
        if (candidate / "articles").is_dir():
            return candidate
    raise InputError("cannot find the shared articles for this gold; set WARTA_DATA", path=str(gold))


def articles(data: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The shared article records named by (file, id), read in one pass per file."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for name in sorted({f for f, _ in wanted}):
        with (data / "articles" / name).open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if (name, rec["id"]) in wanted:
                    out[(name, rec["id"])] = rec
    return out


def gold_article(records: dict[tuple[str, str], dict[str, Any]], gold: dict[str, Any],
                 path: str | Path) -> dict[str, Any]:
    """The shared record a gold item names, checked against the raw text it was annotated on."""
    rec = records.get((gold["file"], gold["id"]))
    if rec is None:
        raise InputError(f"article {gold['id']} not in {gold['file']}", path=str(path))
    if hashlib.sha1(rec["text"].encode("utf-8")).hexdigest() != gold["sha1_raw"]:
        raise InputError(f"raw text of {gold['id']} differs from the annotated one", path=str(path))
    return rec


def gold_records(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a gold JSONL file; unreadable files and bad lines are one-line errors."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read ({getattr(err, 'strerror', None) or err})", path=str(path)) from None
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"malformed JSON ({err.msg})", path=str(path), line=n) from None
        if not isinstance(rec, dict):
            raise InputError("expected a JSON object", path=str(path), line=n)
        out.append(rec)
    return out


def clean_span(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """Clean-text span of a raw span, or None when the cleaner dropped either end."""
    a, b = doc.offsets.to_clean(start), doc.offsets.to_clean(end - 1)
    return (a, b + 1) if a is not None and b is not None else None
