"""The link scorer: name equality as the gold README allows, and the tune-only error listing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from warta.errors import ConfigError
from warta.evaluation import link as link_eval


@pytest.mark.parametrize(("predicted", "gold", "same"), [
    ("Etiopia", "Ethiopia", True),
    ("Ceko", "Rep Ceska", False),  # "Rep Ceska" is no listed form; the stage expands "Rep" itself
    ("Ceko", "Republik Ceko", True),
    ("PBB", "Perserikatan Bangsa-Bangsa", True),
    ("Alex Oxlade - Chamberlain", "Alex Oxlade-Chamberlain", True),
    ("Timnas\u00a0Indonesia", "timnas indonesia", True),
    ("Austria", "Australia", False),
    ("Kim Jong Un", "Kim In Ryong", False),
])
def test_link_eval_same_name(predicted: str, gold: str, same: bool) -> None:
    assert link_eval.same_name(predicted, gold) is same


def _article(tmp_path: Path, records: list[tuple[str, str, str]]) -> Path:
    """Shared-data folder with invented articles, and a gold file naming (id, split, text) records."""
    (tmp_path / "articles").mkdir()
    lines, golds = [], []
    for id_, split, text in records:
        lines.append(json.dumps({"id": id_, "source": "contoh.id", "text": text}))
        start, short = text.index("Sinar Jaya"), text.index("Raja Bus")
        spans = [[start, start + len("Sinar Jaya")], [short, short + len("Raja Bus")]]
        golds.append(json.dumps({
            "file": "contoh.jsonl", "id": id_, "source": "contoh.id", "split": split,
            "sha1_raw": hashlib.sha1(text.encode("utf-8")).hexdigest(),
            "entities": [{"cluster": "c1", "type": "ORG", "canonical": "Sinar Jaya", "country": "IDN",
                          "role": "BUS", "kind": "organisation",
                          "mentions": spans}]}))
    (tmp_path / "articles" / "contoh.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(golds) + "\n", encoding="utf-8")
    return gold


def test_link_eval_errors_list_tune_misses_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARTA_DATA", str(tmp_path))
    text = "Perusahaan Sinar Jaya membuka pabrik baru di Bekasi. Sang Raja Bus itu menambah armada."
    gold = _article(tmp_path, [("tune-1", "tune", text), ("test-1", "test", text)])
    misses = link_eval.errors(str(gold))
    assert [m["id"] for m in misses] == ["tune-1"]
    assert misses[0]["text"] == "Raja Bus" and misses[0]["gold"] == "Sinar Jaya"
    assert misses[0]["predicted"] == "Raja Bus" and misses[0]["type"] == "ORG"
    scores = link_eval.evaluate(str(gold), splits={"tune"})["gold_mentions"]
    assert list(scores) == ["tune"] and scores["tune"]["canonical_accuracy"] == 0.5


def test_link_eval_errors_refuse_an_unknown_mode(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        link_eval.errors(str(tmp_path / "gold.jsonl"), mode="silver")
