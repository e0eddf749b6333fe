"""Link stage (issue #5): partial names, acronyms, role phrases, name normalisation, editions,
regions, nicknames and labels the entities stage got wrong. Every sentence is invented."""

from __future__ import annotations

import pytest
from tests_helpers import doc_with_mentions as _doc

from warta.model import Document
from warta.stages.link import acronym_definitions, normal_name, person_name, run


def _canonicals(doc: Document) -> list[str]:
    return [m["canonical"] for m in doc.entities]


def _clusters(doc: Document) -> list[int]:
    return [m["cluster"] for m in doc.entities]


def test_link_role_after_country_and_comma_resolves_to_named_holder() -> None:
    text = ("Ia bertemu Presiden Brasil, Luiz Inacio Lula da Silva, di Brasilia. Presiden berusia 79 "
            "tahun itu lalu berbicara soal iklim. Lula tersenyum.")
    doc = run(_doc(text, [("Luiz Inacio Lula da Silva", "PER"), ("Brasilia", "LOC"), ("Presiden", "PER"),
                          ("Lula", "PER")]))
    lula, _, role, short = doc.entities
    assert lula["cluster"] == role["cluster"] == short["cluster"]
    assert role["canonical"] == "Luiz Inacio Lula da Silva"
    assert lula["country"] == "BRA" and lula["role"] == "GOV"


def test_link_role_only_mention_without_named_holder_keeps_the_title() -> None:
    text = "Presiden meninjau lokasi banjir di Bekasi, sementara Gubernur Andi Sulaiman ikut mendampingi."
    doc = run(_doc(text, [("Presiden", "PER"), ("Bekasi", "LOC"), ("Andi Sulaiman", "PER")]))
    assert doc.entities[0]["canonical"] == "Presiden"
    assert doc.entities[0]["cluster"] != doc.entities[2]["cluster"]


@pytest.mark.parametrize(("text", "short", "long"), [
    ("Kepala Badan Penyelenggara Haji (BP Haji) meninjau asrama.", "bp haji", "Badan Penyelenggara Haji"),
    ("Anggota Komisi Nasional Hak Asasi Manusia (Komnas HAM) datang.", "komnas ham",
     "Komisi Nasional Hak Asasi Manusia"),
    ("Panitia Kualifikasi Piala Asia 2027 (KPA) bersidang.", "kpa", "Kualifikasi Piala Asia 2027"),
])
def test_link_acronym_definitions_with_spaces_and_years(text: str, short: str, long: str) -> None:
    assert acronym_definitions(text)[short] == long


def test_link_acronym_of_a_translated_name_is_defined_by_the_mention_before_it() -> None:
    text = ("Delegasi hadir di Forum Ekonomi Timur Vladivostok (EEF). EEF tahun ini dibuka Senin. "
            "Partai Hijau (GPX) ikut hadir.")
    doc = run(_doc(text, [("Forum Ekonomi Timur Vladivostok", "EVT"), ("EEF", "EVT"), ("EEF", "EVT"),
                          ("Partai Hijau", "ORG"), ("GPX", "ORG")]))
    assert len(set(_clusters(doc)[:3])) == 1
    assert _canonicals(doc)[:3] == ["Forum Ekonomi Timur Vladivostok"] * 3
    # Too few words and letters for "GPX" to stand for "Partai Hijau".
    assert doc.entities[3]["cluster"] != doc.entities[4]["cluster"]


