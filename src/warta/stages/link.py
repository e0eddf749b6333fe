"""The link stage: group entity mentions into canonical entities of the article.

Each mention dict in ``doc.entities`` (from the entities stage) gains ``cluster`` (an index shared
by the mentions of one entity in this article), ``entity_id`` (stable across the corpus:
``GPE:RUS``, ``PER:vladimir-putin``), ``canonical``, ``type`` (PER, ORG, GPE, LOC, EVT), ``kind``,
``country`` (ISO 3166 alpha-3) and ``role`` (CAMEO actor type) where known. Offsets are untouched.

Evidence, in order: acronyms defined in the text ("Korea Utara (Korut)", "Konvensi Nasional Partai
Demokrat (DNC)") or spelled by another name of the article ("KBRI Riyadh" beside "Kedutaan Besar
RI"), the gazetteer (places, press short forms, organisations, nicknames, role titles), role phrases
before a name ("Menteri Pertahanan Rusia Sergei Shoigu"), name containment for persons ("Vladimir
Putin" ... "Putin"), small spelling variants ("Masamah"/"Musammah"), and event editions ("SEA
Games" ... "SEA Games 2017"). Names are normalised first: titles and ranks before a person's name
and stray lower-case words are dropped, spaced hyphens closed ("Oxlade - Chamberlain"), scraper
glue undone ("BARACKHussein"), designators dropped from foreign places ("Provinsi Rakhine").
Office holders come from the article only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from warta import gazetteer as gz
from warta.model import Document

# "Korea Utara (Korut)", "Korean Central News Agency (KCNA)", "Badan Penyelenggara Haji (BP Haji)":
# the short form in parentheses, then up to ten capitalised words (and connectors) before it.
_SHORT_IN_PARENS = re.compile(r"\(\s*([A-Z][\w.&'-]{1,14}(?:\s[A-Z][\w.&'-]{1,14}){0,2})\s*\)")
_LONG_WORD = re.compile(r"[A-Z][\w'’.&-]*|\d+")
_CONNECTORS = frozenset({"dan", "dari", "untuk", "bagi", "di", "ke", "&"})
_INITIALS_AGE = re.compile(r"\s*\(\s*\d{1,3}\s*\)")
_OPEN_PAREN = re.compile(r"[ \t]*\([ \t]*")
_CLOSE_PAREN = re.compile(r"[ \t]*\)")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.-]*[A-Z0-9]")
_SLUG = re.compile(r"[^a-z0-9]+")
_SPACED_HYPHEN = re.compile(r"(?<=\w)\s+-\s+(?=\w)")
_GLUED_CAPS = re.compile(r"\b([A-Z]{2,})([A-Z][a-z]+)")
_WORD_SPLIT = re.compile(r"[\s-]+")
_PUNCT = re.compile(r"[,;:!?\"“”]")
_YEAR = re.compile(r"\d{4}")
_REPUBLIC = re.compile(r"(?i)^rep\.?\s+")  # "Rep Ceska", "Rep. Dominika"
# "Barack Obama (senior)", "Martin Luther King Jr.": the father or the son, a person of their own.
_GENERATION = re.compile(r"[ \t]*(?:\([ \t]*(senior|junior|sr\.?|jr\.?)[ \t]*\)|,?[ \t]+(Sr\.|Jr\.))", re.I)
# Words after which a capitalised country form (AS, RI) is a country, not initials.
_COUNTRY_CONTEXT = re.compile(
    r"(?i)(?:\b(?:di|ke|dari|oleh|dengan|antara|negara|pemerintah|presiden|menteri|menlu|menhan|"
    r"militer|pasukan|tentara|warga|rakyat|dolar|dollar|duta besar|dubes|kedutaan|pihak|sanksi|"
    r"sekutu|wakil|mitra|angkatan|senat|kongres|bank sentral|ekonomi|produk|perusahaan|serikat)"
    r"\s*)$"
)
# Stronger context for a short form the entities stage read as a person ("Presiden AS", "dolar AS").
_COUNTRY_NOUN_CONTEXT = re.compile(
    r"(?i)(?:\b(?:negara|pemerintah|presiden|menteri|menlu|menhan|militer|pasukan|tentara|warga|rakyat|"
    r"dolar|dollar|duta besar|dubes|kedutaan|sanksi|sekutu|angkatan|senat|kongres|bank sentral|ekonomi)"
    r"\s*)$"
)
_COUNTRY_WORDS = 6  # words in the longest country name of the gazetteer
_SHORT_FORMS = {"dan", "di", "ke", "dari", "untuk", "bagi", "&"}


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
    for m in _SHORT_IN_PARENS.finditer(text):
        short = m.group(1)
        words: list[str] = []
        for word in reversed(text[max(0, m.start() - 160):m.start()].split()[-10:]):
            if not (_LONG_WORD.fullmatch(word) or (words and word in _CONNECTORS)):
                break
            words.insert(0, word)
        # Keep the tail of the long form that the acronym plausibly abbreviates.
        for i, word in enumerate(words):
            if word[:1].isupper() and _abbreviates(short, " ".join(words[i:])):
                out[_fold(short)] = " ".join(words[i:])
                break
    return out


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` is built from the starts of ``long``'s words, in order ("Korut", "KCNA",
    "BP Haji"); a trailing year of the long form may be left out ("Kualifikasi PD")."""
    s = "".join(short.replace(".", "").lower().split())
    words = [w.lower() for w in _WORD_SPLIT.split(long) if w]
    if not s or not words or s[0] != words[0][0]:
        return False
    return _match(s, words)


