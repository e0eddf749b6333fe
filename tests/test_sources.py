"""Sources stage: reporting-source links (cue forms, chains, dates, non-links) and quote media."""

from __future__ import annotations

import pytest

import warta
from warta.model import Document
from warta.pipeline import STAGE_NAMES, Pipeline
from warta.readers import document_from_text
from warta.stages import segment, sources

STAGES = "clean,meta,segment,timex,sources"


def _analyze(text: str, *, source: str = "contoh.id", date: str = "2023-07-29T10:00:00") -> Document:
    return warta.analyze(text, stages=STAGES, source=source, date=date)


def _media(text: str, **kw: str) -> list[str]:
    return [link["medium"] for link in _analyze(text, **kw).sources]


@pytest.mark.parametrize(("text", "medium"), [
    ("Peluncuran roket itu gagal, seperti dilansir CNN, Jumat (28/7/2023).", "CNN"),
    ("Pasukan bergerak ke perbatasan, seperti dikutip KCNA.", "KCNA"),
    ("Kapal itu tenggelam pada malam hari, dilaporkan oleh kantor berita Xinhua.", "Xinhua"),
    ("Mengutip Reuters, harga minyak naik dua persen pada perdagangan pagi.", "Reuters"),
    ("Menurut laporan Al Jazeera, ribuan warga mengungsi ke selatan.", "Al Jazeera"),
    ("Inflasi bulan ini tercatat rendah, dikutip dari Antara.", "Antara"),
    ("Jadwal servis gratis diperpanjang, dilansir dari laman resmi Honda.", "laman resmi Honda"),
    ("Melansir situs resmi Porsche, mobil itu dirakit di Leipzig.", "laman resmi Porsche"),
    ("Seperti dilansir dari Kantor Berita Emirates (WAM), bantuan tiba di Gaza.", "WAM"),
    ("Dilansir dari Antaranews, pasar kembali ramai.", "Antara"),
    ("Pelabuhan ditutup sementara, seperti dilansirAFP, Senin (24/7/2023).", "AFP"),
    ("Resep itu viral, dikutip dari kanal YouTube Dapur Ibu Sari, Kamis (27/7/2023).",
     "YouTube Dapur Ibu Sari"),
    ("Menurut data Statistik Bola, kedua tim sudah bertemu tujuh kali.", "Statistik Bola"),
    ("Mengacu Peringkat Sepakbola, tim itu naik tiga peringkat.", "Peringkat Sepakbola"),
    ("Harian Kota Pagi melaporkan bahwa jembatan itu retak.", "Kota Pagi"),
    ("Kantor berita Yonhap melaporkan, latihan militer dimulai pekan depan.", "Yonhap"),
    ('"Kami akan bertahan," kata Budi kepada Reuters.', "Reuters"),
    ('"Tim bermain baik," ujar Joko, pada Bolaria.net.', "Bolaria.net"),
    ("Mengutip keterbukaan informasi Bursa Efek Indonesia (BEI), laba perseroan naik.",
     "keterbukaan informasi BEI"),
    ("Dikutip dari situs Kemenpora, atlet berangkat besok.", "laman resmi Kemenpora"),
    ("Dikutip dari situs Kementerian Pemuda dan Olahraga, atlet berangkat besok.",
     "laman resmi Kementerian Pemuda dan Olahraga"),
    ("Dilansir dari laman Berita Gawai, ponsel itu dijual bulan depan.", "Berita Gawai"),
    ("Pemain itu cedera, menurut Reuters.", "Reuters"),
    ('"Target kami juara," kata Budi, mengutip Sepak Bola Kita.', "Sepak Bola Kita"),
    ('"Kami senang," kata Ana, dikutip Liga Eropa.Bagi pendukung, laga itu penting.', "Liga Eropa"),
    ("Melansir E! News, pasangan itu berpisah.", "E! News"),
    ('"Kami menang," katanya, dilansir AFP Minggu (23/7/2023).', "AFP"),
    ("Mengutip laporan dariThe Verge, ponsel itu tipis.", "The Verge"),
    ('"Target tercapai," kata Rudi, seperti dikutip dari Warta Niaga Standardpada Senin (24/7).',
     "Warta Niaga Standard"),
])
def test_sources_cue_forms(text: str, medium: str) -> None:
    assert _media(text) == [medium]


