"""Clean stage: chrome removal per portal, link-break joins, offsets, and the gold gate."""

from __future__ import annotations

import json

import pytest
from tests_helpers import BASELINES

from warta.stages.clean import clean_text, headline_end, is_headline, portal_of


def _clean(raw: str, portal: str | None = None) -> str:
    text, offsets = clean_text(raw, portal=portal)
    for clean_start, raw_start, length in offsets.runs:
        assert text[clean_start:clean_start + length] == raw[raw_start:raw_start + length]
    return text


DETIK = """Jakarta
-
Dinas Perhubungan menutup sementara Jalan Merdeka Selatan untuk persiapan upacara.
Penutupan berlaku mulai pukul 06.00 WIB hingga acara selesai.
SCROLL TO CONTINUE WITH CONTENT
"Kami mohon pengendara mencari jalur alternatif," kata Kepala Dishub.
ADVERTISEMENT
-
Baca juga:
Ribuan Warga Padati Monas Jelang Peringatan Hari Jadi Kota
Petugas gabungan disiagakan di sejumlah titik.
[Gambas:Video 20detik]
Simak juga Video: Suasana Gladi Bersih Upacara di Monas
Upacara Rakyat Meriah di Monas
Upacara Rakyat Meriah di Monas
(abc/def)
jalan merdeka
penutupan jalan
"""


def test_clean_detik_chrome_and_broken_dateline() -> None:
    text = _clean(DETIK, "detik.com")
    assert text.startswith("Jakarta - Dinas Perhubungan menutup")
    for chrome in ("SCROLL", "ADVERTISEMENT", "Baca juga", "Ribuan Warga", "Gambas", "Simak juga",
                   "Upacara Rakyat", "(abc/def)", "jalan merdeka", "penutupan jalan"):
        assert chrome not in text
    assert "Petugas gabungan disiagakan di sejumlah titik." in text
    assert '"Kami mohon pengendara mencari jalur alternatif," kata Kepala Dishub.' in text


KOMPAS = """JAKARTA, KOMPAS.com
-
Bank sentral mempertahankan suku bunga acuan di level 6 persen.
Baca juga:Rupiah Menguat Tipis, Investor Tunggu Data Inflasi
Keputusan itu diambil dalam rapat dewan gubernur, Rabu (17/1/2024).
Simak
breaking news
dan
berita pilihan
kami langsung di ponselmu. Pilih saluran favoritmu akses berita Kompas.com WhatsApp Channel :
https://www.whatsapp.com/channel/0000EXAMPLE
. Pastikan kamu sudah install aplikasi WhatsApp ya.
"""


def test_clean_kompas_whatsapp_block_and_read_also() -> None:
    text = _clean(KOMPAS, "kompas.com")
    assert text.startswith("JAKARTA, KOMPAS.com - Bank sentral mempertahankan")
    assert text.endswith("Rabu (17/1/2024).")
    for chrome in ("Baca juga", "Rupiah Menguat", "breaking news", "whatsapp", "Pastikan", "Simak"):
        assert chrome.lower() not in text.lower()


def test_clean_liputan6_bare_read_also_keeps_next_body_line_and_glued_dateline() -> None:
    raw = ("Liputan6.com, JakartaKepolisian menangkap dua pelaku pencurian kabel.\nAdvertisement\n"
           "Baca Juga\nKedua pelaku ditangkap di rumah kontrakan mereka di Bekasi.\n")
    text = _clean(raw, "liputan6.com")
    assert text.startswith("Liputan6.com, Jakarta - Kepolisian menangkap")
    assert "Kedua pelaku ditangkap di rumah kontrakan mereka di Bekasi." in text
    assert "Advertisement" not in text and "Baca Juga" not in text


@pytest.mark.parametrize("raw,kept,cut", [
    ("Harga cabai naik tajam sepekan terakhir.Baca juga: Pedagang Pasar Induk Keluhkan Sepi Pembeli "
     "Kemudian, pemerintah daerah menggelar operasi pasar.",
     "Harga cabai naik tajam sepekan terakhir. Kemudian, pemerintah daerah menggelar operasi pasar.",
     "Pedagang Pasar"),
    ("Stok beras dinyatakan aman.BACA JUGA - Gudang Bulog Penuh Jelang Panen Raya Petani di daerah "
     "itu berharap harga gabah stabil.",
     "Stok beras dinyatakan aman. Petani di daerah itu berharap harga gabah stabil.", "Gudang Bulog"),
    ("Tim SAR terus mencari korban.Baca JugaBanjir Rendam Tiga Desa di HuluWarga Diminta Waspada Longsor"
     "“Kami bekerja siang dan malam,” ujar komandan tim.",
     "Tim SAR terus mencari korban. “Kami bekerja siang dan malam,” ujar komandan tim.", "Banjir Rendam"),
])
def test_clean_glued_read_also_headline_is_cut(raw: str, kept: str, cut: str) -> None:
    text = _clean(raw, "sindonews.com")
    assert text == kept and cut not in text