def test_link_short_form_spelled_by_another_name_of_the_article() -> None:
    text = ("Bantuan dikirim oleh Kedutaan Besar RI di Kairo. Staf KBRI membagikan paket. "
            "Atase KBRI Kairo mengatakan stok cukup, dan Kualifikasi Piala Dunia 2030 tertunda. "
            "Jadwal Kualifikasi PD diumumkan.")
    doc = run(_doc(text, [("Kedutaan Besar RI", "ORG"), ("Kairo", "LOC"), ("KBRI", "ORG"),
                          ("KBRI Kairo", "ORG"), ("Kualifikasi Piala Dunia 2030", "EVT"),
                          ("Kualifikasi PD", "EVT")]))
    embassy, cairo, kbri, kbri_cairo, qualifiers, short = doc.entities
    assert embassy["cluster"] == kbri["cluster"] == kbri_cairo["cluster"] != cairo["cluster"]
    assert kbri["canonical"] == "Kedutaan Besar RI Kairo" and embassy["country"] == "IDN"
    assert qualifiers["cluster"] == short["cluster"] and short["canonical"] == "Kualifikasi Piala Dunia 2030"


def test_link_two_located_offices_stay_apart() -> None:
    text = "Konsulat Jenderal RI sibuk. KJRI Jeddah dan KJRI Istanbul membuka layanan."
    doc = run(_doc(text, [("Konsulat Jenderal RI", "ORG"), ("KJRI Jeddah", "ORG"), ("KJRI Istanbul", "ORG")]))
    consulate, jeddah, istanbul = doc.entities
    assert consulate["cluster"] == jeddah["cluster"] != istanbul["cluster"]
    assert istanbul["canonical"] == "Konsulat Jenderal RI Istanbul"


def test_link_organisation_with_its_own_country_after_it() -> None:
    text = "Kementerian Luar Negeri (Kemlu) RI memantau. Juru bicara Kemlu RI membenarkan. DPR AS menolak."
    doc = run(_doc(text, [("Kementerian Luar Negeri", "ORG"), ("Kemlu", "ORG"), ("Kemlu RI", "ORG"),
                          ("DPR AS", "ORG")]))
    ministry, short, with_country, congress = doc.entities
    assert ministry["cluster"] == short["cluster"] == with_country["cluster"]
    assert with_country["canonical"] == "Kementerian Luar Negeri"
    assert congress["cluster"] != ministry["cluster"] and congress["country"] == "USA"


def test_link_legal_form_does_not_split_a_company() -> None:
    text = "Analis Sinar Jaya Sekuritas menilai rupiah stabil. Direktur PT Sinar Jaya Sekuritas setuju."
    doc = run(_doc(text, [("Sinar Jaya Sekuritas", "ORG"), ("PT Sinar Jaya Sekuritas", "ORG")]))
    assert doc.entities[0]["cluster"] == doc.entities[1]["cluster"]
    assert _canonicals(doc) == ["PT Sinar Jaya Sekuritas"] * 2


@pytest.mark.parametrize(("surface", "name"), [
    ("Ayatollah Ali Sistani", "Ali Sistani"),
    ("Kombes Pol Budi Santoso", "Budi Santoso"),
    ("Menlu Retno Marsudi", "Retno Marsudi"),
    ("trisula Bambang Pamungkas", "Bambang Pamungkas"),
    ("Siti Aminah tertunduk", "Siti Aminah"),
    ("Tom hendrawan", "Tom hendrawan"),
    ("Bashar al-Assad", "Bashar al-Assad"),
    ("Presiden", "Presiden"),
])
def test_link_person_name_drops_titles_and_stray_words(surface: str, name: str) -> None:
    assert person_name(surface) == name


@pytest.mark.parametrize(("surface", "person", "name"), [
    ("Alex Oxlade - Chamberlain", False, "Alex Oxlade-Chamberlain"),
    ("Timnas\u00a0Indonesia", False, "Timnas Indonesia"),
    ("HARTONOBudi Santoso", True, "Hartono Budi Santoso"),
    ("SBY", True, "SBY"),
])
def test_link_normal_name_undoes_tokeniser_and_scraper_artefacts(surface: str, person: bool,
                                                                  name: str) -> None:
    assert normal_name(surface, person=person) == name


