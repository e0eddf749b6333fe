"""Tests of the timex stage: Indonesian time expressions normalised against the publication date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warta.errors import InputError
from warta.evaluation import timex as scorer
from warta.model import Document
from warta.stages import timex

ROOT = Path(__file__).resolve().parents[1]
BASELINE = json.loads((ROOT / "benchmarks" / "baselines" / "timex.json").read_text(encoding="utf-8"))
DCT = "2023-07-28T10:00:00+07:00"  # a Friday


def _one(text: str, dct: str | None) -> dict:
    """The single expression found in ``text``."""
    found = timex.find_timexes(text, dct)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("sentence", "expr", "kind", "value"), [
    ("Rapat digelar Kamis (27/7).", "Kamis (27/7)", "DATE", "2023-07-27"),
    ("Ia ditangkap Jumat (28/7/2023).", "Jumat (28/7/2023)", "DATE", "2023-07-28"),
    ("Kebakaran terjadi Rabu (26/7/2023) malam.", "Rabu (26/7/2023) malam", "TIME", "2023-07-26TEV"),
    ("Perjanjian diteken pada 27 Juli 2023.", "27 Juli 2023", "DATE", "2023-07-27"),
    ("Harga naik sejak Juli lalu.", "Juli lalu", "DATE", "2023-07"),
    ("Saham turun pekan lalu.", "pekan lalu", "DATE", "2023-W29"),
    ("Tim akan berangkat minggu depan.", "minggu depan", "DATE", "2023-W31"),
    ("Korban hilang dua hari lalu.", "dua hari lalu", "DATE", "2023-07-26"),
    ("Ia diperiksa Senin lalu.", "Senin lalu", "DATE", "2023-07-24"),
    ("Polisi menyita barang bukti kemarin.", "kemarin", "DATE", "2023-07-27"),
    ("Sidang dilanjutkan besok.", "besok", "DATE", "2023-07-29"),
    ("Inflasi tahun lalu tinggi.", "tahun lalu", "DATE", "2022"),
    ("Tarif naik tahun depan.", "tahun depan", "DATE", "2024"),
    ("Proyek selesai akhir bulan ini.", "akhir bulan ini", "DATE", "2023-07"),
    ("Jalan tol dibuka awal 2024.", "awal 2024", "DATE", "2024"),
    ("Gempa terjadi pukul 10.30 WIB.", "pukul 10.30 WIB", "TIME", "2023-07-28T10:30"),
    ("Ia menjabat sejak 2019.", "2019", "DATE", "2019"),
    ("Ia ditahan selama tiga bulan.", "tiga bulan", "DURATION", "P3M"),
    ("Indonesia merayakan 70 tahun hubungan diplomatik.", "70 tahun", "DURATION", "P70Y"),
    ("Pasar digelar setiap Senin.", "setiap Senin", "SET", "XXXX-WXX-1"),
    ("Harga cabai saat ini mahal.", "saat ini", "DATE", "PRESENT_REF"),
    ("Warga berkumpul pada pagi hari.", "pagi hari", "TIME", "2023-07-28TMO"),
    ("Hujan turun siang ini.", "siang ini", "TIME", "2023-07-28TAF"),
    ("Pasar ramai pada sore hari.", "sore hari", "TIME", "2023-07-28TAF"),
    ("Tadi malam listrik padam.", "Tadi malam", "TIME", "2023-07-27TEV"),
    ("Penggerebekan dilakukan Jumat dini hari.", "Jumat dini hari", "TIME", "2023-07-28TNI"),
    ("Ia tiba Kamis pagi.", "Kamis pagi", "TIME", "2023-07-27TMO"),
    ("Puasa dimulai 1 Ramadan 1444 H.", "1 Ramadan 1444 H", "DATE", "2023-03-23"),
    ("Harga naik saat bulan Ramadan.", "bulan Ramadan", "DATE", "2023-03"),
    ("Kegiatan itu digelar setiap tahun.", "setiap tahun", "SET", "P1Y"),
    ("Ia meninggal pada usia 70 tahun.", "70 tahun", "DURATION", "P70Y"),
    ("Peristiwa itu terjadi tiga tahun lalu.", "tiga tahun lalu", "DATE", "2020"),
    ("Semester kedua tahun ini lebih baik.", "Semester kedua tahun ini", "DATE", "2023-H2"),
    ("Acara akan digelar Kamis (3/8).", "Kamis (3/8)", "DATE", "2023-08-03"),
    ("Laga digelar Minggu (30/7/2023) pukul 19.00 WIB.", "Minggu (30/7/2023) pukul 19.00 WIB", "TIME",
     "2023-07-30T19:00"),
    ("Ia pindah Senin depan.", "Senin depan", "DATE", "2023-07-31"),
])
def test_timex_expressions_dct_2023_07_28(sentence: str, expr: str, kind: str, value: str) -> None:
    """Every expression of the issue, resolved against DCT Friday 2023-07-28."""
    found = _one(sentence, DCT)
    assert (found["text"], found["type"], found["value"]) == (expr, kind, value)
    assert sentence[found["start"]:found["end"]] == expr


@pytest.mark.parametrize(("sentence", "dct", "value"), [
    ("Banjir terjadi Desember lalu.", "2024-01-02", "2023-12"),
    ("Rapat digelar Kamis (28/12).", "2024-01-02", "2023-12-28"),
    ("Kenaikan berlaku pada 1 Januari.", "2023-12-30", "2024-01-01"),
    ("Inflasi tahun lalu tinggi.", "2024-01-01", "2023"),
    ("Penjualan bulan lalu turun.", "2024-01-15", "2023-12"),
    ("Tim berangkat minggu depan.", "2023-12-30", "2024-W01"),
    ("Ia diperiksa kemarin.", "2024-03-01", "2024-02-29"),
    ("Rapat digelar Kamis (27/7).", "2023-07-20", "2023-07-27"),
])
def test_timex_year_and_month_boundaries(sentence: str, dct: str, value: str) -> None:
    """Dates without a year land on the right side of a year or month boundary."""
    assert _one(sentence, dct)["value"] == value


@pytest.mark.parametrize(("sentence", "value"), [
    ("Rapat digelar Kamis (27/7).", "XXXX-07-27"),
    ("Ia diperiksa kemarin.", "XXXX-XX-XX"),
    ("Harga naik sejak Juli lalu.", "XXXX-07"),
    ("Inflasi tahun lalu tinggi.", "XXXX"),
    ("Saham turun pekan lalu.", "XXXX-WXX"),
])
def test_timex_missing_dct_stays_underspecified(sentence: str, value: str) -> None:
    """Without a publication date, deictic values are not guessed."""
    assert _one(sentence, None)["value"] == value


def test_timex_weekday_consistency_picks_the_matching_year() -> None:
    """A weekday with a day/month chooses the year in which they agree."""
    # 28/12 is a Thursday in 2023 but a Saturday in 2024.
    assert _one("Kamis (28/12)", "2024-06-30")["value"] == "2023-12-28"
    assert _one("Sabtu (28/12)", "2024-06-30")["value"] == "2024-12-28"


@pytest.mark.parametrize("sentence", ["Perayaan HUT ke-70 RI.", "Sesuai UU Nomor 5 Tahun 1999.",
                                      "Harga Rp 2.019 per unit.", "Ia datang lebih dulu."])
def test_timex_not_time_expressions(sentence: str) -> None:
    """Anniversary ordinals, law numbers, amounts and "lebih dulu" are not time expressions."""
    assert timex.find_timexes(sentence, DCT) == []


def test_timex_seventy_years_is_never_a_date() -> None:
    """"70 tahun" is a duration whatever the context."""
    for sentence in ("Sudah 70 tahun Indonesia merdeka.", "Gedung berusia 70 tahun itu."):
        assert _one(sentence, DCT)["type"] == "DURATION"


def test_timex_anaphora_follow_the_narrated_date() -> None:
    """"pukul", "sehari kemudian" and "bulan sebelumnya" follow the date last narrated."""
    text = "Kecelakaan terjadi pada 23 Juli 2014. Pukul 06.14 pesawat hilang. Sehari kemudian tim tiba."
    found = timex.find_timexes(text, DCT)
    assert [f["value"] for f in found] == ["2014-07-23", "2014-07-23T06:14", "2014-07-24"]


def test_timex_modifiers_and_sets_carry_extras() -> None:
    """mod for awal/akhir/pertengahan, freq for "dua kali sehari"."""
    assert _one("Proyek selesai akhir bulan ini.", DCT)["mod"] == "END"
    assert _one("Minum obat dua kali sehari.", DCT)["freq"] == "2X"


def test_timex_stage_output_is_sorted_and_disjoint() -> None:
    """run() fills only doc.timexes, sorted, with offsets into the text."""
    text = "Kamis (27/7) pukul 10.30 WIB, sejak 2019, selama tiga bulan, pekan lalu."
    doc = timex.run(Document(text=text, published=DCT, entities=[{"x": 1}]))
    spans = [(t["start"], t["end"]) for t in doc.timexes]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(text[t["start"]:t["end"]] == t["text"] for t in doc.timexes)
    assert doc.entities == [{"x": 1}]


def test_timex_eval_rejects_malformed_gold(tmp_path: Path) -> None:
    """Malformed gold raises InputError naming the file."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"text": "kemarin", "dct": "2014-12-29", "timex": [{"start": 0}]}))
    with pytest.raises(InputError, match="bad.json"):
        scorer.evaluate(str(bad))


