"""Shared helpers of the benchmark scripts: where the shared data is, and writing results."""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"


def data_dir(explicit: str | None = None) -> Path:
    """The shared data folder: --data, else $WARTA_DATA, else ../shared/data beside the repo."""
    if explicit:
        return Path(explicit)
    if os.environ.get("WARTA_DATA"):
        return Path(os.environ["WARTA_DATA"])
    return REPO.parent / "shared" / "data"


def machine() -> dict[str, Any]:
    """A short description of the machine a result was measured on."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d"),
    }


def write_result(name: str, result: dict[str, Any]) -> Path:
    """Write a benchmark result as JSON under benchmarks/out/ and return its path."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    payload = {"benchmark": name, "machine": machine(), **result}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def iter_articles(data: Path, files: list[str] | None = None):
    """Yield (file name, record) for every article of the shared JSONL files."""
    for path in sorted((data / "articles").glob("*.jsonl")):
        if files and path.name not in files:
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                yield path.name, json.loads(line)


def analysed_articles(data: Path, stages: str, n: int, file: str = "indonews-scrapper.jsonl") -> list:
    """The first ``n`` non-empty shared articles of ``file`` run through ``stages``."""
    from warta.pipeline import Pipeline
    from warta.readers import document_from_record

    pipe = Pipeline(stages)
    docs = []
    for _, rec in iter_articles(data, [file]):
        if len(docs) >= n:
            break
        if (rec.get("text") or "").strip():
            docs.append(pipe(document_from_record(rec)))
    return docs
