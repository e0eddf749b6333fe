"""``warta eval quotes``: PFSA-ID reading, text rebuilding, matching, speaker folding, JSON shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from warta import evaluation
from warta.cli import main
from warta.errors import InputError
from warta.evaluation import quotes as qe
from warta.model import Document, OffsetMap

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PFSA_TXT = FIXTURES / "quotes_pfsa.txt"


def test_quotes_eval_reads_pfsa_articles_with_silver_speakers() -> None:
    docs = qe.load_pfsa(PFSA_TXT)
    assert len(docs) == 2 and docs[0].tokens[:3] == ["JAKARTA", ",", "KOMPAS"]
    assert sorted(docs[1].speakers.values()) == ["Siti Aminah"]


def test_quotes_eval_rebuild_attaches_punctuation_and_marks() -> None:
    tokens = ["Ia", "datang", ",", "Senin", "(", "3", "/", "5", ")", ".", "”",
              "Kami", "siap", ",", "”", "kata", "Budi", "."]
    text, offsets = qe.rebuild(tokens, [0, 11])
    assert text == "Ia datang, Senin (3 / 5). ”Kami siap,” kata Budi."
    assert [text[s:e] for s, e in offsets] == tokens


def test_quotes_eval_bilou_spans() -> None:
    labels = ["O", "B-STATEMENT", "I-STATEMENT", "L-STATEMENT", "U-CUE", "B-PERSON", "L-PERSON", "O"]
    assert qe.bilou_spans(labels) == [("STATEMENT", 1, 4), ("CUE", 4, 5), ("PERSON", 5, 7)]


def test_quotes_eval_match_is_one_to_one_on_half_the_shorter() -> None:
    gold = [frozenset(range(0, 10)), frozenset(range(20, 30))]
    pred = [frozenset(range(0, 30)), frozenset(range(4, 8)), frozenset(range(40, 50))]
    assert qe.match(gold, pred) == {0: 0}  # one prediction matches one gold quote only
    assert qe.match([frozenset(range(0, 10))], [frozenset(range(8, 30))]) == {}
    assert qe.match([frozenset(range(0, 10))], [frozenset(range(5, 30))]) == {0: 0}


@pytest.mark.parametrize("pred, gold, same", [
    ("Joko Widodo", "joko  widodo", True),
    ("Jorge Martin", "Martin", True),
    ("salah satu akunTikTok", "salah satu akun TikTok", True),
    ("Joko Widodo", "Presiden", False),
    (None, "Budi", False),
    (None, None, True),
])
def test_quotes_eval_speaker_names_are_folded(pred: str | None, gold: str | None, same: bool) -> None:
    assert qe.same_speaker(pred, gold) is same


def test_quotes_eval_json_shape_on_pfsa_fixture() -> None:
    scores = evaluation.evaluate("quotes", str(PFSA_TXT))
    for kind in ("statement", "cue", "speaker"):
        assert set(scores[kind]) >= {"exact", "overlap", "token"}
        for block in ("exact", "overlap", "token"):
            assert set(scores[kind][block]) == {"precision", "recall", "f1"}
            assert all(0.0 <= v <= 1.0 for v in scores[kind][block].values())
    assert scores["statement"]["gold"] == 2 and scores["statement"]["overlap"]["recall"] > 0
    assert scores["speaker_accuracy"]["n"] <= 2 and scores["docs"] == 2
    assert set(scores["not_scored"]) >= {"indirect", "partial", "mixed"}


def test_quotes_eval_scores_own_gold_records() -> None:
    text = "“Kami siap,” kata Budi Santoso. Ia mengatakan bahwa tim sudah berlatih sebulan."
    doc = Document(text=text, raw=text, offsets=OffsetMap([(0, 0, len(text))]))
    doc.quotes = [{"type": "direct", "spans": [[1, 11]], "speaker_canonical": "Budi Santoso"},
                  {"type": "indirect", "spans": [[51, 79]], "speaker_canonical": "Andi"}]
    budi = {"canonical_speaker": "Budi Santoso"}
    gold = {"quotes": [{"type": "direct", "spans": [[1, 11]], "speaker_kind": "name", **budi},
                       {"type": "indirect", "spans": [[51, 79]], "speaker_kind": "pronoun", **budi},
                       {"type": "partial", "spans": [[13, 17]], "speaker_kind": "name", **budi}]}
    scores = qe.score_gold([(gold, doc)])
    assert scores["quotes"]["precision"] == 1.0 and scores["quotes"]["recall"] == round(2 / 3, 4)
    assert scores["speaker_accuracy"] == 0.5 and scores["speaker_accuracy_pronoun_role"] == 0.0


def test_quotes_eval_bad_file_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Kami\tB-STATEMENT\nsiap\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.txt:2: expected"):
        qe.evaluate(str(bad))
    assert main(["eval", "quotes", str(bad)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