def test_timex_eval_scores_a_small_gold(tmp_path: Path) -> None:
    """The scorer reports strict, relaxed and normalisation figures."""
    text = "Ia tiba kemarin pagi dan pergi selama dua hari."
    a, b = text.index("kemarin pagi"), text.index("dua hari")
    doc = {"text": text, "dct": "2014-12-29",
           "timex": [
               {"start": a, "end": a + 12, "text": "kemarin pagi", "type": "TIME", "value": "2014-12-28TMO"},
               {"start": b, "end": b + 8, "text": "dua hari", "type": "DURATION", "value": "P2D"}]}
    (tmp_path / "d.json").write_text(json.dumps(doc))
    result = scorer.evaluate(str(tmp_path))
    assert result["relaxed"]["f1"] == 1.0
    assert result["normalisation"]["f1"] == 1.0
    keys = {"strict", "relaxed", "normalisation", "value_accuracy", "type_accuracy", "per_type"}
    assert set(result) >= keys


def test_timex_score_gate(shared_data: Path) -> None:
    """IndoTimex and own-gold scores do not drop below the committed baseline."""
    tol = BASELINE["tolerance"]
    checks = {"indotimex": scorer.evaluate(str(shared_data / "timex" / "indotimex" / "gold"))}
    gold = ROOT / "benchmarks" / "gold" / "timex.jsonl"
    for split in ("tune", "test"):
        checks[f"own_{split}"] = scorer.evaluate(str(gold), split=split)
    for name, result in checks.items():
        for metric in ("relaxed", "normalisation"):
            assert result[metric]["f1"] >= BASELINE[name][metric] - tol, (name, metric, result[metric])