def test_clean_republika_and_kapanlagi_prompts() -> None:
    raw = ("Pembangunan jalur kereta ditargetkan rampung akhir tahun.Ikuti Whatsapp Channel Republika"
           "sumber : Antara\n")
    assert _clean(raw, "republika.co.id") == "Pembangunan jalur kereta ditargetkan rampung akhir tahun."
    raw = ("Film itu tayang di bioskop mulai pekan depan.\n(Ayo ikuti saluran WhatsApp KapanLagi.com biar "
           "enggak ketinggalan update. Klik di sini ya, Klovers!)\n(kpl/abc)\n")
    assert _clean(raw, "kapanlagi.com") == "Film itu tayang di bioskop mulai pekan depan."


def test_clean_tribun_byline_syndication_and_end_mark() -> None:
    raw = ("Laporan Wartawan TribunContoh.com, Rina Wulandari\n"
           "TRIBUNCONTOH.COM, MEDAN - Harga bawang merah turun di sejumlah pasar tradisional.(*)\n"
           "Artikel ini telah tayang di TribunContoh.com dengan judul\nHarga Bawang Merah Turun Lagi\n")
    text = _clean(raw, "tribunnews.com")
    assert text == "TRIBUNCONTOH.COM, MEDAN - Harga bawang merah turun di sejumlah pasar tradisional."


def test_clean_rejoins_lines_broken_at_links() -> None:
    raw = "Jakarta\n-\nPelatih\nTimnas U-23\nmemanggil 30 pemain ke\nJakarta\n.\nLatihan dimulai Senin.\n"
    assert _clean(raw, "detik.com") == (
        "Jakarta - Pelatih\n\nTimnas U-23 memanggil 30 pemain ke Jakarta.\n\nLatihan dimulai Senin.")


def test_clean_keeps_subheadings_and_body_that_mentions_chrome_words() -> None:
    raw = ("Warga membaca juga koran lokal setiap pagi.\nDampak Ekonomi\n"
           "Simak pernyataan lengkap Menteri berikut ini.\n"
           "Pemasang iklan di jalan protokol akan ditertibkan.\n")
    assert _clean(raw) == raw.strip().replace("\n", "\n\n")


def test_clean_empty_and_chrome_only() -> None:
    assert _clean("") == ""
    assert _clean("SCROLL TO CONTINUE WITH CONTENT\nADVERTISEMENT\n") == ""


def test_clean_headline_helpers() -> None:
    assert is_headline("Gubernur Resmikan Pasar Baru di Kota Bekasi")
    assert not is_headline("Gubernur meresmikan pasar baru di Kota Bekasi.")
    text = "Warga Antre Minyak Goreng Murah Sementara itu, harga minyak curah naik."
    assert text[headline_end(text, 0, len(text)):].startswith("Sementara itu")


def test_clean_portal_of_matches_domains_and_urls() -> None:
    assert portal_of("detik.com") == "detik.com"
    assert portal_of("news.detik.com") == "detik.com"
    assert portal_of(None, "https://www.kompas.com/read/1") == "kompas.com"
    assert portal_of("contohberita.co.id") is None


def test_clean_gold_gate(shared_data) -> None:
    from clean import score_gold

    scores = score_gold(shared_data)
    base = json.loads((BASELINES / "clean.json").read_text(encoding="utf-8"))
    test = scores["test"]
    assert test["chrome_removed_pct"] >= 99.0 and test["body_lines_removed_pct"] <= 0.5
    for split in ("tune", "test"):
        assert scores[split]["chrome_removed_pct"] >= base[split]["chrome_removed_pct"]
        assert scores[split]["body_lines_removed_pct"] <= base[split]["body_lines_removed_pct"]


def test_clean_every_pattern_matches_two_shared_articles(shared_data) -> None:
    from clean import pattern_support

    weak = {key: n for key, n in pattern_support(shared_data).items() if n < 2}
    assert weak == {}
