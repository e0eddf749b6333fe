"""Sources scorer: link matching (overlap + medium after case folding) and the eval entry point."""

from __future__ import annotations

import json

import pytest

from warta.errors import InputError
from warta.evaluation import evaluate, tasks
from warta.evaluation.sources import match_links


def _pred(medium: str, start: int, end: int, via: str | None = None) -> dict:
    return {"medium": medium, "via": via, "date": None, "evidence": {"start": start, "end": end, "text": ""}}


def test_sources_eval_match_needs_overlap_and_same_medium() -> None:
    gold = [{"medium": "Antara", "span": (10, 30)}, {"medium": "AP", "span": (50, 60)},
            {"medium": "BBC", "span": (80, 90)}]
    pred = [_pred("ANTARA", 25, 40), _pred("AFP", 50, 60), _pred("BBC", 91, 99)]
    pairs = match_links(gold, pred)
    matched = [(g["medium"], p["medium"]) for g, p in pairs if g and p]
    assert matched == [("Antara", "ANTARA")]
    assert sorted(g["medium"] for g, p in pairs if g and not p) == ["AP", "BBC"]
    assert sorted(p["medium"] for g, p in pairs if p and not g) == ["AFP", "BBC"]


def test_sources_eval_a_predicted_link_matches_one_gold_link_only() -> None:
    gold = [{"medium": "Bernama", "span": (0, 20)}, {"medium": "Bernama", "span": (5, 25)}]
    pairs = match_links(gold, [_pred("Bernama", 0, 25)])
    assert sum(1 for g, p in pairs if g and p) == 1


def test_sources_eval_is_a_task_and_rejects_a_bad_gold_file(tmp_path) -> None:
    assert "sources" in tasks()
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": 1}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match="malformed JSON"):
        evaluate("sources", str(bad))


def test_sources_eval_scores_the_tune_half(shared_data, monkeypatch) -> None:
    from pathlib import Path

    from warta.evaluation.sources import evaluate as score

    gold = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "quotes.jsonl"
    monkeypatch.setenv("WARTA_DATA", str(shared_data))
    tune = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line)["split"] == "tune"]
    result = score(str(gold), split="tune")["tune"]
    assert result["articles"] == len(tune)
    assert result["links"]["gold"] == sum(len(g["sources"]) for g in tune)
    assert result["links"]["precision"] >= 0.9 and result["links"]["recall"] >= 0.85
