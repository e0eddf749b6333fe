"""Tests of the meta stage: datelines, publication dates, language and quality warnings."""

from __future__ import annotations

import pytest

from warta.model import Document
from warta.stages import meta

# An invented article body, long enough to pass the too_short check.
BODY = (
    "Pemerintah kota mengumumkan rencana perbaikan jalan di kawasan pasar lama yang sudah lama "
    "rusak dan sering dikeluhkan warga. Kepala dinas mengatakan pekerjaan akan dimulai pekan depan "
    "dan ditargetkan selesai sebelum akhir tahun. Warga berharap perbaikan ini dapat mengurangi "
    "kemacetan yang selama ini terjadi setiap pagi dan sore hari di sekitar pasar tersebut. "
    "Menurut dia, anggaran untuk proyek itu sudah disetujui oleh dewan dalam rapat bulan lalu."
)


def _doc(text: str, *, meta_date: str | None = None) -> Document:
    """A Document whose clean text is ``text`` (the clean stage is not needed here)."""
    return Document(raw=text, text=text, meta_date=meta_date)


def _run(text: str, *, meta_date: str | None = None) -> Document:
    """Run the meta stage on a hand-built Document."""
    return meta.run(_doc(text, meta_date=meta_date))


@pytest.mark.parametrize(
    ("opening", "dateline", "place", "outlet"),
    [
        ("Jakarta, CNN Indonesia -- ", "Jakarta, CNN Indonesia --", "Jakarta", "CNN Indonesia"),
        ("Jakarta, CNN Indonesia - - ", "Jakarta, CNN Indonesia - -", "Jakarta", "CNN Indonesia"),
        ("JAKARTA, KOMPAS.com - ", "JAKARTA, KOMPAS.com -", "Jakarta", "KOMPAS.com"),
        ("JAKARTA, KOMPAS.com -", "JAKARTA, KOMPAS.com -", "Jakarta", "KOMPAS.com"),
        ("KOMPAS.com – ", "KOMPAS.com –", None, "KOMPAS.com"),
        ("Jakarta - ", "Jakarta -", "Jakarta", None),
        ("Liputan6.com, Jakarta - ", "Liputan6.com, Jakarta -", "Jakarta", "Liputan6.com"),
        ("TEMPO.CO, Jakarta - ", "TEMPO.CO, Jakarta -", "Jakarta", "TEMPO.CO"),
        ("TEMPO.CO,Jakarta- ", "TEMPO.CO,Jakarta-", "Jakarta", "TEMPO.CO"),
        ("Mataram, NTB (ANTARA News) - ", "Mataram, NTB (ANTARA News) -", "Mataram, NTB", "ANTARA News"),
        ("Jakarta (ANTARA) - ", "Jakarta (ANTARA) -", "Jakarta", "ANTARA"),
        ("Garut, Jawa Barat (ANTARA News) - ", "Garut, Jawa Barat (ANTARA News) -", "Garut, Jawa Barat",
         "ANTARA News"),
        ("SINDONEWS.com - ", "SINDONEWS.com -", None, "SINDONEWS.com"),
        ("Bisnis.com, JAKARTA - ", "Bisnis.com, JAKARTA -", "Jakarta", "Bisnis.com"),
        ("Solo - ", "Solo -", "Solo", None),
        ("MEDAN, POSMETRO - ", "MEDAN, POSMETRO -", "Medan", "POSMETRO"),
        ("Jakarta, Beritasatu.com - ", "Jakarta, Beritasatu.com -", "Jakarta", "Beritasatu.com"),
        ("VIVA – ", "VIVA –", None, "VIVA"),
        ("JAKARTA— ", "JAKARTA—", "Jakarta", None),
        ("SEMARANG-", "SEMARANG-", "Semarang", None),
        ("KEBAYORAN BARU - ", "KEBAYORAN BARU -", "Kebayoran Baru", None),
        ("REPUBLIKA.CO.ID,\u00a0BOGOR -- ", "REPUBLIKA.CO.ID,\u00a0BOGOR --", "Bogor", "REPUBLIKA.CO.ID"),
        ("TRIBUNJATENG.COM, KUDUS - ", "TRIBUNJATENG.COM, KUDUS -", "Kudus", "TRIBUNJATENG.COM"),
        ("JAKARTA (Pos Kota) – ", "JAKARTA (Pos Kota) –", "Jakarta", "Pos Kota"),
        ("Liputan6.com, Washington, DC - ", "Liputan6.com, Washington, DC -", "Washington, DC",
         "Liputan6.com"),
        ("Jakarta, Jumat (28/7/2023) - ", "Jakarta, Jumat (28/7/2023) -", "Jakarta", None),
        ("SURABAYA, 3 Maret 2024 (ANTARA/PRNewswire) -- ", "SURABAYA, 3 Maret 2024 (ANTARA/PRNewswire) --",
         "Surabaya", "ANTARA/PRNewswire"),
    ],
)
def test_meta_dateline_shapes(opening: str, dateline: str, place: str | None, outlet: str | None) -> None:
    """Every dateline shape is found with its place and outlet, offsets covering the dash."""
    doc = _run(opening + BODY)
    assert doc.dateline is not None
    assert doc.dateline.text == dateline
    assert doc.text[doc.dateline.start:doc.dateline.end] == dateline
    assert (doc.dateline.place, doc.dateline.outlet) == (place, outlet)


