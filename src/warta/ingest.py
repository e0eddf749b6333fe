"""Batch ingest into a store: read, analyse (optionally in worker processes), store in batches.

Every batch is one transaction, so an interrupted ingest (even ``kill -9``) leaves whole batches
behind, and running it again skips what is stored (raw inputs by a hash of the input, before
analysis; analysed Documents by identity and content) and completes the rest. Inputs that cannot
be read or analysed are recorded in ``ingest_failures`` with the reason; the batch goes on.
Writes stay in the calling process; ``workers`` > 1 only spreads the analysis.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.errors import InputError, WartaError
from warta.model import Document
from warta.pipeline import Pipeline
from warta.readers import MAX_LINE_BYTES, decode, document_from_record, iter_paths, read_inputs
from warta.store.base import Provenance, PutItem, Store
from warta.store.provenance import current_provenance, imported_provenance
from warta.store.sql import now
from warta.store.urls import raw_hash

log = logging.getLogger(__name__)

BATCH_SIZE = 200
"""Articles per transaction."""
OPTIMIZE_AFTER = 1000
"""Articles stored in one run after which the store's statistics and indexes are refreshed."""
MAX_ERRORS = 100
"""Failure messages kept in IngestCounts.errors (all are recorded in the store)."""


@dataclass(slots=True)
class IngestCounts:
    """Running totals of an ingest or reanalysis."""

    stored: int = 0
    revised: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @property
    def seen(self) -> int:
        """Inputs handled so far."""
        return self.stored + self.revised + self.skipped + self.failed

    @property
    def rate(self) -> float:
        """Inputs per second so far."""
        return self.seen / max(time.monotonic() - self.started, 1e-9)

    def line(self) -> str:
        """A one-line summary."""
        return (f"stored {self.stored}, revised {self.revised}, skipped {self.skipped}, "
                f"failed {self.failed} ({self.rate:.0f}/s)")


Progress = Callable[[IngestCounts], None]


def is_analysed(doc: Document) -> bool:
    """True for a Document read from Document JSON; False for a raw article still to analyse."""
    return bool(doc.stages or doc.text or doc.sentences or doc.warnings)


def unanalysed_copy(doc: Document) -> Document:
    """A fresh raw Document (text and metadata only) to analyse again."""
    return Document(id=doc.id, source=doc.source, url=doc.url, title=doc.title, meta_date=doc.meta_date,
                    raw=doc.raw)


# -- analysis in worker processes --------------------------------------------------------------

_WORKER_PIPE: Pipeline | None = None


def _init_worker(stages: Sequence[str]) -> None:
    """Build the pipeline once per worker process."""
    global _WORKER_PIPE
    _WORKER_PIPE = Pipeline(list(stages))


def _analyse_safely(pipe: Pipeline, doc: Document) -> Document | str:
    """The analysed Document, or the reason it could not be analysed (the batch goes on)."""
    try:
        return pipe(doc)
    except WartaError as err:
        return str(err)
    except Exception as err:  # a stage bug must not stop the batch: it is logged and recorded
        log.exception("analysis failed for %s", doc.id or doc.url)
        return f"analysis failed ({type(err).__name__}: {err})"


def _analyse_in_worker(doc: Document) -> Document | str:
    """Worker entry point."""
    global _WORKER_PIPE
    if _WORKER_PIPE is None:
        _WORKER_PIPE = Pipeline()
    return _analyse_safely(_WORKER_PIPE, doc)


