"""The ``warta`` command line: thin wrappers around library functions.

Exit codes: 0 all inputs analysed; 1 some inputs failed (each reported on stderr, the rest
processed); 2 unusable input or options (nothing analysed).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

from warta import __version__, evaluation
from warta.errors import InputError, WartaError
from warta.model import Document
from warta.pipeline import STAGE_NAMES, Pipeline
from warta.readers import read_inputs

EPILOG = """\
examples:
  warta analyze article.txt                 analyse one scraped article, print its JSON
  warta analyze page.html --format pretty   readable summary of an HTML page
  warta analyze dump.jsonl --format jsonl   one JSON line per article of a JSONL dump
  cat article.txt | warta analyze -         read standard input
  warta analyze samples/ --stages clean     only the clean stage, on every file of a folder

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
        help="score warta against a gold file (ner, timex, quotes, link, ...)",
        description="Score a stage against gold annotations and print the scores as JSON. "
        "Tasks: " + ", ".join(evaluation.tasks()) + ".",
    )
    evaluate.add_argument("task", metavar="TASK", help="what to evaluate, e.g. ner or timex")
    evaluate.add_argument("path", metavar="PATH", help="gold file or folder")
    return parser


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
