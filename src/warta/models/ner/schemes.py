"""Label schemes of the shared NER sets and their mapping onto warta's PER/ORG/LOC/EVT.

Each scheme maps a source entity type to a warta type, or to None when warta drops it (tagged
``O``). ``annotates`` lists the warta types a set labels at all: predictions of other types are
removed before that set is scored, and a training head for the set never sees them.

| set | source type | warta type |
|---|---|---|
| NERP (IndoNLU) | PPL / PLC / IND / EVT / FNB | PER / LOC / ORG / EVT / - (dropped) |
| NERGrit (IndoNLU) | PERSON / PLACE / ORGANISATION | PER / LOC / ORG |
| NER-UI (IndoLEM) | PERSON / LOCATION / ORGANIZATION | PER / LOC / ORG |
| NER-UGM (IndoLEM) | PERSON / LOCATION / ORGANIZATION / TIME / QUANTITY | PER / LOC / ORG / - / - |
| IDNer-news-2k | PER / LOC / ORG | PER / LOC / ORG |
| warta (any file that also has EVT or GPE) | PER / LOC / ORG / EVT (GPE is read as LOC) | same |
"""

from __future__ import annotations

from dataclasses import dataclass

TYPES: tuple[str, ...] = ("PER", "ORG", "LOC", "EVT")
TAGS: tuple[str, ...] = ("O", *(f"{p}-{t}" for t in TYPES for p in "BI"))


@dataclass(frozen=True, slots=True)
class Scheme:
    """One source tag set: how its types map to warta types and which warta types it annotates."""

    name: str
    mapping: dict[str, str | None]
    annotates: frozenset[str]


SCHEMES: tuple[Scheme, ...] = (
    Scheme("nerp", {"PPL": "PER", "PLC": "LOC", "IND": "ORG", "EVT": "EVT", "FNB": None},
           frozenset({"PER", "ORG", "LOC", "EVT"})),
    Scheme("nergrit", {"PERSON": "PER", "PLACE": "LOC", "ORGANISATION": "ORG"},
           frozenset({"PER", "ORG", "LOC"})),
    Scheme("indolem", {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG",
                       "TIME": None, "QUANTITY": None},
           frozenset({"PER", "ORG", "LOC"})),
    Scheme("idner", {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}, frozenset({"PER", "ORG", "LOC"})),
    Scheme("warta", {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "EVT": "EVT"},
           frozenset({"PER", "ORG", "LOC", "EVT"})),
)
_BY_NAME = {s.name: s for s in SCHEMES}


def scheme(name: str) -> Scheme:
    """The scheme called ``name``."""
    return _BY_NAME[name]


def detect(types: set[str]) -> Scheme | None:
    """The first scheme whose mapping covers every source type seen, or None."""
    for s in SCHEMES:
        if types <= s.mapping.keys():
            return s
    return None


def map_tag(tag: str, mapping: dict[str, str | None]) -> str:
    """Map one IOB2 tag onto warta types (``O`` when the type is dropped)."""
    if tag == "O":
        return tag
    prefix, _, kind = tag.partition("-")
    target = mapping.get(kind)
    return f"{prefix}-{target}" if target else "O"


def repair(tags: list[str]) -> list[str]:
    """Make a tag sequence valid IOB2: an ``I-X`` that continues no ``X`` becomes ``B-X``."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out
