"""Tests for the entities stage, the shipped NER model, the label schemes and ``warta eval ner``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warta.errors import InputError
from warta.evaluation import ner as ner_eval
from warta.model import Document
from warta.models.ner import load, marginals, viterbi
from warta.models.ner.features import casing, normalize
from warta.models.ner.schemes import TAGS, detect, map_tag, repair
from warta.pipeline import REGISTRY, Pipeline
from warta.stages import entities, segment

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "benchmarks" / "baselines" / "ner.json"
LABELS = {"PER", "ORG", "LOC", "EVT"}

# Sentences written for these tests (not taken from any data set).
NEWS = (
    "JAKARTA - Gubernur Jawa Tengah Ganjar Pranowo meninjau banjir di Kota Semarang pada Selasa pagi. "
    "Ia didampingi Kepala Badan Nasional Penanggulangan Bencana, Suharyanto.\n"
    "Sementara itu, Presiden Joko Widodo dijadwalkan membuka Pekan Olahraga Nasional di Papua."
)


def _tagged(text: str) -> Document:
    """A Document with clean text, segmented and tagged."""
    return entities.run(segment.run(Document(text=text)))


def test_entities_registered_after_segment() -> None:
    """The stage sits right after segment in the registry and requires it."""
    names = [s.name for s in REGISTRY]
    stage = REGISTRY[names.index("entities")]
    assert names.index("entities") == names.index("segment") + 1
    assert stage.requires == ("segment",)
    assert stage.assigns == ("entities",)


def test_entities_stage_contract() -> None:
    """Entities are sorted dicts aligned to tokens, labelled PER/ORG/LOC/EVT; nothing else changes."""
    doc = segment.run(Document(text=NEWS))
    sentences, tokens = list(doc.sentences), list(doc.tokens)
    entities.run(doc)
    assert doc.sentences == sentences
    assert doc.tokens == tokens
    assert doc.entities
    starts = {t.start for t in doc.tokens}
    ends = {t.end for t in doc.tokens}
    for ent in doc.entities:
        assert set(ent) == {"start", "end", "text", "label", "confidence"}
        assert ent["label"] in LABELS
        assert ent["text"] == doc.text[ent["start"] : ent["end"]]
        assert ent["start"] in starts
        assert ent["end"] in ends
        assert 0.0 <= ent["confidence"] <= 1.0
    keys = [(e["start"], e["end"]) for e in doc.entities]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("text", "entity", "label"),
    [
        ("Presiden Joko Widodo meresmikan jalan tol baru di Sumatera Utara.", "Joko Widodo", "PER"),
        ("Menteri Keuangan Sri Mulyani Indrawati berbicara di Jakarta, Senin.", "Jakarta", "LOC"),
        ("Pemerintah Provinsi Bali menutup sementara Bandara Ngurah Rai.", "Bali", "LOC"),
    ],
)
def test_entities_finds_clear_entities(text: str, entity: str, label: str) -> None:
    """Obvious names in cased news sentences are found with the right label."""
    found = {(e["text"], e["label"]) for e in _tagged(text).entities}
    assert any(entity in t and lab == label for t, lab in found), found


def test_entities_lowercase_input() -> None:
    """Lowercase text (as in NERP) still yields the person and the place."""
    doc = _tagged("presiden joko widodo meresmikan jalan tol baru di sumatera utara kemarin.")
    found = {(e["text"], e["label"]) for e in doc.entities}
    assert any("joko widodo" in t and lab == "PER" for t, lab in found), found
    assert any("sumatera" in t and lab == "LOC" for t, lab in found), found


def test_entities_empty_document() -> None:
    """A document without text gets no entities."""
    assert _tagged("").entities == []


def test_entities_in_pipeline_json_schema() -> None:
    """The pipeline output validates against the entities item schema."""
    jsonschema = pytest.importorskip("jsonschema")
    from warta.readers import document_from_text

    doc = Pipeline("clean,segment,entities")(document_from_text(NEWS))
    schema = json.loads((ROOT / "src" / "warta" / "schema" / "document-1.0.schema.json").read_text())
    jsonschema.validate(doc.to_json(), schema)
    item = schema["properties"]["entities"]["items"]
    extra = {"start": 0, "end": 3, "text": "ABC", "label": "ORG", "confidence": None, "id": "x"}
    jsonschema.validate(extra, item)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"start": 0, "end": 3, "text": "ABC", "label": "MISC"}, item)


def test_entities_model_loads_once() -> None:
    """The model is cached per process."""
    assert load() is load()


def test_entities_tagger_handles_mixed_lengths() -> None:
    """Sentences of very different lengths in one batch are tagged as they are alone."""
    model = load()
    short = ["Ketua", "KPU", "Hasyim", "Asy'ari", "hadir", "."]
    long = ["Rapat", "di", "gedung", "DPR", "Senayan", "itu", "dihadiri", "oleh", "banyak", "pejabat",
            "dari", "berbagai", "kementerian", "."]
    together = model.tag([long, short, []])
    assert together[0].tags == model.tag([long])[0].tags
    assert together[1].tags == model.tag([short])[0].tags
    assert together[2].tags == []


def test_entities_crf_decoding_small_case() -> None:
    """Viterbi and marginals agree with brute force on a tiny two-tag CRF."""
    import itertools

    import numpy as np

    em = np.array([[[1.0, 0.0], [0.0, 2.0], [0.5, 0.0]]])
    trans = np.array([[0.0, -1.0], [0.5, 0.0]])
    start = np.array([0.0, 0.2])
    scores = {}
    for path in itertools.product(range(2), repeat=3):
        s = start[path[0]] + sum(em[0, i, p] for i, p in enumerate(path))
        s += sum(trans[a, b] for a, b in itertools.pairwise(path))
        scores[path] = s
    best = max(scores, key=scores.get)
    assert viterbi(em, trans, start, np.array([3]))[0] == list(best)
    z = sum(np.exp(v) for v in scores.values())
    p_first_1 = sum(np.exp(v) for k, v in scores.items() if k[0] == 1) / z
    assert marginals(em, trans, start, np.array([3]))[0, 0, 1] == pytest.approx(p_first_1)


@pytest.mark.parametrize(
    ("tag", "scheme", "expected"),
    [
        ("B-PPL", "nerp", "B-PER"), ("I-IND", "nerp", "I-ORG"), ("B-FNB", "nerp", "O"),
        ("B-PLACE", "nergrit", "B-LOC"), ("I-ORGANISATION", "nergrit", "I-ORG"),
        ("B-TIME", "indolem", "O"), ("B-LOCATION", "indolem", "B-LOC"), ("B-GPE", "warta", "B-LOC"),
    ],
)
def test_entities_label_mapping(tag: str, scheme: str, expected: str) -> None:
    """Every shared set's types map onto PER/ORG/LOC/EVT (FNB, TIME, QUANTITY dropped)."""
    from warta.models.ner.schemes import scheme as get

    assert map_tag(tag, get(scheme).mapping) == expected


