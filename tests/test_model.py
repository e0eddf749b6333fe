"""Document model: JSON round trips, offset maps and the JSON Schema."""

from __future__ import annotations

import jsonschema
import pytest

import warta
from warta.model import DOCUMENT_KEYS, Dateline, Document, OffsetMap, Span, json_schema


def _analysed() -> Document:
    text = (
        "Jakarta\n-\nPresiden meresmikan jembatan baru di Kota Bandar Lampung, Jumat (28/7/2023).\n"
        "SCROLL TO CONTINUE WITH CONTENT\n"
        '"Jembatan ini memangkas waktu tempuh warga," ujar dia.\n'
    )
    return warta.analyze(text, id="t1", source="detik.com", date="2023-07-28T09:00:00")


def test_model_document_json_has_every_key_in_order() -> None:
    out = Document().to_json()
    assert tuple(out) == DOCUMENT_KEYS
    assert out["entities"] == [] and out["dateline"] is None and out["published"] is None


def test_model_round_trip_with_raw_is_lossless() -> None:
    doc = _analysed()
    data = doc.to_json(include_raw=True)
    again = Document.from_json(data)
    assert again.to_json(include_raw=True) == data
    assert again.raw == doc.raw and again.offsets.runs == doc.offsets.runs


def test_model_round_trip_without_raw_keeps_annotations() -> None:
    doc = _analysed()
    again = Document.from_json(doc.to_json())
    assert again.text == doc.text and again.sentences == doc.sentences
    assert again.dateline == doc.dateline


def test_model_output_validates_against_schema(samples) -> None:
    schema = json_schema()
    docs = [_analysed()]
    docs += [warta.analyze(p.read_text(encoding="utf-8")) for p in sorted(samples.glob("*.txt"))]
    for doc in docs:
        jsonschema.validate(doc.to_json(include_raw=True), schema)
        jsonschema.validate(doc.to_json(), schema)


def test_model_schema_rejects_missing_key() -> None:
    data = _analysed().to_json()
    del data["quotes"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


def test_model_spans_point_into_clean_text() -> None:
    doc = _analysed()
    for span in [*doc.sentences, *doc.tokens]:
        assert doc.text[span.start:span.end] == span.text
    assert doc.dateline is not None
    assert doc.text[doc.dateline.start:doc.dateline.end] == doc.dateline.text


def test_model_offset_map_maps_both_ways() -> None:
    runs = OffsetMap([(0, 5, 4), (6, 20, 3)])  # "abcd" from raw 5, inserted char, "xyz" from raw 20
    assert runs.to_raw(0) == 5 and runs.to_raw(3) == 8 and runs.to_raw(4) == 9
    assert runs.to_raw(5) == 20  # the inserted separator maps to where the next run starts
    assert runs.to_raw(7) == 21 and runs.to_raw(9) == 23
    assert runs.to_clean(6) == 1 and runs.to_clean(21) == 7 and runs.to_clean(12) is None
    assert runs.kept_raw() == [(5, 9), (20, 23)]


def test_model_every_clean_char_comes_from_raw() -> None:
    doc = _analysed()
    for clean_start, raw_start, length in doc.offsets.runs:
        assert doc.text[clean_start:clean_start + length] == doc.raw[raw_start:raw_start + length]


def test_model_warn_records_each_code_once() -> None:
    doc = Document()
    doc.warn("too_short", "a")
    doc.warn("too_short", "b")
    assert [w.code for w in doc.warnings] == ["too_short"]


def test_model_span_and_dateline_json() -> None:
    assert Span.from_json(Span(1, 3, "ab").to_json()) == Span(1, 3, "ab")
    d = Dateline(0, 9, "Jakarta -", "Jakarta", None)
    assert Dateline.from_json(d.to_json()) == d