def test_sources_evidence_runs_from_cue_through_medium_and_order_follows_the_text() -> None:
    text = ("Harga beras naik, seperti dilansir dari BBC, Senin (24/7/2023). Pemerintah menambah stok, "
            "mengutip Reuters.")
    doc = _analyze(text)
    assert [(s["order"], s["evidence"]["text"]) for s in doc.sources] == [
        (1, "seperti dilansir dari BBC"), (2, "mengutip Reuters")]
    first = doc.sources[0]["evidence"]
    assert doc.text[first["start"]:first["end"]] == first["text"]


@pytest.mark.parametrize(("text", "medium", "via"), [
    ("Rudal itu jatuh di laut, seperti dilansir CNN dari KCNA, Jumat (28/7/2023).", "CNN", "KCNA"),
    ("Menurut kantor berita Yonhap dikutip dari Antara, pertemuan itu ditunda.", "Antara", "Yonhap"),
    ("Penyanyi itu sedang berlibur, dilaporkan Kabar Bintang, seperti dikutip Warta Selebritas.",
     "Warta Selebritas", "Kabar Bintang"),
])
def test_sources_chain_names_the_upstream_medium_as_via(text: str, medium: str, via: str) -> None:
    (link,) = _analyze(text).sources
    assert (link["medium"], link["via"]) == (medium, via)
    assert link["chain"] == ["contoh.id", medium, via]


@pytest.mark.parametrize(("text", "date"), [
    ("Peluncuran itu gagal, seperti dilansir CNN, Jumat (28/7/2023).", "2023-07-28"),
    ("Peluncuran itu gagal, seperti dilansir CNN, Kamis (27/7).", "2023-07-27"),
    ("Peluncuran itu gagal, dikutip dari Antara pada 20 Juli 2023.", "2023-07-20"),
    ("Peluncuran itu gagal, seperti dilansir CNN, Jumat.", None),
    ("Peluncuran itu gagal, seperti dilansir CNN. Jumat (28/7/2023) peluncuran diulang.", None),
])
def test_sources_date_is_the_timex_written_with_the_attribution(text: str, date: str | None) -> None:
    (link,) = _analyze(text).sources
    assert link["date"] == date


@pytest.mark.parametrize(("text", "source"), [
    ('"Kami siap," kata Budi kepada Kompas.com, Senin (24/7/2023).', "kompas.com"),
    ("Diberitakan detikOto sebelumnya, mobil itu ditarik.", "detik.com"),
    ("Harga naik, dilansir detikFinance, Senin (24/7/2023).", "detik.com"),
    ('"Target tercapai," ujar Rina dalam keterangan pers, dikutip Selasa (25/7/2023).', "contoh.id"),
    ("Ia mengumumkan pengunduran dirinya melalui akun Twitter pribadinya.", "contoh.id"),
    ('"Terima kasih," tulis Andi, dikutip dari akun Instagram miliknya.', "contoh.id"),
    ("Dilansir dari akun Instagramnya @andi.sari, Senin (24/7/2023), ia liburan.", "contoh.id"),
    ("Pemain itu dikabarkan akan pindah ke klub lain.", "contoh.id"),
    ("Media Iran menyiarkan rekaman itu pada Minggu.", "contoh.id"),
    ('"Kami tetap solid," kata Budi kepada wartawan.', "contoh.id"),
    ("Menurut Presiden Budi Santoso, kebijakan itu tepat.", "contoh.id"),
    ("Mengutip pernyataan resmi perusahaan, produksi dihentikan.", "contoh.id"),
    ("Menurut data Badan Pusat Statistik, inflasi turun.", "contoh.id"),
    ("Penjualan naik pada Senin.", "contoh.id"),
    ("Ia berpidato dengan mengutip Alquran di depan warga.", "contoh.id"),
    ("Dalam bukunya ia mengutip Heba Yosri tentang waktu.", "contoh.id"),
    ("Pemerintah akan mengutip Pajak Pertambahan Nilai (PPN) atas rokok.", "contoh.id"),
    ("Pengumuman itu dikutipSenin (24/7/2023) dari papan informasi.", "contoh.id"),
])
def test_sources_non_links(text: str, source: str) -> None:
    assert _media(text, source=source) == []


