"""The ``warta`` command line: thin wrappers around library functions.

Exit codes: 0 all inputs analysed; 1 some inputs failed (each reported on stderr, the rest
processed); 2 unusable input or options (nothing analysed).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

from warta import __version__, evaluation
from warta.errors import ConfigError, InputError, WartaError
from warta.model import Document
from warta.pipeline import STAGE_NAMES, Pipeline
from warta.readers import read_inputs
from warta.store import Filters, open_store

if TYPE_CHECKING:
    from warta.ingest import IngestCounts

EPILOG = """\
examples:
  warta analyze article.txt                 analyse one scraped article, print its JSON
  warta analyze page.html --format pretty   readable summary of an HTML page
  warta analyze dump.jsonl --format jsonl   one JSON line per article of a JSONL dump
  cat article.txt | warta analyze -         read standard input
  warta analyze samples/ --stages clean     only the clean stage, on every file of a folder
  warta ingest dump.jsonl --db sqlite:///corpus.db   analyse and store articles
  warta search '"harga beras"' --db sqlite:///corpus.db --from 2024-01-01

exit codes: 0 ok; 1 some inputs failed (reported, the rest processed); 2 unusable input or options
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warta",
        description="Structured, searchable intelligence from Indonesian news.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"warta {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    analyze = sub.add_parser(
        "analyze",
        help="analyse articles (text, HTML or JSONL) and print Document JSON",
        description="Analyse news articles and print one Document per article. Inputs are scraped "
        "text files, HTML pages, JSONL dumps (one article per line: text|html, title, url, date, "
        "source), directories of those, or - for standard input.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, or - for stdin")
    analyze.add_argument("--format", choices=("json", "jsonl", "pretty"), default="json",
                         help="json: indented JSON (an array for several articles); jsonl: one line "
                         "per article; pretty: a readable summary (default: json)")
    analyze.add_argument("--stages", default=None,
                         help=f"comma-separated stages to run (default: all of {','.join(STAGE_NAMES)})")
    analyze.add_argument("--include-raw", action="store_true",
                         help="add the raw text and the raw<->clean offset map (lossless round trip)")
    evaluate = sub.add_parser(
        "eval",
        help=f"score warta against a gold file ({', '.join(evaluation.tasks())})",
        description="Score a stage against gold annotations and print the scores as JSON. "
        "Tasks: " + ", ".join(evaluation.tasks()) + ".",
    )
    evaluate.add_argument("task", metavar="TASK", help="what to evaluate, e.g. ner or timex")
    evaluate.add_argument("path", metavar="PATH", help="gold file or folder")
    _store_parsers(sub)
    return parser


DB_HELP = ("store URL: sqlite:///path.db or postgresql://user@host/db (default: $WARTA_DB, else "
           "warta.db in the user's data directory)")


def _add_filters(cmd: argparse.ArgumentParser) -> None:
    """The store filter options."""
    group = cmd.add_argument_group("filters")
    group.add_argument("--portal", help="portal (the article's source, e.g. detik.com)")
    group.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first publication day")
    group.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last publication day")
    group.add_argument("--entity", help='entity key ("PER:joko widodo") or name')
    group.add_argument("--speaker", help="speaker key or name of a quote")
    group.add_argument("--event-code", help="event code or prefix (no events until the events stage)")


def _store_parsers(sub: argparse._SubParsersAction) -> None:
    """The store commands: ingest, search, export, reanalyze, serve."""
    ingest = sub.add_parser(
        "ingest", help="analyse and store articles in a corpus database",
        description="Analyse and store articles: text or HTML files, directories, raw-article JSONL "
        "and Document JSONL (warta analyze --format jsonl output, stored as given). Idempotent and "
        "resumable: identical content is skipped, changed content under the same URL becomes a new "
        "revision. Failures are recorded in the database and reported; the batch goes on.")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, or - for stdin")
    ingest.add_argument("--db", help=DB_HELP)
    ingest.add_argument("--workers", type=int, default=1, help="analysis processes (default: 1)")
    ingest.add_argument("--batch-size", type=int, default=200, help="articles per transaction (default: 200)")
    search = sub.add_parser("search", help="full-text search of a corpus database",
                            description='Search titles and bodies: words (all required) and "quoted '
                            'phrases", with Indonesian normalisation and stemming.')
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--db", help=DB_HELP)
    search.add_argument("--format", choices=("text", "jsonl"), default="text",
                        help="text: readable hits (default); jsonl: one JSON hit per line")
    search.add_argument("--limit", type=int, default=20, help="hits to show (default: 20)")
    search.add_argument("--offset", type=int, default=0, help="hits to skip")
    _add_filters(search)
    export = sub.add_parser("export", help="export stored articles as JSONL, CSV or GDELT events",
                            description="Export stored articles. jsonl: one Document JSON per article; "
                            "csv: one row per article; gdelt: the GDELT 2.0 event table header and one "
                            "tab-separated row per event (only the header until the events stage exists).")
    export.add_argument("--db", help=DB_HELP)
    export.add_argument("--format", choices=("jsonl", "csv", "gdelt"), default="jsonl",
                        help="jsonl (default), csv or gdelt")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: standard output)")
    _add_filters(export)
    reanalyze = sub.add_parser("reanalyze", help="re-run the pipeline on articles analysed by older versions",
                               description="Re-analyse stored raw articles whose analysis is outdated "
                               "(other warta version, model versions or configuration).")
    reanalyze.add_argument("--db", help=DB_HELP)
    reanalyze.add_argument("--workers", type=int, default=1, help="analysis processes (default: 1)")
    serve = sub.add_parser("serve", help="serve the HTTP API and dashboard over a corpus database")
    serve.add_argument("--db", help=DB_HELP)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")