def _match(s: str, words: list[str]) -> bool:
    """Whether s can be spelled by prefixes of consecutive words (each word used, in order)."""
    if not s:  # trailing "dan"/"di" or a year may be skipped
        return not words or all(len(w) <= 3 or w.isdigit() for w in words)
    if not words:
        return False
    head, rest = words[0], words[1:]
    if len(head) <= 3 and head in _SHORT_FORMS and _match(s, rest):
        return True
    return any(head[:n] == s[:n] and _match(s[n:], rest) for n in range(min(len(head), len(s)), 0, -1))


def _is_acronym(word: str) -> bool:
    """An all-capitals short form of two or more letters ("KBRI", "DNC", "BP")."""
    return len(word) <= 10 and _ACRONYM.fullmatch(word) is not None and sum(c.isupper() for c in word) > 1


def _may_stand_for(short: str, long: str) -> bool:
    """Whether an acronym may stand for a name in another language's word order ("Forum Ekonomi
    Internasional St. Petersburg (SPIEF)"): enough words, and half its letters among their initials."""
    letters = [c for c in short.lower() if c.isalpha()]
    words = long.split()
    initials = {w[0].lower() for w in words}
    return len(words) >= len(letters) - 1 and 2 * sum(c in initials for c in letters) >= len(letters)


@lru_cache(maxsize=65536)
def normal_name(text: str, *, person: bool = False) -> str:
    """A mention's name with tokeniser and scraper artefacts undone: runs of spaces, spaced hyphens
    ("Oxlade - Chamberlain"); for persons also glued words ("BARACKHussein") and upper-cased words
    beside mixed-case ones ("BARACK Hussein Obama" -> "Barack Hussein Obama")."""
    text = _SPACED_HYPHEN.sub("-", " ".join(text.split()))
    if person:
        words = _GLUED_CAPS.sub(r"\1 \2", text).split()
        if not all(w.isupper() for w in words):
            words = [w.capitalize() if len(w) > 2 and w.isalpha() and w.isupper() else w for w in words]
        text = " ".join(words)
    return text


@lru_cache(maxsize=65536)
def person_name(text: str) -> str:
    """A person's name without the titles, ranks or role before it and stray lower-case words
    around it ("Ayatollah Ali Khamenei" -> "Ali Khamenei", "trisula Raheem Sterling")."""
    words = normal_name(text, person=True).split()
    titles, roles = gz.affixes("title"), gz.roles()
    while len(words) > 1:  # a stray word goes only from a name of three words or more
        cut = 1 if len(words) > 2 and _stray(words[0]) else next((n for n in (3, 2, 1) if len(words) > n and (
            _fold(" ".join(words[:n])) in titles or _fold(" ".join(words[:n])) in roles)), 0)
        if not cut:
            break
        words = words[cut:]
    while len(words) > 2 and _stray(words[-1]):  # "Siti Aisyah tertunduk", but "Tom heaton" stays
        words.pop()
    return " ".join(words)


