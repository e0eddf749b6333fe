"""Readers: encodings, binary and empty input, size limits, JSONL batches, HTML detection."""

from __future__ import annotations

import json

import pytest

from warta.errors import InputError
from warta.model import Document
from warta.readers import decode, looks_like_html, read_bytes, read_inputs, read_jsonl

ARTICLE = ("Bandung - Warga Kecamatan Cicendo menggelar kerja bakti membersihkan saluran air. "
           "Kegiatan itu diikuti 200 orang.")


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
])
def test_readers_decode_unicode_encodings(encoding: str, prefix: bytes) -> None:
    text = ARTICLE + " Kopi “Gayo” seharga Rp 50.000 — murah."
    assert decode(prefix + text.encode(encoding)) == text


def test_readers_decode_cp1252() -> None:
    text = "Harga kopi “Gayo” naik – kata pedagang café. " * 3
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"   \n\t \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(1, 32)) * 20, "control characters"),
    (b"\x81\x8d\x8f\x90\x9d" * 10, "unknown text encoding"),
])
def test_readers_decode_rejects_unusable_bytes(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, path="bad.txt")


def test_readers_error_names_file_and_line() -> None:
    err = InputError("malformed JSON", path="dump.jsonl", line=3)
    assert str(err) == "dump.jsonl:3: malformed JSON"


def test_readers_huge_single_article_is_rejected_without_decoding() -> None:
    out = list(read_bytes(b"a" * 50_000_001, name="huge.txt"))
    assert len(out) == 1 and isinstance(out[0], InputError) and "too large" in str(out[0])


def test_readers_jsonl_bad_lines_reported_good_lines_kept() -> None:
    lines = [
        json.dumps({"id": "a", "text": ARTICLE, "source": "detik.com", "date": "2024-01-02T10:00:00"}),
        '{"id": "b", "text": "broken',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "d", "title": "no body"}),
        "",
        json.dumps({"id": "e", "html": f"<html><body><article><p>{ARTICLE}</p><p>{ARTICLE}</p></article>"
                                       "</body></html>"}),
    ]
    out = list(read_jsonl("\n".join(lines), path="dump.jsonl"))
    docs = [o for o in out if isinstance(o, Document)]
    errors = [o for o in out if isinstance(o, InputError)]
    assert [d.id for d in docs] == ["a", "e"]
    assert docs[0].source == "detik.com" and docs[0].meta_date == "2024-01-02T10:00:00"
    assert [e.line for e in errors] == [2, 3, 4]
    assert "malformed JSON" in str(errors[0]) and "dump.jsonl:2" in str(errors[0])


def test_readers_jsonl_accepts_document_json() -> None:
    doc = Document(id="x", text="Teks bersih.", raw="Teks bersih.")
    out = list(read_jsonl(doc.dumps(include_raw=True)))
    assert isinstance(out[0], Document) and out[0].id == "x" and out[0].text == "Teks bersih."


def test_readers_html_detection() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("  <div><p>satu</p><p>dua</p><br></div>")
    assert not looks_like_html(ARTICLE + " Nilai 3 < 5 dan 7 > 2.")


def test_readers_html_without_body_is_an_error() -> None:
    out = list(read_bytes(b"<html><head><title>x</title></head><body></body></html>", name="page.html"))
    assert isinstance(out[0], InputError) and "no article body" in str(out[0])


def test_readers_directory_and_missing_path(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not an article", encoding="utf-8")
    out = list(read_inputs([str(tmp_path), str(tmp_path / "missing.txt")]))
    assert isinstance(out[0], Document) and out[0].id == "a"
    assert isinstance(out[1], InputError) and "no such file" in str(out[1])
