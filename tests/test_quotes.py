"""Quotes stage: quote marks, cues, direct/split/partial/mixed/indirect quotes and speaker resolution."""

from __future__ import annotations

import re

import pytest

from warta.model import Dateline, Document
from warta.pipeline import REGISTRY, STAGE_NAMES
from warta.stages.quotes import lexicon, quote_spans, run
from warta.stages.segment import run as segment


def _doc(text: str, people: list[tuple[str, str]] = (), orgs: list[tuple[str, str]] = (),
         dateline: str | None = None) -> Document:
    """A segmented Document with hand-made linked PER/ORG mentions, then the quotes stage."""
    doc = segment(Document(text=text))
    for label, pairs in (("PER", people), ("ORG", orgs)):
        for surface, canonical in pairs:
            for m in re.finditer(rf"\b{re.escape(surface)}\b", text):
                if any(e["start"] <= m.start() < e["end"] for e in doc.entities):
                    continue
                doc.entities.append({"start": m.start(), "end": m.end(), "text": surface, "label": label,
                                     "canonical": canonical, "entity_id": f"{label}:{canonical.lower()}"})
    doc.entities.sort(key=lambda m: m["start"])
    if dateline:
        doc.dateline = Dateline(0, len(dateline), dateline)
    return run(doc)


def _only(doc: Document, kind: str) -> list[dict]:
    return [q for q in doc.quotes if q["type"] == kind]


@pytest.mark.parametrize("text, inside", [
    ("“Kami siap bekerja,” kata Budi.", "Kami siap bekerja,"),
    ('"Kami siap bekerja," kata Budi.', "Kami siap bekerja,"),
    ("'Kami siap bekerja,' kata Budi.", "Kami siap bekerja,"),
    ("«Kami siap bekerja,» kata Budi.", "Kami siap bekerja,"),
    ("‘Kami siap bekerja,’ kata Budi.", "Kami siap bekerja,"),
    ("”Kami siap bekerja,” kata Budi.", "Kami siap bekerja,"),
    ("“Kami siap bekerja,\" kata Budi.", "Kami siap bekerja,"),
])
def test_quotes_marks_of_every_style(text: str, inside: str) -> None:
    assert [text[s:e] for q in quote_spans(text) for s, e in q] == [inside]


def test_quotes_apostrophes_inside_words_are_not_marks() -> None:
    text = "Wakil Presiden Ma'ruf Amin salat Jum'at di masjid raya."
    assert quote_spans(text) == []


def test_quotes_multi_paragraph_quote_is_one_quote() -> None:
    text = ("Camat Lestari Dewi meninjau lokasi jembatan.\n\n"
            "“Jembatan ini sudah lama ditunggu warga dari tiga desa yang selama ini memutar jauh.\n\n"
            "“Kami menargetkan selesai pada bulan Desember,” katanya.")
    doc = _doc(text, [("Lestari Dewi", "Lestari Dewi")])
    (quote,) = _only(doc, "direct")
    assert len(quote["spans"]) == 2 and quote["cue"]["lemma"] == "kata"
    assert quote["speaker_canonical"] == "Lestari Dewi"


def test_quotes_adjacent_quoted_paragraphs_are_one_quote() -> None:
    text = ("\"Sawah kami terendam sejak Senin pagi dan belum surut.\"\n\n"
            "\"Benih yang baru ditanam semuanya rusak,\" kata Karno, petani setempat.")
    doc = _doc(text, [("Karno", "Karno")])
    (quote,) = _only(doc, "direct")
    assert len(quote["spans"]) == 2 and quote["speaker_canonical"] == "Karno"


def test_quotes_postposed_cue_name_and_nya_pronoun() -> None:
    text = ('Gubernur Rina Kartika meninjau lokasi banjir. “Bantuan sudah dikirim,” kata Rina. '
            '“Warga jangan panik,” ujarnya.')
    doc = _doc(text, [("Rina Kartika", "Rina Kartika"), ("Rina", "Rina Kartika")])
    direct = _only(doc, "direct")
    assert [q["cue"]["lemma"] for q in direct] == ["kata", "ujar"]
    assert [q["speaker_canonical"] for q in direct] == ["Rina Kartika", "Rina Kartika"]
    assert direct[1]["speaker"]["kind"] == "pronoun" and direct[1]["speaker"]["text"] == "ujarnya"


def test_quotes_kata_dia_resolves_to_last_person() -> None:
    text = ("Kepala Basarnas Hendra Gunawan memimpin pencarian. "
            "“Tim kami bekerja sampai malam,” kata dia.")
    doc = _doc(text, [("Hendra Gunawan", "Hendra Gunawan")])
    (quote,) = _only(doc, "direct")
    assert quote["speaker"]["kind"] == "pronoun" and quote["speaker_canonical"] == "Hendra Gunawan"