def _stray(word: str) -> bool:
    """A lower-case word at the edge of a name span ("tertunduk"), not a particle like "al-Assad"."""
    return word[:1].islower() and word.isalpha()


@lru_cache(maxsize=65536)
def _place_name(text: str) -> str:
    """A foreign place's name without an administrative designator ("Provinsi Rakhine")."""
    folded = _fold(text)
    for prefix in gz.affixes("place"):
        if folded.startswith(prefix + " ") and len(folded) > len(prefix) + 1:
            return " ".join(text.split()[len(prefix.split()):])
    return text


@lru_cache(maxsize=65536)
def _group_key(name: str) -> str:
    """Grouping key of an organisation or event name: folded, legal forms dropped ("PT", "Tbk")."""
    words = [w for w in _WORD_SPLIT.split(_fold(normal_name(name))) if w]
    legal = gz.affixes("legal")
    return " ".join(w for w in words if w not in legal) or " ".join(words)


def _spelling_variant(word: str, other: str, *, threshold: float) -> bool:
    """Whether two folded words are spellings of one name ("masamah"/"musammah", "isral"/"israel")."""
    return (word[:1] == other[:1] and len(other) >= 4 and abs(len(word) - len(other)) <= 2
            and SequenceMatcher(None, word, other).ratio() >= threshold)


def _country_at_end(name: str) -> str | None:
    """The country an organisation's name ends with ("Kedutaan Besar Rusia", "DPR AS", "Kemlu RI")."""
    words = name.split()
    for n in (3, 2, 1):
        place = gz.places().get(_fold(" ".join(words[-n:]))) if len(words) > n else None
        if place is not None and place.kind == "country":
            return place.country
    return None


def _edition_of(short: list[str], long: list[str]) -> bool:
    """Whether an event name is another's without its year or host place ("SEA Games" and "SEA
    Games Kuala Lumpur 2017"), but not a different stage ("Kualifikasi Piala Dunia 2026")."""
    if len(short) >= len(long) or not set(short) < set(long):
        return False
    extra = [w for w in long if w not in short and not _YEAR.fullmatch(w)]
    return not extra or " ".join(extra) in gz.places()


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
    toks: set[str] = field(default_factory=set)  # folded words of every name
    keys: set[str] = field(default_factory=set)  # grouping keys of every name
    qualifier: str | None = None  # "riyadh" of "KBRI Riyadh"
    generation: bool = False  # "Barack Obama (senior)": takes no unmarked "Barack Obama"

    def add(self, name: str) -> None:
        """Record one more name of the entity."""
        self.names.append(name)
        self.toks.update(w for w in _WORD_SPLIT.split(_fold(name)) if w)
        self.keys.add(_group_key(name))

    def tokens(self) -> set[str]:
        """Folded words of every name of the entity, its canonical name included."""
        if self.canonical:
            return self.toks | {w for w in _WORD_SPLIT.split(_fold(self.canonical)) if w}
        return self.toks

    def best_name(self) -> str:
        """The canonical name: a fixed one, else the gazetteer's if the article uses it, else the
        fullest form in the article."""
        if self.canonical:
            return self.canonical
        if self.known and _fold(self.known) in {_fold(n) for n in self.names}:
            return self.known
        return max(self.names, key=lambda n: (len(n.split()), len(n), not n.isupper()))