def test_sources_glued_and_joined_media_give_one_link_each() -> None:
    text = "Serangan itu dikecam, seperti dilansirAFPdanAl Arabiya, Jumat (28/7/2023)."
    doc = _analyze(text)
    assert [s["medium"] for s in doc.sources] == ["AFP", "Al Arabiya"]
    assert [s["date"] for s in doc.sources] == ["2023-07-28", "2023-07-28"]


def test_sources_two_media_joined_by_dan_need_the_first_to_be_a_medium() -> None:
    assert _media("Menurut laporan dari Warta Gim dan Kabar Anime, film itu ditunda.") == [
        "Warta Gim", "Kabar Anime"]
    assert _media("Menurut data Badan Gizi dan Kabar Anime, anggaran naik.") == []


def test_sources_a_medium_cited_before_is_known_to_later_told_cues() -> None:
    text = ("Dilansir Harian Kota Pagi, toko itu dibuka pekan depan. "
            '"Kami sudah siap," ujar Tono pada Harian Kota Pagi.')
    assert _media(text) == ["Kota Pagi", "Kota Pagi"]


def test_sources_self_medium_with_an_upstream_keeps_the_upstream() -> None:
    text = "Cara memperpanjang SIM berubah, dikutip detikOto dari laman Samsat Digital."
    assert _media(text, source="detik.com") == ["Samsat Digital"]


def test_sources_quote_medium_is_set_from_the_cue_sentence() -> None:
    text = ('"Kami tidak akan mundur," ujar Putin, seperti dikutip KCNA. '
            '"Latihan berjalan lancar," kata Lee.')
    doc = segment.run(Document(text=text, source="contoh.id"))
    first, second = text.index("Kami"), text.index("Latihan")
    ujar, kata = text.index("ujar"), text.index("kata")
    doc.quotes = [
        {"start": first, "end": first + 24, "spans": [[first, first + 24]],
         "cue": {"start": ujar, "end": ujar + 4, "text": "ujar"}, "medium": None},
        {"start": second, "end": second + 25, "spans": [[second, second + 25]],
         "cue": {"start": kata, "end": kata + 4, "text": "kata"}, "medium": None},
    ]
    doc = sources.run(doc)
    assert [q["medium"] for q in doc.quotes] == ["KCNA", None]


def test_sources_medium_entity_comes_from_the_link_stage() -> None:
    text = "Harga minyak naik, mengutip Reuters. Reuters juga mencatat kenaikan emas."
    doc = segment.run(Document(text=text))
    at = text.index("Reuters")
    doc.entities = [{"start": at, "end": at + 7, "text": "Reuters", "label": "ORG",
                     "entity_id": "ORG:reuters"}]
    (link,) = sources.run(doc).sources
    assert link["medium_entity"] == "ORG:reuters"


def test_sources_stage_registered_after_timex_and_runs_without_quotes() -> None:
    assert STAGE_NAMES.index("sources") > STAGE_NAMES.index("timex")
    if "quotes" in STAGE_NAMES:
        assert STAGE_NAMES.index("sources") > STAGE_NAMES.index("quotes")
    doc = Pipeline(STAGES)(document_from_text("Mengutip Reuters, harga naik.", source="contoh.id"))
    assert doc.quotes == [] and [s["medium"] for s in doc.sources] == ["Reuters"]
    assert doc.stages[-1] == "sources"


@pytest.mark.parametrize(("text", "medium"), [
    ("Minum air tidak perlu berlebihan. Dilansir dari laman Metro, aturan itu tidak berdasar.", "Metro"),
    ('"Peran ini sulit," ujarnya, mengutip dariScreen Rant. Film itu tayang tahun depan.', "Screen Rant"),
    ("Mengutip kanal YouTube Budi Santoso, simak resep sambal berikut.", "YouTube Budi Santoso"),
    ("Mengutip tayanganYouTube Budi Santoso, simak resep sambal berikut.", "YouTube Budi Santoso"),
])
def test_sources_links_survive_the_entities_stage(text: str, medium: str) -> None:
    assert [link["medium"] for link in warta.analyze(text).sources] == [medium]


@pytest.mark.parametrize("text", [
    "Media Iran melaporkan bahwa korban bertambah.",
    "Mengutip Sri Mulyani, ekonomi tumbuh lima persen tahun ini.",
    "Kantor berita Rusia tidak menyebut jumlah korban.",
])
def test_sources_places_and_persons_after_cues_are_no_media(text: str) -> None:
    assert warta.analyze(text).sources == []
