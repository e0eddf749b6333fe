"""Quotes stage (work in progress, not yet in the pipeline): quote spans, cues and speakers."""

from __future__ import annotations

import re

from warta.model import Document
from warta.stages.quotes import quote_spans, run
from warta.stages.segment import run as segment


def _doc(text: str, people: list[tuple[str, str]] = ()) -> Document:
    doc = segment(Document(text=text))
    for surface, canonical in people:
        for m in re.finditer(re.escape(surface), text):
            doc.entities.append({"start": m.start(), "end": m.end(), "text": surface, "label": "PER",
                                 "canonical": canonical, "entity_id": f"PER:{canonical.lower()}"})
    doc.entities.sort(key=lambda m: m["start"])
    return run(doc)


def test_quotes_spans_curly_straight_and_kompas_marks() -> None:
    text = '“Kami siap,” kata Budi. "Tidak ada masalah," ujarnya. ”Semua aman,” kata Sari.'
    spans = [text[s:e] for q in quote_spans(text) for s, e in q]
    assert spans == ["Kami siap,", "Tidak ada masalah,", "Semua aman,"]


def test_quotes_multi_paragraph_quote_is_one_quote() -> None:
    text = ('“Pembangunan jalan ini sudah lama ditunggu warga di tiga kecamatan yang terisolasi.\n\n'
            '“Kami berharap selesai tahun depan,” kata Kepala Dinas PU, Andi Wijaya.')
    quotes = quote_spans(text)
    assert len(quotes) == 1 and len(quotes[0]) == 2


def test_quotes_postposed_cue_name_and_pronoun() -> None:
    text = ('Gubernur Rina Kartika meninjau lokasi banjir. “Bantuan sudah dikirim,” kata Rina. '
            '“Warga jangan panik,” ujarnya.')
    doc = _doc(text, [("Rina Kartika", "Rina Kartika"), ("Rina", "Rina Kartika")])
    direct = [q for q in doc.quotes if q["type"] == "direct"]
    assert [q["cue"]["lemma"] for q in direct] == ["kata", "ujar"]
    assert [q["speaker_canonical"] for q in direct] == ["Rina Kartika", "Rina Kartika"]
    assert direct[1]["speaker"]["kind"] == "pronoun"


def test_quotes_split_quote_has_two_spans() -> None:
    text = '“Harga beras stabil,” kata Menteri Perdagangan Agus Salim. “Stok cukup sampai Lebaran.”'
    doc = _doc(text, [("Agus Salim", "Agus Salim")])
    (quote,) = [q for q in doc.quotes if q["type"] == "direct"]
    assert len(quote["spans"]) == 2 and quote["speaker_canonical"] == "Agus Salim"


def test_quotes_indirect_with_bahwa_and_menurut() -> None:
    text = ("Kapolda Metro Jaya Irjen Karyoto mengatakan bahwa pelaku sudah ditangkap di Bekasi. "
            "Menurut Karyoto, motif pelaku masih didalami penyidik.")
    doc = _doc(text, [("Karyoto", "Karyoto")])
    indirect = [q for q in doc.quotes if q["type"] == "indirect"]
    assert [q["text"] for q in indirect] == ["pelaku sudah ditangkap di Bekasi",
                                             "motif pelaku masih didalami penyidik"]
    assert all(q["speaker_canonical"] == "Karyoto" for q in indirect)


def test_quotes_partial_quote_inside_reported_speech() -> None:
    text = 'Pengamat menilai kebijakan itu sebagai langkah "setengah hati" yang perlu dievaluasi.'
    doc = _doc(text)
    assert [q["type"] for q in doc.quotes if q["text"] == "setengah hati"] == ["partial"]
