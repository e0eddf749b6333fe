"""Gazetteer lookups: press country names, name affixes, organisation aliases and nicknames."""

from __future__ import annotations

import pytest

from warta import gazetteer as gz


@pytest.mark.parametrize(("form", "code", "canonical"), [
    ("United Kingdom", "GBR", "Inggris"),
    ("Wales", "GBR", "Wales"),
    ("Pantai Gading", "CIV", "Pantai Gading"),
    ("Republik Ceko", "CZE", "Ceko"),
    ("Negeri Gajah Putih", "THA", "Thailand"),
    ("Uni Soviet", "SUN", "Uni Soviet"),
])
def test_gazetteer_press_country_names(form: str, code: str, canonical: str) -> None:
    place = gz.places()[gz.key(form)]
    assert (place.country, place.kind, place.canonical) == (code, "country", canonical)


def test_gazetteer_country_keeps_its_main_press_name() -> None:
    assert gz.country_name("GBR") == "Inggris"
    assert gz.country_name("CIV") == "Pantai Gading"


def test_gazetteer_affixes_by_kind() -> None:
    assert {"ayatollah", "kombes pol", "gus"} <= gz.affixes("title")
    assert {"pt", "tbk"} <= gz.affixes("legal")
    assert "provinsi" in gz.affixes("place") and "semenanjung" in gz.affixes("region")
    assert not gz.affixes("title") & gz.affixes("legal")


def test_gazetteer_security_council_short_name_and_region_nickname() -> None:
    assert gz.organisations()["dewan keamanan"].canonical == "Dewan Keamanan PBB"
    nick = gz.nicknames()["benua biru"]
    assert (nick.type, nick.canonical, nick.country) == ("LOC", "Eropa", None)