def cmd_eval(args: argparse.Namespace) -> int:
    """``warta eval``: print the scores as JSON."""
    scores = evaluation.evaluate(args.task, args.path)
    print(json.dumps(scores, ensure_ascii=False, indent=2))
    return 0


def _report(err: WartaError) -> None:
    """Print one error line on stderr."""
    print(f"warta: error: {err}", file=sys.stderr)


def _pretty(doc: Document, out: TextIO) -> None:
    """A readable summary of one Document."""
    bar = "─" * 78
    out.write(f"{bar}\n{doc.title or '(untitled)'}\n{bar}\n")
    dateline = f"{doc.dateline.text!r}" if doc.dateline else "-"
    out.write(f"id: {doc.id or '-'}   source: {doc.source or '-'}   language: {doc.language or '-'}\n")
    out.write(f"published: {doc.published or '-'} (from {doc.published_from or '-'})   "
              f"dateline: {dateline}\n")
    out.write(f"sentences: {len(doc.sentences)}   tokens: {len(doc.tokens)}   "
              f"chrome removed: {len(doc.raw) - len(doc.text)} of {len(doc.raw)} characters\n")
    for w in doc.warnings:
        out.write(f"warning [{w.code}]: {w.message}\n")
    if doc.entities:
        seen: dict[str, str] = {}
        for m in doc.entities:
            key = m.get("entity_id") or f"{m['label']}:{m['text']}"
            if key not in seen:
                extra = "/".join(x for x in (m.get("country"), m.get("role")) if x)
                seen[key] = f"{m.get('canonical') or m['text']} ({m.get('type') or m['label']}"\
                            f"{', ' + extra if extra else ''})"
        out.write(f"entities: {'; '.join(list(seen.values())[:12])}"
                  f"{' …' if len(seen) > 12 else ''}\n")
    if doc.timexes:
        times = [f"{t['text']!r}→{t['value']}" for t in doc.timexes[:8]]
        out.write(f"time: {'; '.join(times)}{' …' if len(doc.timexes) > 8 else ''}\n")
    for q in doc.quotes[:6]:
        speaker = q.get("speaker_canonical") or (q.get("speaker") or {}).get("text") or "?"
        text = q["text"] if len(q["text"]) <= 90 else q["text"][:89] + "…"
        medium = f"   via {q['medium']}" if q.get("medium") else ""
        out.write(f"quote ({q['type']}) {speaker}: {text!r}{medium}\n")
    if len(doc.quotes) > 6:
        out.write(f"… {len(doc.quotes) - 6} more quotes\n")
    for link in doc.sources:
        chain = " ← ".join(x for x in (doc.source or "portal", link.get("medium"), link.get("via")) if x)
        evidence = (link.get("evidence") or {}).get("text", "")
        out.write(f"source {link.get('order')}: {chain}   {evidence!r}"
                  f"{'   ' + link['date'] if link.get('date') else ''}\n")
    out.write("\n")
    for i, sent in enumerate(doc.sentences[:8], start=1):
        out.write(f"  [{i}] {sent.text}\n")
    if len(doc.sentences) > 8:
        out.write(f"  … {len(doc.sentences) - 8} more sentences\n")
    if not doc.sentences:
        out.write(doc.text[:1500] + ("…\n" if len(doc.text) > 1500 else "\n"))
    out.write("\n")


