"""The warta command: formats, exit codes and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from warta import __version__
from warta.cli import main

ARTICLE = (
    "Jakarta\n-\nKomisi Pemilihan Umum (KPU) menetapkan jadwal debat calon gubernur, Senin (3/6/2024).\n"
    "ADVERTISEMENT\n"
    '"Debat digelar tiga kali," kata Ketua KPU DKI Jakarta.\n(abc/def)\n'
)


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_analyze_json_single_article(tmp_path, capsys) -> None:
    path = tmp_path / "berita.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, err = _run(["analyze", str(path)], capsys)
    data = json.loads(out)
    assert code == 0 and err == ""
    assert data["id"] == "berita" and "ADVERTISEMENT" not in data["text"]
    assert data["text"].startswith("Jakarta - Komisi Pemilihan Umum")


def test_cli_analyze_jsonl_and_pretty(samples, capsys) -> None:
    code, out, _ = _run(["analyze", str(samples / "articles.jsonl"), "--format", "jsonl"], capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 3 and all(r["sentences"] for r in rows)
    code, out, _ = _run(["analyze", str(samples), "--format", "pretty"], capsys)
    assert code == 0 and "published:" in out and "[1]" in out


def test_cli_analyze_stdin(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": __import__("io").BytesIO(ARTICLE.encode())})())
    code, out, _ = _run(["analyze", "-", "--stages", "clean"], capsys)
    data = json.loads(out)
    assert code == 0 and data["sentences"] == [] and data["text"]


def test_cli_analyze_include_raw_round_trips(tmp_path, capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    _, out, _ = _run(["analyze", str(path), "--include-raw"], capsys)
    data = json.loads(out)
    assert data["raw"]["text"] == ARTICLE and data["raw"]["offsets"]


def test_cli_batch_with_one_bad_line_processes_the_rest(tmp_path, capsys) -> None:
    path = tmp_path / "dump.jsonl"
    good = json.dumps({"id": "ok", "text": ARTICLE})
    path.write_text(f"{good}\n{{broken json\n{good.replace('ok', 'ok2')}\n", encoding="utf-8")
    code, out, err = _run(["analyze", str(path), "--format", "jsonl"], capsys)
    assert code == 1
    assert [json.loads(x)["id"] for x in out.splitlines()] == ["ok", "ok2"]
    assert err.count("\n") == 1 and f"{path}:2: malformed JSON" in err


@pytest.mark.parametrize("content,message", [
    (b"", "empty input"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file"),
    (b"\x81\x8d\x8f\x90\x9d" * 20, "unknown text encoding"),
    (b"<html><body><div></div></body></html>", "no article body"),
])
def test_cli_unusable_input_exits_2_with_one_line(tmp_path, capsys, content: bytes, message: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    code, out, err = _run(["analyze", str(path)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and str(path) in err


def test_cli_unknown_stage_exits_2(tmp_path, capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, _, err = _run(["analyze", str(path), "--stages", "clean,magic"], capsys)
    assert code == 2 and "unknown stage 'magic'" in err


def test_cli_huge_file_is_one_line_error_not_traceback(tmp_path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.write(b"Berita panjang sekali. " * 2_300_000)  # about 53 MB
    proc = subprocess.run([sys.executable, "-m", "warta.cli", "analyze", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "too large" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_cli_version_and_help(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    out = capsys.readouterr().out
    assert "--format" in out and "exit codes" in out