class _Analyser:
    """Analyses lists of raw Documents here or in worker processes; nothing is loaded until needed."""

    def __init__(self, stages: str | Sequence[str] | None, workers: int) -> None:
        self.stages, self.workers = stages, workers
        self._pipe: Pipeline | None = None
        self._prov: Provenance | None = None
        self.pool: Any = None

    @property
    def pipe(self) -> Pipeline:
        """The pipeline (stage modules and models load on first use)."""
        if self._pipe is None:
            self._pipe = Pipeline(self.stages)
        return self._pipe

    @property
    def provenance(self) -> Provenance:
        """The provenance of this analyser's results (without a time stamp)."""
        if self._prov is None:
            self._prov = current_provenance(self.pipe, stamp=False)
        return self._prov

    def __call__(self, docs: list[Document]) -> list[Document | str]:
        """Results in input order."""
        if self.workers < 2 or len(docs) < 2:
            return [_analyse_safely(self.pipe, d) for d in docs]
        if self.pool is None:
            ctx = multiprocessing.get_context("spawn")
            self.pool = ctx.Pool(self.workers, initializer=_init_worker, initargs=(list(self.pipe.names),))
        return self.pool.map(_analyse_in_worker, docs, chunksize=max(1, len(docs) // (4 * self.workers)))

    def close(self) -> None:
        """Stop the worker processes."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


# -- reading -----------------------------------------------------------------------------------------

Item = tuple[str, Document | InputError, str | None]
"""(input path, Document or the error reading it, the Document JSON text when read as such)."""


def _document_line(record: dict[str, Any], line: str) -> tuple[Document, str]:
    """A Document JSON record as a Document for indexing (no spans parsed) and the JSON to store."""
    light = {k: v for k, v in record.items() if k not in ("tokens", "sentences")}
    doc = Document.from_json(light)
    if "raw" in record:
        record = {k: v for k, v in record.items() if k != "raw"}
        return doc, json.dumps(record, ensure_ascii=False)
    return doc, line.strip()


def _jsonl_items(name: str, data: bytes) -> Iterator[Item]:
    """Items of a JSONL file; Document JSON lines are kept as text (stored as given, not re-encoded)."""
    try:
        text = decode(data, path=name)
    except InputError as err:
        yield name, err, None
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE_BYTES:
            err = InputError(f"record too large ({len(line) / 1e6:.1f} MB)", path=name, line=number)
            yield name, err, None
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield name, InputError(f"malformed JSON ({err.msg}, column {err.colno})", path=name,
                                   line=number), None
            continue
        if isinstance(record, dict) and "schema_version" in record:
            if not isinstance(record.get("text"), str):
                yield name, InputError('Document JSON without a "text" string', path=name, line=number), None
                continue
            doc, doc_json = _document_line(record, line)
            yield name, doc, doc_json
            continue
        try:
            yield name, document_from_record(record, path=name, line=number), None
        except InputError as err:
            yield name, err, None


def _items(paths: Sequence[str]) -> Iterator[Item]:
    """Items of every input: JSONL files read here, everything else by ``warta.readers``."""
    for name in iter_paths(list(paths)):
        path = Path(name)
        if name != "-" and path.suffix.lower() in {".jsonl", ".ndjson"} and path.is_file():
            try:
                data = path.read_bytes()
            except OSError as err:
                yield name, InputError(f"cannot read ({err.strerror})", path=name), None
                continue
            yield from _jsonl_items(name, data)
            continue
        for item in read_inputs([name]):
            yield name, item, None


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive lists of at most ``size`` items."""
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _where(path: str, doc: Document) -> str:
    """Where a Document came from, for failure records."""
    return f"{path} ({doc.id})" if doc.id and doc.id != path else path


# -- ingest ----------------------------------------------------------------------------------------

def ingest(paths: Sequence[str], store: Store, *, workers: int = 1, batch_size: int = BATCH_SIZE,
           stages: str | Sequence[str] | None = None, progress: Progress | None = None) -> IngestCounts:
    """Analyse and store articles from files, directories, raw JSONL and Document JSONL.

    Args:
        paths: files, directories or "-" (standard input), as for ``warta analyze``.
        store: the target store.
        workers: analysis processes (1 analyses in this process).
        batch_size: articles per transaction.
        stages: stages to run on raw articles (default: all). Document JSON is stored as given.
        progress: called with the running counts after every batch.

    Returns:
        The final counts.
    """
    if stages is not None:
        Pipeline(stages)  # check the stage names before reading anything
    counts = IngestCounts()
    analyser = _Analyser(stages, workers)
    try:
        for batch in _batches(_items(paths), batch_size):
            _ingest_batch(batch, store, analyser, counts)
            if progress:
                progress(counts)
    finally:
        analyser.close()
    if counts.stored + counts.revised >= OPTIMIZE_AFTER:
        store.optimize()
    return counts


def _ingest_batch(batch: list[Item], store: Store, analyser: _Analyser, counts: IngestCounts) -> None:
    """Analyse what is new in one batch and store it in one transaction."""
    failures: list[tuple[str, int | None, str]] = []
    ready: list[tuple[Document, Provenance, str | None, str | None]] = []
    raw: list[tuple[str, Document, str]] = []
    imported = imported_provenance()
    for path, item, doc_json in batch:
        if isinstance(item, InputError):
            failures.append((item.path or path, item.line, item.reason))
        elif doc_json is not None or is_analysed(item):
            ready.append((item, imported, None, doc_json))
        else:
            raw.append((path, item, raw_hash(item)))
    known = store.known_raw([h for _, _, h in raw]) if raw else set()
    todo = [(p, d, h) for p, d, h in raw if h not in known]
    counts.skipped += len(raw) - len(todo)
    if todo:
        prov = analyser.provenance
        done = Provenance(prov.warta_version, prov.models, prov.config_hash, now())
        for (path, doc, digest), result in zip(todo, analyser([d for _, d, _ in todo]), strict=True):
            if isinstance(result, str):
                failures.append((_where(path, doc), None, result))
            else:
                ready.append((result, done, digest, None))
    with store.transaction():
        for result in store.put_many([PutItem(*r) for r in ready]):
            setattr(counts, result.status, getattr(counts, result.status) + 1)
        for path, line, reason in failures:
            store.record_failure(path=path, line=line, reason=reason)
    counts.failed += len(failures)
    for path, line, reason in failures:
        where = f"{path}:{line}" if line else path
        log.info("ingest failure %s: %s", where, reason)
        if len(counts.errors) < MAX_ERRORS:
            counts.errors.append(f"{where}: {reason}")


def reanalyze(store: Store, *, workers: int = 1, batch_size: int = BATCH_SIZE,
              stages: str | Sequence[str] | None = None, progress: Progress | None = None) -> IngestCounts:
    """Re-run the pipeline on stored raw articles whose analysis is outdated.

    Args:
        store: the store to update in place (the revision number stays; provenance is renewed).
        workers: analysis processes.
        batch_size: articles per transaction.
        stages: stages to run (default: all).
        progress: called with the running counts after every batch.

    Returns:
        Counts: ``stored`` is the number reanalysed, ``failed`` those whose analysis failed.
    """
    analyser = _Analyser(stages, workers)
    prov = analyser.provenance
    counts = IngestCounts()
    after = 0
    try:
        while batch := store.outdated(prov, limit=batch_size, after_id=after):
            after = batch[-1].article_id
            results = analyser([unanalysed_copy(a.doc) for a in batch])
            stamp = Provenance(prov.warta_version, prov.models, prov.config_hash, now())
            with store.transaction():
                for article, result in zip(batch, results, strict=True):
                    if isinstance(result, str):
                        store.record_failure(path=f"article {article.article_id}", line=None, reason=result)
                        counts.failed += 1
                    else:
                        store.replace_analysis(article.article_id, result, provenance=stamp)
                        counts.stored += 1
            if progress:
                progress(counts)
    finally:
        analyser.close()
    return counts

