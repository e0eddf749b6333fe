"""Lookups over the gazetteer tables in ``resources/gazetteer/`` (places, short forms, organisations,
role titles, nicknames, name affixes), loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from warta.resources import read_text


@dataclass(frozen=True, slots=True)
class Place:
    """A place name: its country, kind and canonical name."""

    country: str
    kind: str  # country | capital | city | province | regency | igo
    canonical: str
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class Organisation:
    """A known organisation: canonical name, country (None if international) and CAMEO actor type."""

    canonical: str
    country: str | None
    role: str


@dataclass(frozen=True, slots=True)
class Role:
    """A role title and the CAMEO actor type of whoever holds it."""

    title: str
    actor: str


def _table(name: str) -> list[list[str]]:
    """Rows of a TSV resource, comments skipped."""
    return [line.split("\t") for line in read_text(f"gazetteer/{name}").splitlines()
            if line.strip() and not line.startswith("#")]


def key(name: str) -> str:
    """Lookup key of a name: case-folded, inner whitespace collapsed."""
    return " ".join(name.casefold().split())


_KIND_RANK = {"country": 0, "capital": 1, "province": 2, "city": 3, "regency": 4}


@cache
def places() -> dict[str, Place]:
    """Place names (lower-cased) -> Place; press short forms override the generated table."""
    out: dict[str, Place] = {}
    country_names: dict[str, str] = {}
    rows = sorted(_table("places.tsv"), key=lambda r: _KIND_RANK.get(r[2], 9))
    for name, country, kind, canonical in rows:
        if kind == "country":
            country_names.setdefault(country, canonical)
        out.setdefault(key(name), Place(country, kind, canonical))
    press: dict[str, Place] = {}
    press_names: dict[str, str] = {}
    for form, country, canonical, ambiguous in _table("press_short_forms.tsv"):
        kind = "igo" if country == "IGO" else "country"
        press[key(form)] = Place(country if kind == "country" else "", kind, canonical, ambiguous == "1")
        if kind == "country" and key(form) == key(canonical):  # the first such row names the country
            press_names.setdefault(country, canonical)  # ("Inggris", not "Skotlandia" or "Wales")
    country_names |= press_names
    # CLDR country rows take the press name of their country ("China", "Inggris") where one is set.
    out = {k: Place(p.country, p.kind, country_names.get(p.country, p.canonical), p.ambiguous)
           if p.kind == "country" else p for k, p in out.items()}
    return out | press


@cache
def country_name(code: str) -> str | None:
    """The canonical Indonesian name of a country code."""
    for place in places().values():
        if place.kind == "country" and place.country == code:
            return place.canonical
    return None


@cache
def organisations() -> dict[str, Organisation]:
    """Organisation names and aliases (lower-cased) -> Organisation."""
    out: dict[str, Organisation] = {}
    for row in _table("organisations.tsv"):
        canonical, country, role = row[:3]
        org = Organisation(canonical, None if country == "-" else country, role)
        for alias in [canonical, *(row[3].split("|") if len(row) > 3 and row[3] else [])]:
            out.setdefault(key(alias), org)
    return out


@cache
def roles() -> dict[str, Role]:
    """Role titles and their abbreviations (lower-cased) -> Role."""
    out: dict[str, Role] = {}
    for row in _table("roles.tsv"):
        title, actor = row[:2]
        role = Role(title, actor)
        for alias in [title, *(row[2].split("|") if len(row) > 2 and row[2] else [])]:
            out.setdefault(key(alias), role)
    return out


@cache
def role_max_words() -> int:
    """Words in the longest role title."""
    return max(len(title.split()) for title in roles())


@dataclass(frozen=True, slots=True)
class Nickname:
    """A nickname of a well-known person or team and what it stands for."""

    type: str
    canonical: str
    country: str | None


@cache
def nicknames() -> dict[str, Nickname]:
    """Nicknames (lower-cased) -> Nickname."""
    return {key(nick): Nickname(type_, canonical, None if country == "-" else country)
            for nick, type_, canonical, country in _table("nicknames.tsv")}


@cache
def affixes(kind: str) -> frozenset[str]:
    """Keys of the name affixes of one kind (title, legal, place, region) in name_affixes.tsv."""
    return frozenset(key(word) for word, kind_ in _table("name_affixes.tsv") if kind_ == kind)
