"""The link stage: group entity mentions into canonical entities of the article.

Each mention dict in ``doc.entities`` (from the entities stage) gains ``cluster`` (an index shared
by the mentions of one entity in this article), ``entity_id`` (stable across the corpus:
``GPE:RUS``, ``PER:vladimir-putin``), ``canonical``, ``type`` (PER, ORG, GPE, LOC, EVT), ``kind``,
``country`` (ISO 3166 alpha-3) and ``role`` (CAMEO actor type) where known. Offsets are untouched.

Evidence, in order: acronyms defined in the text ("Korea Utara (Korut)"), the gazetteer (places,
press short forms, organisations, role titles), role phrases before a name ("Menteri Pertahanan
Rusia Sergei Shoigu"), and name containment for persons ("Vladimir Putin" ... "Putin"). Office
holders come from the article only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from warta import gazetteer as gz
from warta.model import Document

# "Korea Utara (Korut)", "Korean Central News Agency (KCNA)", "Menteri Pertahanan (Menhan)".
_DEFINITION = re.compile(
    r"((?:[A-Z][\w'’.&-]*|\d+)(?:\s+(?:[A-Z][\w'’.&-]*|dan|dari|untuk|bagi|di|ke|&|\d+)){0,9})"
    r"\s*\(\s*([A-Z][\w.&'-]{1,14})\s*\)"
)
_INITIALS_AGE = re.compile(r"\s*\(\s*\d{1,3}\s*\)")
_SLUG = re.compile(r"[^a-z0-9]+")
# Words after which a capitalised country form (AS, RI) is a country, not initials.
_COUNTRY_CONTEXT = re.compile(
    r"(?i)(?:\b(?:di|ke|dari|oleh|dengan|antara|negara|pemerintah|presiden|menteri|menlu|menhan|"
    r"militer|pasukan|tentara|warga|rakyat|dolar|dollar|duta besar|dubes|kedutaan|pihak|sanksi|"
    r"sekutu|wakil|mitra|angkatan|senat|kongres|bank sentral|ekonomi|produk|perusahaan|serikat)"
    r"\s*)$"
)


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Case- and diacritic-insensitive form of a name."""
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return gz.key(text)


def slug(text: str) -> str:
    """A stable id fragment of a name."""
    return _SLUG.sub("-", _fold(text)).strip("-")


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms defined in the text, short form (folded) -> long form as written."""
    out: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        long, short = m.group(1).strip(), m.group(2)
        words = [w for w in long.split() if w[:1].isupper()]
        # Keep the tail of the long form that the acronym plausibly abbreviates.
        for i in range(len(words)):
            candidate = " ".join(long.split()[long.split().index(words[i]):])
            if _abbreviates(short, candidate):
                out[_fold(short)] = candidate
                break
    return out


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` is built from the starts of ``long``'s words, in order ("Korut", "KCNA")."""
    s = short.replace(".", "").lower()
    words = [w.lower() for w in re.split(r"[\s-]+", long) if w]
    if not s or not words or s[0] != words[0][0]:
        return False
    return _match(s, words)


def _match(s: str, words: list[str]) -> bool:
    """Whether s can be spelled by prefixes of consecutive words (each word used, in order)."""
    if not s:
        return not words or all(len(w) <= 3 for w in words)  # trailing "dan"/"di" may be skipped
    if not words:
        return False
    head, rest = words[0], words[1:]
    if len(head) <= 3 and head in {"dan", "di", "ke", "dari", "untuk", "bagi", "&"} and _match(s, rest):
        return True
    return any(head[:n] == s[:n] and _match(s[n:], rest) for n in range(min(len(head), len(s)), 0, -1))


@dataclass
class _Entity:
    """An entity of the article being built up from its mentions."""

    index: int
    type: str
    names: list[str] = field(default_factory=list)
    canonical: str | None = None
    kind: str | None = None
    country: str | None = None
    role: str | None = None
    roles: set[str] = field(default_factory=set)
    known: str | None = None  # the gazetteer's name of a known organisation (clustering key only)

    def tokens(self) -> set[str]:
        """Folded words of every name of the entity, its canonical name included."""
        return {t for n in [*self.names, self.canonical or ""] for t in _fold(n).split()}

    def best_name(self) -> str:
        """The canonical name: a fixed one, else the gazetteer's if the article uses it, else the
        fullest form in the article."""
        if self.canonical:
            return self.canonical
        if self.known and _fold(self.known) in {_fold(n) for n in self.names}:
            return self.known
        return max(self.names, key=lambda n: (len(n.split()), len(n)))


def _role_before(text: str, start: int) -> tuple[gz.Role | None, str | None]:
    """A role title (and a country named with it) right before a mention: "Menteri Pertahanan
    (Menhan) Rusia Sergei Shoigu" gives Menteri Pertahanan and RUS."""
    window = re.sub(r"\([^)]*\)", " ", text[max(0, start - 80):start])
    words = _fold(window).split()
    roles, places = gz.roles(), gz.places()
    for i in range(len(words)):
        for n in range(min(gz.role_max_words(), len(words) - i), 0, -1):
            role = roles.get(" ".join(words[i:i + n]))
            if role is None:
                continue
            tail = " ".join(words[i + n:])
            place = places.get(tail) if tail else None
            if tail and (place is None or place.kind != "country"):
                continue
            return role, place.country if place else None
    return None, None