def test_quotes_preposed_and_post_verb_cues() -> None:
    text = ('Direktur PT Sinar Laut, Bambang Suryadi, mengatakan, "Kami akan menambah armada tahun depan." '
            '"Pasar ekspor masih terbuka lebar," Bambang menegaskan.')
    doc = _doc(text, [("Bambang Suryadi", "Bambang Suryadi"), ("Bambang", "Bambang Suryadi")])
    direct = _only(doc, "direct")
    assert [q["cue"]["text"] for q in direct] == ["mengatakan", "menegaskan"]
    assert [q["speaker"]["text"] for q in direct] == ["Bambang Suryadi", "Bambang"]
    assert {q["speaker_canonical"] for q in direct} == {"Bambang Suryadi"}


def test_quotes_split_quote_has_two_spans() -> None:
    text = '“Harga beras stabil,” kata Menteri Perdagangan Agus Salim. “Stok cukup sampai Lebaran.”'
    doc = _doc(text, [("Agus Salim", "Agus Salim")])
    (quote,) = _only(doc, "direct")
    assert [text[s:e] for s, e in quote["spans"]] == ["Harga beras stabil,", "Stok cukup sampai Lebaran."]
    assert quote["speaker_canonical"] == "Agus Salim" and quote["speaker"]["text"] == "Agus Salim"


def test_quotes_cueless_paragraph_after_narrative_is_a_separate_quote() -> None:
    text = ("“Pasokan listrik akan pulih malam ini,” kata Dedi Kurnia.\n\n"
            "Petugas masih memperbaiki gardu yang rusak diterjang angin kencang sejak sore.\n\n"
            "“Kami mohon warga bersabar karena perbaikan butuh waktu lama.”")
    doc = _doc(text, [("Dedi Kurnia", "Dedi Kurnia")])
    direct = _only(doc, "direct")
    assert len(direct) == 2 and direct[1]["cue"] is None
    assert direct[1]["speaker_canonical"] == "Dedi Kurnia"
    assert direct[1]["confidence"] < direct[0]["confidence"]


def test_quotes_partial_quote_with_its_speaker() -> None:
    text = "Pengamat ekonomi Lina Marlina menilai kebijakan itu sebagai langkah 'setengah hati' pemerintah."
    doc = _doc(text, [("Lina Marlina", "Lina Marlina")])
    (quote,) = _only(doc, "partial")
    assert quote["text"] == "setengah hati" and quote["speaker_canonical"] == "Lina Marlina"


def test_quotes_titles_and_scare_quotes_are_not_quotes() -> None:
    text = ('Festival itu bertajuk "Senja di Pelabuhan Lama Kita" dan dibuka Sabtu. '
            'Para "relawan" itu datang membawa sapu dan karung sampah.')
    assert [q for q in _doc(text).quotes if q["type"] in {"direct", "partial"}] == []


def test_quotes_mixed_quote_takes_the_reported_clause() -> None:
    text = ('Juru bicara Kementerian Luar Negeri Teuku Faizal menyatakan bahwa Indonesia "sangat prihatin" '
            'atas serangan itu.')
    doc = _doc(text, [("Teuku Faizal", "Teuku Faizal")])
    assert [q["type"] for q in doc.quotes] == ["mixed"]
    assert doc.quotes[0]["text"] == 'Indonesia "sangat prihatin" atas serangan itu'


@pytest.mark.parametrize("text, clause, lemma", [
    ("Kapolres Budi Santoso mengatakan bahwa pelaku sudah ditangkap di Bekasi.",
     "pelaku sudah ditangkap di Bekasi", "kata"),
    ("Bupati Budi Santoso meminta warga agar tidak membuang sampah ke sungai.",
     "tidak membuang sampah ke sungai", "minta"),
    ("Ketua KPU Budi Santoso menegaskan, pemilihan tetap digelar sesuai jadwal.",
     "pemilihan tetap digelar sesuai jadwal", "tegas"),
    ("Budi Santoso mengatakan pihaknya akan membuka posko baru besok.",
     "pihaknya akan membuka posko baru besok", "kata"),
    ("Budi Santoso mengaku senang dengan hasil panen tahun ini.",
     "senang dengan hasil panen tahun ini", "aku"),
    ("Menurut Budi Santoso, harga pupuk naik dua kali lipat.",
     "harga pupuk naik dua kali lipat", "menurut"),
    ("Sebelumnya, Budi Santoso juga menyampaikan bahwa stok beras aman sampai Maret.",
     "stok beras aman sampai Maret", "sampai"),
])
def test_quotes_indirect_forms(text: str, clause: str, lemma: str) -> None:
    doc = _doc(text, [("Budi Santoso", "Budi Santoso")])
    (quote,) = doc.quotes
    assert quote["type"] == "indirect" and quote["text"] == clause
    assert quote["cue"]["lemma"] == lemma and quote["speaker_canonical"] == "Budi Santoso"