def _role_before(text: str, start: int) -> tuple[gz.Role | None, str | None]:
    """A role title (and a country named with it) right before a mention: "Menteri Pertahanan
    (Menhan) Rusia Sergei Shoigu" and "Presiden Amerika Serikat, Donald Trump" give the role and
    the country."""
    window = _PUNCT.sub(" ", re.sub(r"\([^)]*\)", " ", text[max(0, start - 80):start]))
    words = _fold(window).split()
    roles, places = gz.roles(), gz.places()
    longest = gz.role_max_words()
    for i in range(max(0, len(words) - longest - _COUNTRY_WORDS), len(words)):
        # n words of role title, then at most a country's name before the mention
        for n in range(min(longest, len(words) - i), max(0, len(words) - i - _COUNTRY_WORDS - 1), -1):
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

    def __init__(self, doc: Document, mentions: list[dict[str, Any]]) -> None:
        self.doc = doc
        self.entities: list[_Entity] = []
        self.defined = acronym_definitions(doc.text)
        self.qualified: dict[str, tuple[str, str]] = {}  # "kbri riyadh" -> ("kedutaan besar ri", "riyadh")
        self._define_from_mentions(mentions)

    def _define_from_mentions(self, mentions: list[dict[str, Any]]) -> None:
        """Short forms the article's own mentions expand: "Konvensi Nasional Partai Demokrat (DNC)"
        whatever the letters, and a short form spelled by another name of the article ("KBRI",
        "KBRI Riyadh" beside "Kedutaan Besar RI")."""
        names = [m for m in mentions if m.get("label") != "PER"]
        by_start = {m["start"]: m for m in names}
        text = self.doc.text
        for m in names:
            opened = _OPEN_PAREN.match(text, m["end"])
            inner = by_start.get(opened.end()) if opened else None
            if (inner is not None and inner.get("label") == m.get("label") and _is_acronym(inner["text"])
                    and _CLOSE_PAREN.match(text, inner["end"]) and _may_stand_for(inner["text"], m["text"])):
                self.defined.setdefault(_fold(inner["text"]), m["text"])
        orgs, places = gz.organisations(), gz.places()
        texts = sorted({(m.get("label", "ORG"), normal_name(m["text"])) for m in names})
        longs: dict[tuple[str, str], list[str]] = {}  # (label, initial) -> names of several words
        for label, t in texts:
            if " " in t and _fold(t) not in places:
                longs.setdefault((label, t[0].lower()), []).append(t)
        for label, short in texts:
            folded = _fold(short)
            if folded in self.defined or folded in orgs or folded in places:
                continue
            words = short.split()
            acronyms = [_is_acronym(w) for w in words]
            if not any(acronyms):
                continue
            for k in range(len(words), 0, -1):
                head, rest = words[:k], words[k:]
                if not any(acronyms[:k]) or not all(w[:1].isupper() for w in rest):
                    continue
                head_key = _fold(" ".join(head))
                if head_key in orgs or head_key in places:  # "AS Roma" is no "Amerika Serikat Roma"
                    continue
                head_words = set(head_key.split())
                expansion = self.defined.get(head_key) or next(
                    (t for t in longs.get((label, head[0][0].lower()), []) if t != short
                     and not head_words <= set(_fold(t).split()) and _abbreviates("".join(head), t)), None)
                if expansion:
                    self.defined[folded] = " ".join([expansion, *rest])
                    if rest:
                        self.qualified[folded] = (_group_key(expansion), _fold(" ".join(rest)))
                    break

    def new(self, type_: str, name: str) -> _Entity:
        entity = _Entity(len(self.entities), type_)
        entity.add(name)
        self.entities.append(entity)
        return entity

    def place(self, mention: dict[str, Any], text: str) -> gz.Place | None:
        """The gazetteer place a mention names, if any (ambiguous short forms need context)."""
        name = self.defined.get(_fold(text), text)
        place = gz.places().get(_fold(name)) or gz.places().get(_fold(_REPUBLIC.sub("Republik ", name)))
        if place is None or (mention.get("label") == "PER" and not place.ambiguous):
            return None
        if place.ambiguous:
            after = self.doc.text[mention["end"]:mention["end"] + 8]
            before = self.doc.text[max(0, mention["start"] - 30):mention["start"]]
            if mention.get("label") == "PER":  # initials unless a country noun stands before them
                context = text.isupper() and _COUNTRY_NOUN_CONTEXT.search(before)
            else:
                context = _COUNTRY_CONTEXT.search(before) or text.isupper()
            if _INITIALS_AGE.match(after) or not context:
                return None
        return place

    def link(self, mention: dict[str, Any]) -> _Entity:
        """The entity a mention belongs to (created when new); a defined acronym adds its long form."""
        entity = self._link(mention)
        long = self.defined.get(_fold(mention["text"]))
        if long and entity.type != "PER" and long not in entity.names:
            entity.add(long)
        return entity

    def _region(self, mention: dict[str, Any]) -> str | None:
        """"Semenanjung Arab" for "Arab" after a lower-case "semenanjung" (a region, not the country)."""
        before = self.doc.text[max(0, mention["start"] - 20):mention["start"]].split()
        if before and before[-1] in gz.affixes("region"):
            return f"{before[-1].capitalize()} {mention['text']}"
        return None

    def _link(self, mention: dict[str, Any]) -> _Entity:
        label = mention.get("label", "ORG")
        nicks = gz.nicknames()
        place = self.place(mention, mention["text"]) if label == "PER" else None
        if place is not None:  # "Presiden AS" with "AS" read as a person's initials
            return self._place_entity(mention["text"], place)
        if label == "PER":  # "Jokowi", "Presiden Jokowi"; a team's nickname read as a name ("Der Panzer")
            nick = nicks.get(_fold(mention["text"])) or nicks.get(_fold(person_name(mention["text"])))
            if nick is not None and (nick.type == "PER" or " " in mention["text"]):
                return self._nickname_entity(mention["text"], nick)
            return self._person(mention)
        region = self._region(mention)
        if region is not None:
            return self._generic(region, "LOC")
        text = normal_name(mention["text"])
        if label in {"LOC", "GPE"}:
            text = _place_name(text)
        long = self.defined.get(_fold(text))
        place = self.place(mention, text)
        if place is not None:
            return self._place_entity(text, place)
        nick = nicks.get(_fold(text))
        if nick is not None and not (label == "ORG" and nick.type == "PER"):
            return self._nickname_entity(text, nick)
        org = self._organisation(long or text)
        if org is not None:
            return self._org_entity(text, org)
        return self._generic(text, label if label in {"ORG", "EVT", "LOC"} else "ORG", long=long)

    def _organisation(self, name: str) -> gz.Organisation | None:
        """The gazetteer organisation of a name, also with a trailing country of its own dropped
        ("Kemlu RI", "DPR AS")."""
        orgs = gz.organisations()
        org = orgs.get(_fold(name))
        if org is None and " " in name:
            head, last = name.rsplit(" ", 1)
            place = gz.places().get(_fold(last))
            inner = orgs.get(_fold(self.defined.get(_fold(head), head)))
            if place is not None and place.kind == "country" and inner is not None \
                    and inner.country == place.country:
                return inner
        return org

    def _generic(self, text: str, type_: str, *, long: str | None = None) -> _Entity:
        """An organisation, event or place the gazetteer does not know: grouped by name (legal forms
        aside), by acronym expansion, by edition for events, and by spelling variant."""
        key = _group_key(long or text)
        base, qualifier = self.qualified.get(_fold(text), (key, None))
        for entity in self.entities:
            if entity.type != type_:  # a full name read with another label ("Harvard Law School")
                if " " in key and key in entity.keys:
                    entity.add(text)
                    return entity
                continue
            if key in entity.keys or (
                    qualifier and base in entity.keys and entity.qualifier in (None, qualifier)):
                entity.add(text)
                entity.qualifier = entity.qualifier or qualifier
                return entity
        words = key.split()
        for entity in self.entities:  # an event read as an organisation still finds its edition
            types = {entity.type, type_}
            if "EVT" in types and types <= {"EVT", "ORG"} and any(
                    _edition_of(words, k.split()) or _edition_of(k.split(), words) for k in entity.keys):
                entity.add(text)
                return entity
        if len(words) == 1 and len(key) >= 5:
            for entity in self.entities:
                if (entity.type == type_ or (type_, entity.type) == ("LOC", "GPE")) and any(
                        " " not in k and _spelling_variant(key, k, threshold=0.85) for k in entity.keys):
                    entity.add(text)
                    return entity
        entity = self.new(type_, text)
        entity.qualifier = qualifier
        if type_ == "ORG":
            entity.country = _country_at_end(long or text)
        return entity

    def _place_entity(self, text: str, place: gz.Place) -> _Entity:
        """A gazetteer place: countries take their standard name, other places the article's
        fullest form (the gazetteer name only groups "Solo" with "Surakarta")."""
        if place.kind == "igo":
            org = gz.organisations().get(_fold(text))
            return self._org_entity(text, org or gz.Organisation(place.canonical, None, "IGO"))
        for entity in self.entities:
            if entity.type == "GPE" and entity.known == place.canonical:
                entity.add(text)
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
                entity.add(text)
                return entity
        entity = self.new("ORG", text)
        entity.known, entity.country, entity.role = org.canonical, org.country, org.role
        entity.kind = "media" if org.role == "MED" else "organisation"
        return entity

    def _nickname_entity(self, text: str, nick: gz.Nickname) -> _Entity:
        """A nickname ("Jokowi", "Samurai Biru", "Benua Biru"): the entity of its full name."""
        for entity in self.entities:
            if entity.canonical == nick.canonical or _fold(nick.canonical) in map(_fold, entity.names):
                entity.add(text)
                entity.canonical = nick.canonical
                return entity
        entity = self.new(nick.type, text)
        entity.keys.add(_group_key(nick.canonical))  # "Eropa" later joins "Benua Biru"
        entity.canonical, entity.country = nick.canonical, nick.country
        entity.kind = {"PER": "person", "ORG": "organisation"}.get(nick.type, "other")
        return entity

    def _person(self, mention: dict[str, Any]) -> _Entity:
        role, country = _role_before(self.doc.text, mention["start"])
        as_role = gz.roles().get(_fold(mention["text"]))
        if as_role is not None:  # "Presiden", "Menhan" standing for a person named earlier
            for entity in reversed(self.entities):
                if entity.type == "PER" and as_role.title in entity.roles:
                    return entity
            entity = self.new("PER", mention["text"])
            entity.kind, entity.canonical, entity.role = "person", as_role.title, as_role.actor
            entity.roles.add(as_role.title)
            self._add_role(entity, role, country)
            return entity
        text = person_name(mention["text"])
        generation = _GENERATION.match(self.doc.text, mention["end"])
        if generation:
            text = f"{text} {'Sr.' if (generation.group(1) or generation.group(2))[0] in 'sS' else 'Jr.'}"
            entity = next((e for e in self.entities if e.generation and _fold(text) in map(_fold, e.names)),
                          None) or self._new_person(text, role, country)
            entity.generation = True
            return entity
        words = [w for w in _WORD_SPLIT.split(_fold(text)) if w]
        folded = set(words)
        people = [e for e in self.entities if e.type == "PER" and not e.generation]
        candidates = [e for e in people if folded <= e.tokens() or (len(folded) > 1 and e.tokens() <= folded)]
        if not candidates:
            candidates = [e for e in people if self._variant_of(words, e.tokens())]
        if candidates:  # the most mentioned person wins ("Obama" in a story on the Obama family)
            entity = max(candidates, key=lambda e: (len(e.names), -e.index))
            entity.add(text)
            self._add_role(entity, role, country)
            return entity
        key = _group_key(text)
        if " " in key:  # a full name read with another label before
            for entity in self.entities:
                if key in entity.keys and entity.kind not in {"country", "capital"}:
                    entity.add(text)
                    return entity
        return self._new_person(text, role, country)

    def _new_person(self, name: str, role: gz.Role | None, country: str | None) -> _Entity:
        entity = self.new("PER", name)
        entity.kind = "person"
        self._add_role(entity, role, country)
        return entity

    @staticmethod
    def _variant_of(words: list[str], tokens: set[str]) -> bool:
        """Whether a person's name is a misspelling of a known one ("Musammah" for "Masamah",
        "Idan Ofel" for "Idan Ofer"): every word known or a close variant of a known word."""
        exact = [w in tokens for w in words]
        if all(exact):
            return False
        anchored = any(exact)
        threshold, shortest = (0.75, 4) if anchored else (0.8, 6)
        return all(ok or (len(w) >= shortest and any(
            len(t) >= shortest and _spelling_variant(w, t, threshold=threshold) for t in tokens))
            for w, ok in zip(words, exact, strict=True))

    @staticmethod
    def _add_role(entity: _Entity, role: gz.Role | None, country: str | None) -> None:
        if role is not None:
            entity.roles.add(role.title)
            entity.role = entity.role or role.actor
        if country and not entity.country:
            entity.country = country


def run(doc: Document) -> Document:
    """Add cluster, canonical name, stable id, type, kind, country and role to every mention."""
    mentions = sorted(doc.entities, key=lambda m: m["start"])
    linker = _Linker(doc, mentions)
    assigned = [(mention, linker.link(mention)) for mention in mentions]
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