def test_link_glued_upper_case_first_name_joins_the_person() -> None:
    text = "BAMBANGSetiadi Wijaya lahir di Solo. Bambang Wijaya lalu pindah. Wijaya kini mengajar."
    doc = run(_doc(text, [("BAMBANGSetiadi Wijaya", "PER"), ("Solo", "LOC"), ("Bambang Wijaya", "PER"),
                          ("Wijaya", "PER")]))
    person = [m for m in doc.entities if m["type"] == "PER"]
    assert len({m["cluster"] for m in person}) == 1
    assert {m["canonical"] for m in person} == {"Bambang Setiadi Wijaya"}


def test_link_hyphenated_surname_still_matches_its_part() -> None:
    text = "Gelandang Alex Oxlade - Chamberlain cedera. Chamberlain absen pekan depan."
    doc = run(_doc(text, [("Alex Oxlade - Chamberlain", "PER"), ("Chamberlain", "PER")]))
    assert doc.entities[0]["cluster"] == doc.entities[1]["cluster"]
    assert doc.entities[1]["canonical"] == "Alex Oxlade-Chamberlain"


def test_link_father_named_senior_is_his_own_person() -> None:
    text = "Ia putra Hasan Basri (senior), pedagang dari Medan. Hasan Basri kecil tinggal di Medan."
    doc = run(_doc(text, [("Hasan Basri", "PER"), ("Medan", "LOC"), ("Hasan Basri", "PER"),
                          ("Medan", "LOC")]))
    father, _, son, _ = doc.entities
    assert father["canonical"] == "Hasan Basri Sr." and son["canonical"] == "Hasan Basri"
    assert father["cluster"] != son["cluster"]


def test_link_misspelt_name_joins_the_person() -> None:
    text = ("Korban bernama Rosmiati binti Karta Wijaya. Rosmiati dibebaskan Senin. Keluarga menjemput "
            "Rosmiyati di bandara. Kane dan Kante berlatih.")
    doc = run(_doc(text, [("Rosmiati binti Karta Wijaya", "PER"), ("Rosmiati", "PER"), ("Rosmiyati", "PER"),
                          ("Kane", "PER"), ("Kante", "PER")]))
    assert len(set(_clusters(doc)[:3])) == 1 and doc.entities[2]["canonical"] == "Rosmiati binti Karta Wijaya"
    assert doc.entities[3]["cluster"] != doc.entities[4]["cluster"]


def test_link_misspelt_country_joins_the_country() -> None:
    text = "Pasukan Israel menyerang. Juru bicara militer Isral membantah."
    doc = run(_doc(text, [("Israel", "LOC"), ("Isral", "LOC")]))
    assert doc.entities[0]["cluster"] == doc.entities[1]["cluster"]
    assert doc.entities[1]["canonical"] == "Israel"


def test_link_event_edition_joins_but_qualifiers_stay_apart() -> None:
    text = ("Atlet bersiap untuk Piala Asia Doha 2027. Tiket Piala Asia 2027 habis. Piala Asia selalu ramai. "
            "Kualifikasi Piala Asia 2027 selesai.")
    doc = run(_doc(text, [("Piala Asia Doha 2027", "EVT"), ("Piala Asia 2027", "EVT"), ("Piala Asia", "ORG"),
                          ("Kualifikasi Piala Asia 2027", "EVT")]))
    assert len(set(_clusters(doc)[:3])) == 1 and doc.entities[2]["canonical"] == "Piala Asia Doha 2027"
    assert doc.entities[3]["cluster"] != doc.entities[0]["cluster"]


def test_link_lower_case_semenanjung_names_the_region() -> None:
    text = "Kapal melintas di semenanjung Korea. Korea Selatan menambah patroli."
    doc = run(_doc(text, [("Korea", "LOC"), ("Korea Selatan", "LOC")]))
    region, country = doc.entities
    assert region["canonical"] == "Semenanjung Korea" and region["type"] == "LOC"
    assert country["country"] == "KOR" and region["cluster"] != country["cluster"]


def test_link_foreign_place_designator_is_dropped() -> None:
    text = "Banjir melanda Provinsi Sindh. Warga Sindh mengungsi."
    doc = run(_doc(text, [("Provinsi Sindh", "LOC"), ("Sindh", "LOC")]))
    assert doc.entities[0]["cluster"] == doc.entities[1]["cluster"]
    assert _canonicals(doc) == ["Sindh", "Sindh"]