def test_meta_dateline_split_over_lines() -> None:
    """A dateline the scraper broke over lines ("Jakarta\\n-\\n") is still found."""
    doc = _run("Jakarta\n-\n" + BODY)
    assert doc.dateline is not None
    assert doc.dateline.place == "Jakarta"
    assert doc.dateline.text == "Jakarta\n-"


def test_meta_dateline_after_reporter_line() -> None:
    """A Tribun-style "Laporan Wartawan" line before the dateline is skipped."""
    text = "Laporan Wartawan Tribun Jateng, Budi Santoso\nTRIBUNJATENG.COM, KUDUS - " + BODY
    doc = _run(text)
    assert doc.dateline is not None
    assert doc.dateline.text == "TRIBUNJATENG.COM, KUDUS -"
    assert text[doc.dateline.start:doc.dateline.end] == doc.dateline.text


def test_meta_dateline_glued_to_body() -> None:
    """"Liputan6.com, JakartaWarga …" (dash lost) gives the outlet and a one-word place."""
    doc = _run("Liputan6.com, JakartaWarga kota " + BODY)
    assert doc.dateline is not None
    assert (doc.dateline.text, doc.dateline.place) == ("Liputan6.com, Jakarta", "Jakarta")


@pytest.mark.parametrize(
    "opening",
    [
        "Presiden Joko Widodo - yang baru kembali dari Eropa - meresmikan bendungan. ",
        "Menteri Keuangan - Sri Mulyani - menyampaikan laporan. ",
        "Trent Alexander-Arnold mencetak gol kemenangan. ",
        "Mobil Honda HR-V terbaru dipamerkan hari ini. ",
        "Harga cabai naik - Pedagang mengeluh. ",
        "Warga Bandung dan Cimahi - yang terdampak banjir - mengungsi. ",
        "Pemerintah menaikkan tarif listrik pada tahun depan. ",
        "",
    ],
)
def test_meta_dateline_no_false_positive(opening: str) -> None:
    """Ordinary first sentences with dashes or hyphens are not datelines."""
    assert _run(opening + BODY).dateline is None


@pytest.mark.parametrize(
    ("meta_date", "expected"),
    [
        ("2025-05-25T15:14:00", "2025-05-25T15:14:00+07:00"),
        ("2025-05-25", "2025-05-25"),
        ("2025-05-25T08:14:00Z", "2025-05-25T08:14:00+00:00"),
        ("2025-05-25T15:14:00+08:00", "2025-05-25T15:14:00+08:00"),
        ("Minggu, 25 Mei  2025 15:14 WIB", "2025-05-25T15:14:00+07:00"),
        ("Minggu, 25 Mei 2025 16:14 WITA", "2025-05-25T16:14:00+08:00"),
        ("Minggu, 25 Mei 2025 17:14 WIT", "2025-05-25T17:14:00+09:00"),
        ("Selasa, 23/02/2016 15:32 WIB", "2016-02-23T15:32:00+07:00"),
        ("Jumat , 17 February 2017, 13:16 WIB", "2017-02-17T13:16:00+07:00"),
        ("March 5, 2024", "2024-03-05"),
    ],
)
def test_meta_published_from_metadata(meta_date: str, expected: str) -> None:
    """Metadata dates, ISO or raw portal strings, are written as ISO 8601 with their zone."""
    doc = _run("Jakarta - " + BODY, meta_date=meta_date)
    assert (doc.published, doc.published_from) == (expected, "metadata")


@pytest.mark.parametrize(
    "junk", ["Tidak Ditemukan", "Scroll ke bawah untuk membaca berita", "", "1850-01-01T10:00:00",
             "2023-02-30T10:00:00"],
)
def test_meta_published_ignores_junk_metadata(junk: str) -> None:
    """Unparseable, implausible or impossible metadata dates fall back to the text."""
    doc = _run("Jakarta - Warga berkumpul pada Jumat (28/7/2023) di alun-alun. " + BODY, meta_date=junk)
    assert (doc.published, doc.published_from) == ("2023-07-28", "text")


def test_meta_published_from_dateline() -> None:
    """A date inside the dateline is used when the metadata has none."""
    doc = _run("Jakarta, Jumat (28/7/2023) - " + BODY)
    assert (doc.published, doc.published_from) == ("2023-07-28", "dateline")