class _Linker:
    """Clusters the mentions of one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.entities: list[_Entity] = []
        self.defined = acronym_definitions(doc.text)

    def new(self, type_: str, name: str) -> _Entity:
        entity = _Entity(len(self.entities), type_, [name])
        self.entities.append(entity)
        return entity

    def place(self, mention: dict[str, Any]) -> gz.Place | None:
        """The gazetteer place a mention names, if any (ambiguous short forms need context)."""
        text = mention["text"]
        place = gz.places().get(_fold(self.defined.get(_fold(text), text)))
        if place is None or mention.get("label") == "PER":
            return None
        if place.ambiguous:
            after = self.doc.text[mention["end"]:mention["end"] + 8]
            before = self.doc.text[max(0, mention["start"] - 30):mention["start"]]
            if _INITIALS_AGE.match(after) or not (_COUNTRY_CONTEXT.search(before) or text.isupper()):
                return None
        return place

    def link(self, mention: dict[str, Any]) -> _Entity:
        """The entity a mention belongs to (created when new); a defined acronym adds its long form."""
        entity = self._link(mention)
        long = self.defined.get(_fold(mention["text"]))
        if long and entity.type != "PER" and long not in entity.names:
            entity.names.append(long)
        return entity

    def _link(self, mention: dict[str, Any]) -> _Entity:
        text = mention["text"]
        label = mention.get("label", "ORG")
        long = self.defined.get(_fold(text))
        place = self.place(mention)
        if place is not None:
            return self._place_entity(text, place)
        nick = gz.nicknames().get(_fold(text))
        if nick is not None and (nick.type == label or label not in {"PER", "ORG"}):
            return self._nickname_entity(text, nick)
        org = gz.organisations().get(_fold(long or text))
        if org is not None and label != "PER":
            return self._org_entity(text, org)
        if label == "PER":
            return self._person(mention)
        folded = _fold(long or text)
        for entity in self.entities:
            if entity.type == label and folded in {_fold(n) for n in entity.names} | (
                    {_fold(entity.canonical)} if entity.canonical else set()):
                entity.names.append(text)
                return entity
            if long is None and entity.type == label and any(
                    _fold(self.defined.get(_fold(n), "")) == folded for n in entity.names):
                entity.names.append(text)
                return entity
        entity = self.new(label if label in {"ORG", "EVT", "LOC"} else "ORG", text)
        if long:
            entity.canonical = long
        return entity

    def _place_entity(self, text: str, place: gz.Place) -> _Entity:
        """A gazetteer place: countries take their standard name, other places the article's
        fullest form (the gazetteer name only groups "Solo" with "Surakarta")."""
        if place.kind == "igo":
            org = gz.organisations().get(_fold(text))
            return self._org_entity(text, org or gz.Organisation(place.canonical, None, "IGO"))
        for entity in self.entities:
            if entity.type == "GPE" and entity.known == place.canonical:
                entity.names.append(text)
                return entity
        entity = self.new("GPE", text)
        entity.known, entity.kind, entity.country = place.canonical, place.kind, place.country
        if place.kind == "country":
            entity.canonical = place.canonical
        return entity

    def _org_entity(self, text: str, org: gz.Organisation) -> _Entity:
        """An organisation known to the gazetteer; its canonical name is the article's fullest form."""
        for entity in self.entities:
            if entity.known == org.canonical:
                entity.names.append(text)
                return entity
        entity = self.new("ORG", text)
        entity.known, entity.country, entity.role = org.canonical, org.country, org.role
        entity.kind = "media" if org.role == "MED" else "organisation"
        return entity

    def _nickname_entity(self, text: str, nick: gz.Nickname) -> _Entity:
        """A nickname ("Jokowi", "Samurai Biru"): the entity of its full name."""
        for entity in self.entities:
            if entity.canonical == nick.canonical or _fold(nick.canonical) in map(_fold, entity.names):
                entity.names.append(text)
                entity.canonical = nick.canonical
                return entity
        entity = self.new(nick.type, text)
        entity.canonical, entity.country = nick.canonical, nick.country
        entity.kind = "person" if nick.type == "PER" else "organisation"
        return entity

    def _person(self, mention: dict[str, Any]) -> _Entity:
        text = mention["text"]
        role, country = _role_before(self.doc.text, mention["start"])
        as_role = gz.roles().get(_fold(text))
        if as_role is not None:  # "Presiden", "Menhan" standing for a person named earlier
            for entity in reversed(self.entities):
                if entity.type == "PER" and as_role.title in entity.roles:
                    entity.names.append(text)
                    return entity
        folded = set(_fold(text).split())
        candidates = [e for e in self.entities if e.type == "PER" and as_role is None and (
            folded <= e.tokens() or (len(folded) > 1 and e.tokens() <= folded))]
        if candidates:  # the most mentioned person wins ("Obama" in a story on the Obama family)
            entity = max(candidates, key=lambda e: (len(e.names), -e.index))
            entity.names.append(text)
            self._add_role(entity, role, country)
            return entity
        entity = self.new("PER", text)
        entity.kind = "person"
        if as_role is not None:
            entity.canonical = as_role.title
            entity.roles.add(as_role.title)
            entity.role = as_role.actor
        self._add_role(entity, role, country)
        return entity

    @staticmethod
    def _add_role(entity: _Entity, role: gz.Role | None, country: str | None) -> None:
        if role is not None:
            entity.roles.add(role.title)
            entity.role = entity.role or role.actor
        if country and not entity.country:
            entity.country = country


def run(doc: Document) -> Document:
    """Add cluster, canonical name, stable id, type, kind, country and role to every mention."""
    linker = _Linker(doc)
    assigned = [(mention, linker.link(mention)) for mention in sorted(doc.entities, key=lambda m: m["start"])]
    for mention, entity in assigned:
        canonical = entity.best_name()
        key = entity.country if entity.kind == "country" and entity.country else slug(canonical)
        mention.update(
            cluster=entity.index,
            entity_id=f"{entity.type}:{key}",
            canonical=canonical,
            type=entity.type,
            kind=entity.kind,
            country=entity.country,
            role=entity.role,
        )
    return doc