def test_link_nicknames_of_regions_teams_and_countries() -> None:
    text = ("Turnamen Benua Biru digelar di Eropa. Pasukan Merah Putih menang atas Negeri Gajah Putih. "
            "Les Bleus kalah, Timnas Prancis pulang.")
    doc = run(_doc(text, [("Benua Biru", "LOC"), ("Eropa", "LOC"), ("Merah Putih", "ORG"),
                          ("Negeri Gajah Putih", "LOC"), ("Les Bleus", "ORG"), ("Timnas Prancis", "ORG")]))
    blue, europe, garuda, thailand, bleus, france = doc.entities
    assert blue["cluster"] == europe["cluster"] and blue["canonical"] == "Eropa"
    assert garuda["canonical"] == "Timnas Indonesia"
    assert thailand["country"] == "THA" and thailand["canonical"] == "Thailand"
    assert bleus["cluster"] == france["cluster"]


def test_link_team_nickname_read_as_a_person_is_the_team() -> None:
    text = "Der Panzer menang dua gol."
    doc = run(_doc(text, [("Der Panzer", "PER")]))
    assert doc.entities[0]["canonical"] == "Timnas Jerman" and doc.entities[0]["type"] == "ORG"


def test_link_full_name_with_two_labels_is_one_entity() -> None:
    text = ("Pelatih Hajime Moriyasu tiba. Menurut Hajime Moriyasu, lawan kuat. Ia lulusan Harvard Law "
            "School; Harvard Law School bangga.")
    doc = run(_doc(text, [("Hajime Moriyasu", "PER"), ("Hajime Moriyasu", "LOC"),
                          ("Harvard Law School", "ORG"), ("Harvard Law School", "LOC")]))
    coach, coach_as_place, school, school_as_place = doc.entities
    assert coach["cluster"] == coach_as_place["cluster"]
    assert school["cluster"] == school_as_place["cluster"] != coach["cluster"]


def test_link_republic_abbreviation_and_press_country_names() -> None:
    text = "Rep Ceska menang atas Pantai Gading, lalu Uni Soviet dikenang."
    doc = run(_doc(text, [("Rep Ceska", "LOC"), ("Pantai Gading", "LOC"), ("Uni Soviet", "LOC")]))
    assert [m["country"] for m in doc.entities] == ["CZE", "CIV", "SUN"]
    assert [m["kind"] for m in doc.entities] == ["country"] * 3


@pytest.mark.parametrize(("text", "country"), [
    ("Presiden AS menandatangani aturan baru.", "USA"),
    ("Kurs dolar AS melemah pagi ini.", "USA"),
    ("Polisi menahan tersangka AS di rumahnya.", None),
    ("Barang itu disita oleh AS kemarin.", None),
    ("Pemerintah AS (45) mengaku.", None),
])
def test_link_as_read_as_a_person_is_a_country_only_after_a_country_noun(text: str,
                                                                        country: str | None) -> None:
    doc = run(_doc(text, [("AS", "PER")]))
    assert doc.entities[0]["country"] == country
    assert doc.entities[0]["type"] == ("GPE" if country else "PER")


def test_link_club_named_with_a_country_short_form_is_not_expanded() -> None:
    text = "Pelatih AS Roma memuji Amerika Serikat. AS Roma menang dan Amerika Serikat kalah."
    # The country read as an organisation too, as the entities stage sometimes does.
    doc = run(_doc(text, [("AS Roma", "ORG"), ("Amerika Serikat", "ORG"), ("AS Roma", "ORG"),
                          ("Amerika Serikat", "ORG")]))
    club, country, club_again, _ = doc.entities
    assert club["canonical"] == club_again["canonical"] == "AS Roma"
    assert club["cluster"] == club_again["cluster"] != country["cluster"]
