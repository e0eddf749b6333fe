"""Pipeline: stage selection, prerequisite checks, and stages that never move earlier spans."""

from __future__ import annotations

import pytest

import warta
from warta.errors import ConfigError
from warta.model import Document
from warta.pipeline import STAGE_NAMES, Pipeline, parse_stages

TEXT = (
    "JAKARTA, KOMPAS.com - Pemerintah menaikkan anggaran irigasi menjadi Rp 1,5 triliun. "
    'Kebijakan itu berlaku mulai Senin (3/6/2024). "Kami siap," kata Menteri PUPR.'
)


def test_pipeline_parse_stages_orders_by_registry() -> None:
    assert parse_stages("segment,clean") == ("clean", "segment")
    assert parse_stages(None) == STAGE_NAMES
    assert parse_stages(["clean"]) == ("clean",)


@pytest.mark.parametrize("spec", ["clean,nonsense", "tokenize", " , "])
def test_pipeline_unknown_or_empty_stage_is_a_clear_error(spec: str) -> None:
    with pytest.raises(ConfigError, match="known stages: clean"):
        parse_stages(spec)


def test_pipeline_missing_prerequisite_names_the_stage() -> None:
    with pytest.raises(ConfigError, match="'segment' requires 'clean'"):
        Pipeline("segment")(Document(raw=TEXT))


def test_pipeline_prerequisite_that_already_ran_is_accepted() -> None:
    doc = Pipeline("clean")(Document(raw=TEXT))
    doc = Pipeline("segment")(doc)
    assert doc.stages == ["clean", "segment"] and doc.sentences


def test_pipeline_later_stages_keep_earlier_text_and_offsets() -> None:
    cleaned = Pipeline("clean")(Document(raw=TEXT))
    text, runs = cleaned.text, list(cleaned.offsets.runs)
    full = Pipeline()(Document(raw=TEXT))
    assert full.text == text and full.offsets.runs == runs


def test_pipeline_analyze_runs_all_stages() -> None:
    doc = warta.analyze(TEXT, source="kompas.com")
    assert doc.stages == list(STAGE_NAMES)
    assert doc.sentences and doc.tokens and doc.dateline is not None