def _write(docs: Iterable[Document], fmt: str, out: TextIO, *, include_raw: bool) -> None:
    """Write analysed documents in the chosen format; JSON is written only once complete."""
    if fmt == "jsonl":
        for doc in docs:
            out.write(doc.dumps(include_raw=include_raw) + "\n")
    elif fmt == "pretty":
        for doc in docs:
            _pretty(doc, out)
    else:
        items = [doc.to_json(include_raw=include_raw) for doc in docs]
        if not items:
            return
        payload = items[0] if len(items) == 1 else items
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def cmd_analyze(args: argparse.Namespace) -> int:
    """``warta analyze``: returns the exit code."""
    pipe = Pipeline(args.stages)
    failed = 0
    analysed = 0

    def docs() -> Iterable[Document]:
        nonlocal failed, analysed
        for item in read_inputs(args.paths):
            if isinstance(item, InputError):
                failed += 1
                _report(item)
                continue
            analysed += 1
            yield pipe(item)

    _write(docs(), args.format, sys.stdout, include_raw=args.include_raw)
    if failed and not analysed:
        return 2
    return 1 if failed else 0


def _filters(args: argparse.Namespace) -> Filters:
    """The store filters given on the command line."""
    return Filters(portal=args.portal, date_from=args.date_from, date_to=args.date_to,
                   entity=args.entity, speaker=args.speaker, event_code=args.event_code)


def _progress_printer() -> tuple[Callable[[IngestCounts], None], Callable[[], None]]:
    """A progress callback (a rich bar on a terminal, a line every 5 s otherwise) and its closer."""
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                       transient=True, console=Console(stderr=True))
        bar.start()
        task = bar.add_task("starting")
        return (lambda c: bar.update(task, description=c.line())), bar.stop
    last = [time.monotonic()]

    def plain(counts: IngestCounts) -> None:
        if time.monotonic() - last[0] >= 5:
            last[0] = time.monotonic()
            print(f"warta: {counts.line()}", file=sys.stderr, flush=True)

    return plain, lambda: None


def _check_workers(value: int) -> None:
    """Reject a worker count below 1."""
    if value < 1:
        raise ConfigError(f"--workers must be at least 1, not {value}")


def cmd_ingest(args: argparse.Namespace) -> int:
    """``warta ingest``: store articles; 0 all stored or skipped, 1 some failed, 2 all failed."""
    from warta.ingest import ingest

    _check_workers(args.workers)
    if args.batch_size < 1:
        raise ConfigError(f"--batch-size must be at least 1, not {args.batch_size}")
    show, done = _progress_printer()
    with open_store(args.db) as store:
        try:
            counts = ingest(args.paths, store, workers=args.workers, batch_size=args.batch_size,
                            progress=show)
        finally:
            done()
    for message in counts.errors:
        print(f"warta: error: {message}", file=sys.stderr)
    if counts.failed > len(counts.errors):
        print(f"warta: … {counts.failed - len(counts.errors)} more failures (table ingest_failures)",
              file=sys.stderr)
    print(f"warta: {counts.line()}", file=sys.stderr)
    if counts.failed and counts.seen == counts.failed:
        return 2
    return 1 if counts.failed else 0


def cmd_search(args: argparse.Namespace) -> int:
    """``warta search``: print hits, best first."""
    with open_store(args.db, must_exist=True) as store:
        page = store.search(args.query, _filters(args), limit=args.limit, offset=args.offset)
    for hit in page.items:
        if args.format == "jsonl":
            print(json.dumps(hit.to_json(), ensure_ascii=False))
            continue
        art = hit.article
        print(f"[{art.article_id}] {(art.published or '')[:10] or '-'}  {art.portal or '-'}  "
              f"{art.title or '(untitled)'}")
        print(f"    {hit.snippet}")
    if args.format == "text":
        print(f"{page.total} hits", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``warta export``: write the export to a file or standard output."""
    with open_store(args.db, must_exist=True) as store:
        lines = store.export(args.format, _filters(args))
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                out.writelines(lines)
        else:
            sys.stdout.writelines(lines)
    return 0


def cmd_reanalyze(args: argparse.Namespace) -> int:
    """``warta reanalyze``: re-analyse outdated articles."""
    from warta.ingest import reanalyze

    _check_workers(args.workers)
    show, done = _progress_printer()
    with open_store(args.db, must_exist=True) as store:
        try:
            counts = reanalyze(store, workers=args.workers, progress=show)
        finally:
            done()
    print(f"warta: reanalysed {counts.stored}, failed {counts.failed}", file=sys.stderr)
    return 1 if counts.failed else 0


def cmd_serve(args: argparse.Namespace) -> int:
    """``warta serve``: run the HTTP API and dashboard until interrupted."""
    from warta import api

    api.serve(args.db, args.host, args.port)
    return 0


STORE_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ingest": cmd_ingest, "search": cmd_search, "export": cmd_export, "reanalyze": cmd_reanalyze,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``warta`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "analyze":
            return cmd_analyze(args)
        if args.command == "eval":
            return cmd_eval(args)
        if args.command in STORE_COMMANDS:
            return STORE_COMMANDS[args.command](args)
    except WartaError as err:
        _report(err)
        return err.exit_code
    except KeyboardInterrupt:
        print("warta: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    parser.error(f"unknown command {args.command!r}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