def test_entities_scheme_detection_and_repair() -> None:
    """Schemes are told apart by their type names; stray I- tags become B-."""
    assert detect({"PPL", "EVT"}).name == "nerp"
    assert detect({"PERSON", "PLACE"}).name == "nergrit"
    assert detect({"PERSON", "QUANTITY"}).name == "indolem"
    assert detect({"PER", "LOC"}).name == "idner"
    assert detect({"PER", "EVT"}).name == "warta"
    assert detect({"MISC"}) is None
    assert repair(["O", "I-PER", "I-PER", "B-LOC", "I-ORG"]) == ["O", "B-PER", "I-PER", "B-LOC", "B-ORG"]
    assert len(TAGS) == 9


def test_entities_features() -> None:
    """Word keys are case-free with digits folded; casing classes tell shapes apart."""
    assert normalize("Rp2.500") == "rp0.000"
    assert casing("jakarta") != casing("Jakarta") != casing("KPK")
    assert casing("2024") != casing(",")


def _write(tmp_path: Path, text: str) -> str:
    """Write a CoNLL file and return its path."""
    path = tmp_path / "gold.conll"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Budi\tB-PER\nSantoso I-PER\n\n", 2),
        ("Budi\tB-PER\tNNP\n\n", 1),
        ("Budi\tB-PER\npergi\tX-PER\n\n", 2),
    ],
)
def test_entities_eval_rejects_malformed_lines(tmp_path: Path, text: str, line: int) -> None:
    """A malformed line raises InputError naming the file and line."""
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as err:
        ner_eval.evaluate(path)
    assert err.value.line == line
    assert err.value.path == path


