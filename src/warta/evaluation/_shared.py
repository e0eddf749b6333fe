"""What the scorers of our own gold files share: finding the shared corpora and their articles."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from warta.errors import InputError


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
