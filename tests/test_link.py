"""Link stage: in-document coreference, acronyms, roles, country codes and ambiguous short forms."""

from __future__ import annotations

from tests_helpers import doc_with_mentions as _doc

from warta.model import Document
from warta.stages.link import acronym_definitions, run, slug


def _by_text(doc: Document) -> dict[str, dict]:
    return {m["text"]: m for m in doc.entities}


def test_link_person_surname_and_role_join_the_full_name() -> None:
    text = ("Menteri Pertahanan (Menhan) Rusia Sergei Shoigu tiba di Pyongyang. Shoigu bertemu pejabat "
            "Korea Utara (Korut). Menhan mengatakan kunjungan itu penting.")
    doc = run(_doc(text, [("Sergei Shoigu", "PER"), ("Pyongyang", "LOC"), ("Shoigu", "PER"),
                          ("Korea Utara", "LOC"), ("Korut", "LOC"), ("Menhan", "PER")]))
    m = doc.entities
    assert m[0]["cluster"] == m[2]["cluster"] == m[5]["cluster"]
    assert m[0]["canonical"] == m[5]["canonical"] == "Sergei Shoigu"
    assert m[0]["country"] == "RUS" and m[0]["role"] == "GOV"
    assert m[3]["cluster"] == m[4]["cluster"] and m[4]["canonical"] == "Korea Utara"
    assert m[4]["country"] == "PRK" and m[4]["entity_id"] == "GPE:PRK"
    assert m[1]["country"] == "PRK" and m[1]["kind"] == "capital"


def test_link_acronym_definitions_in_text() -> None:
    text = "Kantor berita Korean Central News Agency (KCNA) melaporkan uji coba rudal."
    assert acronym_definitions(text) == {"kcna": "Korean Central News Agency"}
    assert acronym_definitions("Komisi Pemberantasan Korupsi (KPK) memeriksa saksi.") == {
        "kpk": "Komisi Pemberantasan Korupsi"}
    doc = run(_doc(text, [("Korean Central News Agency", "ORG"), ("KCNA", "ORG")]))
    assert doc.entities[0]["cluster"] == doc.entities[1]["cluster"]
    assert doc.entities[1]["canonical"] == "Korean Central News Agency" and doc.entities[1]["role"] == "MED"


def test_link_as_is_a_country_in_country_context() -> None:
    text = "Presiden AS Donald Trump menjatuhkan sanksi. Pemerintah AS menyebut sanksi berlaku di AS."
    doc = run(_doc(text, [("AS", "LOC"), ("Donald Trump", "PER"), ("AS", "LOC"), ("AS", "LOC")]))
    countries = [m for m in doc.entities if m["text"] == "AS"]
    assert all(m["country"] == "USA" and m["canonical"] == "Amerika Serikat" for m in countries)
    assert doc.entities[1]["country"] == "USA" and doc.entities[1]["role"] == "GOV"


def test_link_as_as_initials_is_not_a_country() -> None:
    text = "Polisi menangkap tersangka berinisial AS (34) di rumahnya. AS mengaku menyesal."
    doc = run(_doc(text, [("AS", "PER"), ("AS", "PER")]))
    assert all(m["country"] is None and m["type"] == "PER" for m in doc.entities)
    assert doc.entities[0]["cluster"] == doc.entities[1]["cluster"]


def test_link_office_holder_comes_from_the_article() -> None:
    for name in ("Joko Widodo", "Prabowo Subianto"):
        text = f"Presiden {name} meresmikan bendungan. Presiden meminta proyek dirawat."
        doc = run(_doc(text, [(name, "PER"), ("Presiden", "PER")]))
        assert doc.entities[1]["canonical"] == name and doc.entities[1]["role"] == "GOV"


def test_link_nicknames_short_forms_and_ids() -> None:
    text = "Jokowi bertemu Presiden Joko Widodo? Bukan: Jokowi adalah Joko Widodo. RRC dan Tiongkok sama."
    doc = run(_doc(text, [("Jokowi", "PER"), ("Joko Widodo", "PER"), ("RRC", "LOC"), ("Tiongkok", "LOC")]))
    by = _by_text(doc)
    assert by["Jokowi"]["cluster"] == by["Joko Widodo"]["cluster"]
    assert by["Jokowi"]["entity_id"] == "PER:joko-widodo"
    assert by["RRC"]["cluster"] == by["Tiongkok"]["cluster"] and by["RRC"]["entity_id"] == "GPE:CHN"
    assert slug("Kim Jong-un") == "kim-jong-un"


def test_link_organisation_aliases_cluster_and_keep_article_names() -> None:
    text = "Komisi Pemberantasan Korupsi memeriksa saksi. Juru bicara KPK membenarkan pemeriksaan itu."
    doc = run(_doc(text, [("Komisi Pemberantasan Korupsi", "ORG"), ("KPK", "ORG")]))
    assert doc.entities[0]["cluster"] == doc.entities[1]["cluster"]
    assert doc.entities[1]["canonical"] == "Komisi Pemberantasan Korupsi"
    assert doc.entities[1]["country"] == "IDN" and doc.entities[1]["role"] == "JUD"


def test_link_leaves_offsets_alone() -> None:
    text = "Warga Bandung dan Jakarta memadati Gelora Bung Karno."
    doc = _doc(text, [("Bandung", "LOC"), ("Jakarta", "LOC"), ("Gelora Bung Karno", "LOC")])
    spans = [(m["start"], m["end"], m["text"]) for m in doc.entities]
    run(doc)
    assert [(m["start"], m["end"], m["text"]) for m in doc.entities] == spans
    assert doc.entities[0]["country"] == "IDN" and doc.entities[2]["kind"] is None


def test_link_indonesian_short_place_names_cluster_with_full_names() -> None:
    text = "Wali Kota Surakarta meresmikan pasar. Warga Solo menyambut baik. DKI Jakarta ikut meniru."
    doc = run(_doc(text, [("Surakarta", "LOC"), ("Solo", "LOC"), ("DKI Jakarta", "LOC")]))
    surakarta, solo, jakarta = doc.entities
    assert surakarta["cluster"] == solo["cluster"] and solo["canonical"] == "Surakarta"
    assert solo["country"] == "IDN" and solo["kind"] == "city"
    assert jakarta["canonical"] == "DKI Jakarta" and jakarta["kind"] == "province"