def test_meta_published_from_head_line() -> None:
    """A date line above the body ("Selasa, 12 Maret 2024 10:15 WIB") counts as the dateline's."""
    doc = _run("Selasa, 12 Maret 2024 10:15 WIB\n" + BODY)
    assert (doc.published, doc.published_from) == ("2024-03-12T10:15:00+07:00", "dateline")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Rapat digelar pada Jumat (28/7/2023) di balai kota.", "2023-07-28"),
        ("Rapat digelar pada Jumat ( 28 / 7 / 2023 ) di balai kota.", "2023-07-28"),
        ("Rapat digelar Selasa, 12 Maret 2024 10:15 WIB di balai kota.", "2024-03-12T10:15:00+07:00"),
        ("Rapat digelar Selasa, 12 Maret 2024 pukul 10.15 WITA di Makassar.", "2024-03-12T10:15:00+08:00"),
        ("Rapat digelar Selasa, 12 Maret 2024 pukul 10.15 WIT di Jayapura.", "2024-03-12T10:15:00+09:00"),
        ("Gempa terjadi Kamis pagi, 19 Juni 2025, di lepas pantai.", "2025-06-19"),
        ("Rapat digelar Senin, 4 Agt 2025 di balai kota.", "2025-08-04"),
        ("The meeting was held on Friday, 28 July 2023 downtown.", "2023-07-28"),
    ],
)
def test_meta_published_from_text(sentence: str, expected: str) -> None:
    """A weekday date with a year in the body is the fallback publication date."""
    doc = _run(BODY + " " + sentence)
    assert (doc.published, doc.published_from) == (expected, "text")


def test_meta_published_ignores_yearless_dates() -> None:
    """A year-less "Kamis (27/7)" is never taken as the publication date."""
    doc = _run(BODY + " Polisi menangkap pelaku pada Kamis (27/7) malam.")
    assert doc.published is None and doc.published_from is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Rapat digelar pada Rabu (28/7/2023) di balai kota.",  # 28 July 2023 was a Friday
        "Rapat digelar pada Kamis, 31 Februari 2024 di balai kota.",  # no such day
        "Rapat digelar pada Senin (4/13/2025) di balai kota.",  # no month 13
        "Rapat digelar pada Senin (6/1/1970) di balai kota.",  # before the plausible range
    ],
)
def test_meta_published_rejects_bad_dates(sentence: str) -> None:
    """Weekday mismatches and impossible or implausible dates are rejected."""
    assert _run(BODY + " " + sentence).published is None


def test_meta_published_takes_latest_of_first_dates() -> None:
    """Among the first weekday dates the latest is taken (events precede the report)."""
    text = BODY + " Kasus terjadi Senin (24/7/2023), pelaku ditangkap Rabu (26/7/2023)."
    assert _run(text).published == "2023-07-26"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_body"),
        ("Jakarta, CNN Indonesia -- , , ,\n,\n", "empty_body"),
        ("Jakarta - Warga antre membeli beras murah di pasar.", "too_short"),
        ("Halo, pembaca nawala Cek Fakta Tempo!", "paywall"),
        (BODY + "\n\nBaca selengkapnya di Koran Tempo edisi pekan ini.", "paywall"),
        (BODY + "\n\nBerlangganan untuk membaca artikel lengkapnya.", "paywall"),
        ("Konten ini khusus pelanggan. " + BODY, "paywall"),
    ],
)
def test_meta_warnings(text: str, code: str) -> None:
    """Empty bodies, short bodies and paywall stubs are flagged."""
    assert code in [w.code for w in _run(text).warnings]


def test_meta_paywall_found_in_raw_when_clean_dropped_it() -> None:
    """A stub the clean stage removed as chrome is still reported from the raw text."""
    doc = Document(raw="Halo, pembaca nawala Cek Fakta Tempo!", text="")
    codes = [w.code for w in meta.run(doc).warnings]
    assert codes == ["empty_body", "paywall"]


def test_meta_full_article_has_no_warnings() -> None:
    """A normal Indonesian article gets no warning and language "id"."""
    doc = _run("JAKARTA, KOMPAS.com - " + BODY)
    assert doc.warnings == []
    assert doc.language == "id"


def test_meta_language_english() -> None:
    """An English body is detected as "en" and flagged not_indonesian."""
    text = (
        "The city council said on Monday that the old market road would be repaired before the end "
        "of the year. Residents have complained for months about the traffic jams that form there "
        "every morning, and the head of the public works office said the budget had already been "
        "approved by the council. Work is expected to start next week and will be carried out in "
        "stages so that traders can keep their stalls open while it is under way."
    )
    doc = _run(text)
    assert doc.language == "en"
    assert "not_indonesian" in [w.code for w in doc.warnings]


def test_meta_language_unknown_when_too_short() -> None:
    """A body too short to judge has no language and no not_indonesian warning."""
    doc = _run("Jakarta - Banjir lagi.")
    assert doc.language is None
    assert "not_indonesian" not in [w.code for w in doc.warnings]


def test_meta_language_indonesian_quoting_english() -> None:
    """An Indonesian article with an English quote stays "id"."""
    doc = _run(BODY + ' "We will finish the work on time," kata kontraktor itu kepada wartawan.')
    assert doc.language == "id"


def test_meta_document_json_round_trip() -> None:
    """The meta fields survive the Document JSON round trip."""
    doc = _run("Jakarta, Jumat (28/7/2023) - " + BODY)
    again = Document.from_json(doc.to_json(include_raw=True))
    assert again.dateline == doc.dateline
    assert (again.published, again.published_from, again.language) == (
        doc.published, doc.published_from, doc.language)
