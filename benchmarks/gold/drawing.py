"""Shared by the seeded draw scripts of benchmarks/gold/: reading shared JSONL, writing a draw list."""

from __future__ import annotations

import json
from pathlib import Path


def load(path: Path) -> list[dict]:
    """The records of a shared JSONL file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_draw(rows: list[dict], out: Path) -> str:
    """Write a draw list (stable formatting, so a redraw is byte-identical) and describe it."""
    out.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    per: dict[str, int] = {}
    for r in rows:
        per[r["split"]] = per.get(r["split"], 0) + 1
    return f"drew {len(rows)} articles from {len({r['source'] for r in rows})} portals -> {out} ({per})"
