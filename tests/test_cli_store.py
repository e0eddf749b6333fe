"""The store commands of the CLI: ingest, search, export, reanalyze, serve (SQLite, in process)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_ingest import article, write_jsonl

from warta.cli import main

Corpus = tuple[str, Path]
Capture = pytest.CaptureFixture[str]


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    """A SQLite URL with eight ingested articles, and the JSONL they came from."""
    src = write_jsonl(tmp_path / "in.jsonl", [article(i) for i in range(8)])
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["ingest", str(src), "--db", url]) == 0
    return url, src


def test_cli_store_ingest_reports_counts(corpus: Corpus, capsys: Capture) -> None:
    """A second ingest of the same file skips everything and says so on stderr."""
    url, src = corpus
    capsys.readouterr()
    assert main(["ingest", str(src), "--db", url]) == 0
    assert "stored 0, revised 0, skipped 8, failed 0" in capsys.readouterr().err


def test_cli_store_ingest_exit_codes(tmp_path: Path, capsys: Capture) -> None:
    """Exit 1 when some inputs fail (each on one line), 2 when all do."""
    url = f"sqlite:///{tmp_path / 'e.db'}"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    good = write_jsonl(tmp_path / "good.jsonl", [article(1)])
    assert main(["ingest", str(good), str(bad), "--db", url]) == 1
    err = capsys.readouterr().err
    assert f"warta: error: {bad}:1: malformed JSON" in err
    assert main(["ingest", str(bad), "--db", url]) == 2
    assert main(["ingest", str(good), "--db", url, "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_cli_store_search_text_and_jsonl(corpus: Corpus, capsys: Capture) -> None:
    """Readable hits by default; --format jsonl prints one JSON hit per line; filters apply."""
    url, _ = corpus
    capsys.readouterr()
    assert main(["search", "banjir", "--db", url]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("[") and "2 hits" in err
    assert main(["search", '"jalan tol"', "--db", url, "--format", "jsonl"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(hits) == 2 and all("tol" in h["snippet"] for h in hits)
    assert main(["search", "banjir", "--db", url, "--from", "2024-06-01", "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_cli_store_bad_options_one_line(corpus: Corpus, capsys: Capture) -> None:
    """A malformed day or an unsupported URL is one error line and exit 2."""
    url, _ = corpus
    capsys.readouterr()
    assert main(["search", "banjir", "--db", url, "--from", "1/6/2024"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "YYYY-MM-DD" in err
    assert main(["search", "banjir", "--db", "mysql://h/db"]) == 2
    assert main(["search", "banjir", "--db", "postgresql://127.0.0.1:1/none"]) == 2
    assert "cannot connect to PostgreSQL" in capsys.readouterr().err


def test_cli_store_export_formats(corpus: Corpus, tmp_path: Path, capsys: Capture) -> None:
    """JSONL and CSV hold every article; GDELT is the header alone until events exist."""
    url, _ = corpus
    capsys.readouterr()
    assert main(["export", "--db", url, "--format", "jsonl"]) == 0
    docs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(docs) == 8 and all(d["schema_version"] == "1.0" for d in docs)
    out = tmp_path / "out.csv"
    assert main(["export", "--db", url, "--format", "csv", "-o", str(out), "--portal", "contoh.id"]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0][:2] == ["article_id", "canonical_url"] and len(rows) == 9
    assert main(["export", "--db", url, "--format", "gdelt"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("GLOBALEVENTID\tSQLDATE")


def test_cli_store_reanalyze_nothing_outdated(corpus: Corpus, capsys: Capture) -> None:
    """Right after an ingest nothing is outdated."""
    url, _ = corpus
    assert main(["reanalyze", "--db", url]) == 0
    assert "reanalysed 0" in capsys.readouterr().err


def test_cli_store_serve_calls_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """serve hands URL, host and port to warta.api.serve (imported only when serving)."""
    import types

    calls = []
    fake = types.ModuleType("warta.api")
    fake.serve = lambda url, host, port: calls.append((url, host, port))  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, "warta.api", fake)
    monkeypatch.setattr("warta.api", fake, raising=False)
    assert main(["serve", "--db", "sqlite:///x.db", "--port", "8765"]) == 0
    assert calls == [("sqlite:///x.db", "127.0.0.1", 8765)]


def test_cli_store_default_db_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --db the store is $WARTA_DB (else the user's data directory)."""
    monkeypatch.setenv("WARTA_DB", f"sqlite:///{tmp_path / 'default.db'}")
    src = write_jsonl(tmp_path / "d.jsonl", [article(3)])
    assert main(["ingest", str(src)]) == 0
    assert (tmp_path / "default.db").exists()


@pytest.mark.parametrize("argv", [["search", "banjir"], ["export", "--format", "jsonl"], ["reanalyze"]])
def test_cli_store_read_commands_refuse_a_missing_database(tmp_path: Path, capsys, argv: list[str]) -> None:
    """Reading commands do not create an empty database where none exists."""
    db = tmp_path / "nowhere" / "corpus.db"
    code = main([*argv, "--db", f"sqlite:///{db}"])
    err = capsys.readouterr().err
    assert code == 2 and "no database at" in err and err.count("\n") == 1
    assert not db.exists() and not db.parent.exists()