def test_quotes_inserted_cue_splits_the_clause() -> None:
    text = ("Wali Kota Ratna Sari membuka pelatihan itu. "
            "Program tersebut, katanya, akan diperluas ke seluruh kecamatan.")
    doc = _doc(text, [("Ratna Sari", "Ratna Sari")])
    (quote,) = doc.quotes
    spans = [text[s:e] for s, e in quote["spans"]]
    assert spans == ["Program tersebut", "akan diperluas ke seluruh kecamatan"]
    assert quote["speaker"]["kind"] == "pronoun" and quote["speaker_canonical"] == "Ratna Sari"


def test_quotes_menurutnya_resolves_to_last_speaker() -> None:
    text = ("Ekonom Dian Pertiwi menilai inflasi masih terkendali. "
            "Menurutnya, harga pangan akan turun setelah panen raya.")
    doc = _doc(text, [("Dian Pertiwi", "Dian Pertiwi")])
    assert [q["speaker_canonical"] for q in doc.quotes] == ["Dian Pertiwi", "Dian Pertiwi"]
    assert doc.quotes[1]["speaker"]["text"] == "Menurutnya"


@pytest.mark.parametrize("text", [
    "Kepala dinas itu menjelaskan alasannya kepada para wartawan.",
    "Presiden Iran menyatakan kemenangan atas kelompok itu di perbatasan.",
    "Polisi tidak membantah bahwa ada korban dalam kejadian tersebut.",
    "Menurut data BPS, jumlah penduduk miskin turun tahun ini.",
    "Warga berharap jalan desa segera diperbaiki sebelum musim hujan.",
])
def test_quotes_non_statements_are_not_quotes(text: str) -> None:
    assert _doc(text).quotes == []


def test_quotes_role_speaker_resolves_to_the_holder() -> None:
    text = ('Menteri Pertahanan Arif Budiman hadir dalam rapat kabinet. "Kita harus siap menghadapi '
            'segala kemungkinan," ujar Menhan.')
    doc = _doc(text, [("Arif Budiman", "Arif Budiman")])
    (quote,) = doc.quotes
    assert quote["speaker"]["text"] == "Menhan" and quote["speaker"]["kind"] == "role"
    assert quote["speaker_canonical"] == "Arif Budiman"


def test_quotes_role_without_holder_keeps_role_and_organisation() -> None:
    doc = _doc("“Kami menolak rencana itu dengan tegas,” kata juru bicara Kemlu.")
    (quote,) = doc.quotes
    assert quote["speaker"]["kind"] == "role" and quote["speaker_canonical"] == "juru bicara Kemlu"


def test_quotes_group_speaker_is_kept_as_written() -> None:
    doc = _doc("Para pejabat AS mengatakan bahwa kapal perang itu akan tiba pekan depan.")
    (quote,) = doc.quotes
    assert quote["speaker"]["kind"] == "group" and quote["speaker_canonical"] == "Para pejabat AS"


def test_quotes_anaphoric_role_refers_back() -> None:
    text = ("Persib ditahan imbang oleh tamunya. Pelatih Persib, Rudi Hartono, kecewa dengan hasil itu. "
            "Pelatih asal Bandung itu menilai bahwa para pemainnya kurang tenang di depan gawang.")
    doc = _doc(text, [("Rudi Hartono", "Rudi Hartono")], orgs=[("Persib", "Persib Bandung")])
    (quote,) = doc.quotes
    assert quote["speaker"]["kind"] == "role" and quote["speaker_canonical"] == "Rudi Hartono"


def test_quotes_dateline_outlet_is_never_the_speaker() -> None:
    text = "Warta.id, Jakarta - Kepala BPOM, Taruna Jaya, menyampaikan bahwa obat itu harus ditarik."
    doc = _doc(text, [("Taruna Jaya", "Taruna Jaya")], orgs=[("Warta.id", "Warta.id")],
               dateline="Warta.id, Jakarta -")
    (quote,) = doc.quotes
    assert quote["speaker_canonical"] == "Taruna Jaya"


def test_quotes_output_shape_and_medium_left_to_sources() -> None:
    doc = _doc('"Kami siap bertanding besok malam," kata Andi Wijaya.', [("Andi Wijaya", "Andi Wijaya")])
    (quote,) = doc.quotes
    assert set(quote) == {"type", "spans", "start", "end", "text", "cue", "speaker", "speaker_canonical",
                          "speaker_entity", "medium", "confidence"}
    assert quote["medium"] is None and quote["speaker_entity"] == "PER:andi wijaya"
    assert doc.text[quote["cue"]["start"]:quote["cue"]["end"]] == quote["cue"]["text"] == "kata"


def test_quotes_cue_words_live_in_the_resource() -> None:
    lex = lexicon()
    assert lex.lemmas["mengatakan"] == "kata" and lex.lemmas["menegaskan"] == "tegas"
    assert {"kata", "ujar", "tutur", "ucap", "cetus", "klaim", "imbuh", "papar"} <= lex.roots


def test_quotes_stage_registered_after_link() -> None:
    stage = next(s for s in REGISTRY if s.name == "quotes")
    assert "link" in stage.requires and STAGE_NAMES.index("quotes") > STAGE_NAMES.index("link")