def test_entities_eval_rejects_empty_and_unknown(tmp_path: Path) -> None:
    """An empty file or an unknown tag set is refused."""
    with pytest.raises(InputError):
        ner_eval.evaluate(_write(tmp_path, "\n\n"))
    with pytest.raises(InputError):
        ner_eval.evaluate(_write(tmp_path, "Budi\tB-MISC\n\n"))
    with pytest.raises(InputError):
        ner_eval.evaluate(str(tmp_path / "missing.conll"))


def test_entities_eval_output_shape(tmp_path: Path) -> None:
    """warta eval ner returns micro and per-type scores and counts."""
    gold = (
        "Presiden\tO\nJoko\tB-PERSON\nWidodo\tI-PERSON\ntiba\tO\ndi\tO\nSurabaya\tB-LOCATION\n.\tO\n\n"
        "Harga\tO\ncabai\tO\nnaik\tO\n.\tO\n\n"
    )
    result = ner_eval.evaluate(_write(tmp_path, gold))
    assert set(result) >= {"micro", "per_type", "sentences", "tokens"}
    assert set(result["micro"]) == {"precision", "recall", "f1"}
    assert result["sentences"] == 2
    assert result["tokens"] == 11
    assert result["scheme"] == "indolem"
    assert "EVT" not in result["per_type"]
    assert result["micro"]["f1"] > 0.5


def test_entities_score_gate(shared_data: Path) -> None:
    """Strict micro F1 on the shared splits does not drop below the committed baseline."""
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    for key, floor in baseline["f1"].items():
        path = shared_data / "ner" / f"{key}.conll"
        f1 = ner_eval.evaluate(str(path))["micro"]["f1"]
        assert f1 >= floor - baseline["tolerance"], f"{key}: F1 {f1:.4f} < baseline {floor:.4f}"


def _tiny_model(folder: Path, *, gazetteer: dict[str, int] | None) -> Path:
    """Write a random two-word NER model (with a gazetteer-class embedding when a table is given)."""
    import numpy as np

    from warta.models.ner.features import CASES, GAZ_CLASSES

    rng = np.random.default_rng(7)
    hid, k, gdim = 3, len(TAGS), 2 if gazetteer is not None else 0
    width = 4 + 5 + 2 + gdim
    arrays = {"words": rng.normal(size=(4, 4)).astype(np.float16), "chars": rng.normal(size=(5, 3)),
              "conv_w": rng.normal(size=(5, 3, 3)), "conv_b": rng.normal(size=5),
              "case": rng.normal(size=(len(CASES), 2)), "emit_nerp_w": rng.normal(size=(k, 2 * hid)),
              "emit_nerp_b": np.zeros(k), "trans_nerp": np.zeros((k, k)), "start_nerp": np.zeros(k)}
    for d in "fb":
        arrays |= {f"lstm_{d}_wi": rng.normal(size=(4 * hid, width)),
                   f"lstm_{d}_wh": rng.normal(size=(4 * hid, hid)), f"lstm_{d}_b": np.zeros(4 * hid)}
    if gazetteer is not None:
        arrays["gaz"] = rng.normal(size=(GAZ_CLASSES, gdim))
    folder.mkdir()
    np.savez(folder / "weights.npz", **{n: a.astype(np.float32) if a.dtype == np.float64 else a
                                         for n, a in arrays.items()})
    meta = {"tags": list(TAGS), "heads": ["nerp"], "news_head": "nerp", "words": ["", "", "kota", "jakarta"],
            "chars": ["", "", "a", "k"], **({"gazetteer": gazetteer} if gazetteer is not None else {})}
    (folder / "vocab.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_entities_gazetteer_feature_reaches_encoder(tmp_path: Path) -> None:
    """A model with a gazetteer embedding appends each word's class vector to its input features."""
    from warta.models.ner import NerModel
    from warta.models.ner.features import GAZ_BITS

    place = GAZ_BITS["place_name"]
    model = NerModel(_tiny_model(tmp_path / "gaz", gazetteer={"jakarta": place}))
    tagged = model.tag([["Jakarta", "kota", "Bandung"]])
    assert len(tagged[0].tags) == 3
    assert model._cache["Jakarta"][-2:].tolist() == model.gaz_emb[place].tolist()
    assert model._cache["Bandung"][-2:].tolist() == model.gaz_emb[0].tolist()
    plain = NerModel(_tiny_model(tmp_path / "plain", gazetteer=None))
    plain.tag([["Jakarta"]])
    assert plain._cache["Jakarta"].shape[0] == model._cache["Jakarta"].shape[0] - 2
