"""Token features of the NER tagger: the gazetteer classes used when training with ``--gaz-dim``."""

from __future__ import annotations

import pytest

from warta.models.ner.features import GAZ_BITS, GAZ_CLASSES, gazetteer_classes


@pytest.mark.parametrize(
    ("word", "bit", "present"),
    [("jakarta", "place_name", True), ("selatan", "place_part", True), ("selatan", "place_name", False),
     ("presiden", "role_name", True), ("makan", "place_name", False)],
)
def test_ner_features_gazetteer_classes(word: str, bit: str, present: bool) -> None:
    """One-word names and parts of longer names get their own bits; ordinary words get none."""
    classes = gazetteer_classes()
    assert bool(classes.get(word, 0) & GAZ_BITS[bit]) is present
    assert all(0 <= c < GAZ_CLASSES for c in classes.values())
