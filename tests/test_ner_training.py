"""Tests for the NER training script's gazetteer classes (``training/ner.py``; needs torch)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def train_ner() -> ModuleType:
    """The training module, loaded from its file."""
    pytest.importorskip("torch")
    spec = importlib.util.spec_from_file_location("train_ner", ROOT / "training" / "ner.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_ner"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("word", "bit", "present"),
    [("jakarta", "place_name", True), ("selatan", "place_part", True), ("selatan", "place_name", False),
     ("presiden", "role_name", True), ("makan", "place_name", False)],
)
def test_ner_training_gazetteer_classes(train_ner: ModuleType, word: str, bit: str, present: bool) -> None:
    """One-word names and parts of longer names get their own bits; ordinary words get none."""
    from warta.models.ner.features import GAZ_BITS, GAZ_CLASSES

    classes = train_ner.gazetteer_classes()
    assert bool(classes.get(word, 0) & GAZ_BITS[bit]) is present
    assert all(0 <= c < GAZ_CLASSES for c in classes.values())
