"""The quotes stage: direct, split, partial, indirect and mixed quotes with their cue and speaker.

Each quote in ``doc.quotes`` (sorted by start): ``type`` (direct|partial|indirect|mixed), ``spans``
(the quoted content without the marks, or the reported clause; a split quote or an inserted cue
gives several), ``start``/``end``/``text`` (first to last span), ``cue`` and ``speaker``
(``{start, end, text}`` or None; the cue also has ``lemma``, the speaker ``kind``:
name|pronoun|role|group), ``speaker_canonical`` and ``speaker_entity`` (from the link stage's
canonical entities), ``medium`` (left None; the sources stage sets it) and ``confidence``.

Direct quotes are stretches between quotation marks; the cue is looked for after the closing mark
(``"…," kata Budi``, ``"…," ujarnya``, ``"…," Budi menegaskan``) and then before the opening one
(``Budi mengatakan, "…"``). Indirect quotes are a reporting verb with its subject and a clause
after ``bahwa``/``agar``/``jika``, a comma or a colon, or a clause with a predicate of its own;
``Menurut X, …``, inserted (``…, katanya, …``) and postposed (``…, kata X.``) cues too. Speakers
resolve, in reading order, to the link stage's canonical persons: a name to its entity, a pronoun,
``-nya`` cue or anaphoric role (``pelatih asal Brasil itu``) to the most recent person, a role
title (``kata Menhan``) to the person who holds it in the article, else the role phrase; groups stay
as written. Cue words live in ``resources/quotes.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from warta import gazetteer
from warta.model import Document
from warta.resources import load_toml, word_list

_DOUBLE_OPEN = "“«„"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘"
_SINGLE_CLOSE = "’"
_MARKS = _DOUBLE_OPEN + _DOUBLE_CLOSE + _SINGLE_OPEN + _SINGLE_CLOSE + "\"'"
_MARK_RE = re.compile("[" + re.escape(_MARKS) + "]")
_CARRY_MIN = 40  # an unclosed quote longer than this continues into the next quoted paragraph
_SPEAKER_WORDS = 12


@dataclass(frozen=True)
class _Lexicon:
    """Cue patterns and word sets of resources/quotes.toml."""

    post: re.Pattern[str]
    inserted: re.Pattern[str]
    verbs: re.Pattern[str]
    speech: re.Pattern[str]
    lemmas: dict[str, str]
    roots: frozenset[str]
    strong: frozenset[str]
    bare: frozenset[str]
    directive: frozenset[str]
    complementisers: frozenset[str]
    negations: frozenset[str]
    passive: frozenset[str]
    predicate: frozenset[str]
    window: int
    according_not: frozenset[str]
    clause_end: frozenset[str]
    not_subject: frozenset[str]
    circumstance: frozenset[str]
    org_words: frozenset[str]
    titles: frozenset[str]
    pronouns: frozenset[str]
    stop: frozenset[str]
    groups: frozenset[str]
    roles: frozenset[str]
    anaphora: frozenset[str]
    connectives: frozenset[str]
    adverbs: frozenset[str]


def _alternation(words: list[str]) -> str:
    """A regex alternation of words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def lexicon() -> _Lexicon:
    """Compiled cue patterns and word sets from resources/quotes.toml."""
    cfg = load_toml("quotes.toml")
    cues, spk = cfg["cues"], cfg["speakers"]
    roots = list(cues["postposed"])
    forms = dict(item.split(":") for item in cues["postposed_forms"])
    reporting = dict(item.split(":") for item in cues["reporting"])
    lemmas = {**{r: r for r in roots}, **{f"{r}nya": r for r in roots}, **forms, **reporting,
              "menurut": "menurut", "menurutnya": "menurut"}
    post = _alternation([*roots, *forms])
    return _Lexicon(
        post=re.compile(rf"\A[ \t]*(?P<sep>[,.]?)[ \t]*(?P<cue>(?i:{post})(?:nya)?)\b"),
        inserted=re.compile(_INSERTED.format(roots=_alternation(roots))),
        verbs=re.compile(rf"\b(?i:{_alternation(list(reporting))})\b"),
        speech=re.compile(rf"\b(?i:{_alternation(cfg['partial']['speech'])})\b"),
        lemmas=lemmas,
        roots=frozenset(roots),
        strong=frozenset(cues["strong"]),
        bare=frozenset(cues["bare"]),
        directive=frozenset(cues["directive"]),
        complementisers=frozenset(cues["complementisers"]),
        negations=frozenset(cues["negations"]),
        passive=frozenset(cues["passive"]),
        predicate=frozenset(cfg["clause"]["predicate"]),
        window=int(cfg["clause"]["window"]),
        according_not=frozenset(cfg["clause"]["according_not"]),
        clause_end=frozenset(cfg["clause"]["noun_phrase_end"]),
        not_subject=frozenset(spk["not_subject"]),
        circumstance=frozenset(spk["circumstance"]),
        org_words=frozenset(spk["org_words"]),
        titles=frozenset(cfg["partial"]["titles"]),
        pronouns=frozenset(spk["pronouns"]),
        stop=frozenset(spk["stop"]),
        groups=frozenset(spk["groups"]),
        roles=frozenset(spk["roles"]),
        anaphora=frozenset(spk["anaphora"]),
        connectives=frozenset(spk["connectives"]),
        adverbs=frozenset(spk["adverbs"]),
    )


# ---------------------------------------------------------------- quotation marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges of the clean text (blank-line separated)."""
    out, pos = [], 0
    for m in re.finditer(r"\n\s*\n|\Z", text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    return out


def _opens(text: str, i: int, a: int, b: int) -> str | None:
    """The family ("double"/"single") of a quote opened at ``text[i]``, or None."""
    ch = text[i]
    nxt = text[i + 1] if i + 1 < b else ""
    prev = text[i - 1] if i > a else " "
    if ch in _DOUBLE_OPEN or ch == '"':
        return "double"
    if ch in _DOUBLE_CLOSE:  # Kompas opens with ” too: a mark glued to the word after it
        return "double" if nxt and not nxt.isspace() and nxt not in ",.;:!?)" else None
    if ch in _SINGLE_OPEN or (ch == "'" and not prev.isalnum()):
        return "single" if nxt.isalnum() or nxt in "‘\"“" else None
    return None


def _closes(text: str, i: int, family: str, b: int) -> bool:
    """Whether ``text[i]`` closes an open quote of that family."""
    ch = text[i]
    if family == "double":
        return ch in _DOUBLE_CLOSE or ch == '"' or ch == "“" and i + 1 < b and text[i + 1] in " ,.\n"
    nxt = text[i + 1] if i + 1 < b else " "
    return (ch in _SINGLE_CLOSE or ch == "'") and not nxt.isalnum()


def quote_spans(text: str) -> list[list[tuple[int, int]]]:
    """Quoted stretches (marks excluded), each a list of spans.

    A quote still open at a paragraph's end continues into the next paragraph when that one opens
    with a quote mark (news style for multi-paragraph quotes); such a quote is one span per paragraph.
    """
    quotes: list[list[tuple[int, int]]] = []
    carry: list[tuple[int, int]] | None = None
    for a, b in _paragraphs(text):
        if carry is not None and text[a] not in _MARKS:
            quotes.append(carry)
            carry = None
        opened: int | None = None
        family = ""
        for mark in _MARK_RE.finditer(text, a, b):
            i = mark.start()
            if opened is None:
                fam = _opens(text, i, a, b)
                if fam is not None:
                    opened, family = i, fam
            elif _closes(text, i, family, b):
                span = (opened + 1, i)
                if carry is not None and opened == a:
                    carry.append(span)
                    quotes.append(carry)
                    carry = None
                elif span[1] > span[0]:
                    quotes.append([span])
                opened = None
        if carry is not None:
            if opened == a:
                carry.append((a + 1, b))
            else:
                quotes.append(carry)
                carry = None
        elif opened is not None and family == "double" and b - opened > _CARRY_MIN:
            carry = [(opened + 1, b)]
    if carry is not None:
        quotes.append(carry)
    kept = [[_trim(text, s, e) for s, e in q if text[s:e].strip()] for q in quotes]
    return [q for q in kept if q]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding spaces."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# ---------------------------------------------------------------- speaker phrases


@dataclass
class _Found:
    """A quote found in the text, before its speaker is resolved."""

    type: str
    spans: list[tuple[int, int]]
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    kind: str
    confidence: float
    lemma: str | None = None
    canonical: str | None = None
    entity: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_SPEAKER_STOP = re.compile(r"[.;:!?\n\"“”]|\s[-–—]\s|\((?:[^)]*\d[^)]*|[^)]{30,})\)")


@cache
def _titles() -> frozenset[str]:
    """Honorifics written with a period before a name ('dr.', 'Prof.'), lower-cased."""
    return frozenset(w.lower() for w in word_list("titles.txt"))


def _speaker_after(text: str, start: int, lex: _Lexicon) -> tuple[int, int] | None:
    """The speaker phrase after a postposed cue ('kata Kepala Dinas X, Budi, saat …')."""
    m = re.match(r"[ \t]+", text[start:])
    if m is None:
        return None
    pos = start + m.end()
    chunk = text[pos:pos + 160]
    cut = len(chunk)
    for stop in _SPEAKER_STOP.finditer(chunk):
        before = chunk[:stop.start()].split()[-1:] or [""]
        if stop.group() == "." and (before[0].lower() in _titles() or re.fullmatch(r"[A-Z]", before[0])):
            continue  # 'dr. Reza', 'Susilo B. Yudhoyono'
        cut = stop.start()
        break
    window = chunk[:cut]
    end = pos
    count = 0
    for w in re.finditer(r"[^\s,]+|,", window):
        word = w.group()
        if word == ",":
            rest = window[w.end():].lstrip()
            if rest.startswith("dan "):  # 'Menteri Koordinator Bidang Politik, Hukum, dan Keamanan X'
                rest = rest[4:]
            if not rest[:1].isupper() or rest.split(" ")[0].lower() in lex.stop | lex.circumstance:
                break
            continue
        low = word.lower()
        stop = low in lex.stop and (word[:1].islower() or low in lex.circumstance)  # not 'Dalam Negeri'
        if (stop and end > pos) or count >= _SPEAKER_WORDS * 2:
            if low == "yang" and not any(c.isupper() for c in text[pos:end]):
                # 'ujar pemilik yang juga mengemudikan sado, Ginting'
                name = re.search(r",\s*([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s*$", window)
                if name and name.group(1).split()[0].lower() not in lex.circumstance:
                    return pos + name.start(1), pos + name.end(1)
            break
        end = pos + w.end()
        count += 1
    if end == pos:
        return None
    return pos, end


def _subject(text: str, start: int, end: int, lex: _Lexicon) -> tuple[int, int] | None:
    """The subject right before a reporting verb at ``end`` in ``text[start:end]``: the last
    nominal comma part(s), with adverbs and leading connectives dropped."""
    words = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"[^\s]+", text[start:end])]
    while words and words[-1][2].lower().strip(",") in lex.adverbs:
        words.pop()
    if not words:
        return None
    # comma parts from the end: 'Kepala BPOM, Taruna Ikrar,' / 'Sebelumnya, Martin'
    parts: list[list[tuple[int, int, str]]] = [[]]
    for w in words:
        parts[-1].append(w)
        if w[2].endswith(","):
            parts.append([])
    parts = [p for p in parts if p]
    chosen: list[tuple[int, int, str]] = []
    for part in reversed(parts):
        lowered = [w[2].lower().strip(",.") for w in part]
        if lowered[0] in lex.circumstance or lowered[0] == "yang" or _DATE.search(" ".join(lowered)):
            continue  # 'X, di Jakarta, Senin (5/10/2020), mengatakan' / 'X, yang dihubungi, mengatakan'
        if chosen and (lowered[0] in lex.connectives or _participle(part)):
            break  # 'Dilansir Chicago Tribune, Starbucks mengumumkan'
        while lowered and lowered[0] in lex.connectives and len(lowered) > 1:
            part, lowered = part[1:], lowered[1:]
        if "yang" in lowered[1:]:  # 'Wakil Bupati X yang dihubungi terpisah mengatakan'
            cut = lowered.index("yang", 1)
            after = [w[2] for w in part[cut + 1:] if w[2].lower() not in {"juga", "sekaligus"}]
            if not (after and after[0][:1].isupper()):  # but 'Kepala BNPB yang juga Ketua Satgas X'
                part, lowered = part[:cut], lowered[:cut]
        if not part or not _nominal(part, lowered, lex):
            break
        chosen = part + chosen
        if len(chosen) > _limit(chosen):
            return None
        if not part[0][2][:1].isupper() and lowered[0] not in lex.roles:
            break
    if not chosen:
        return None
    a, b = chosen[0][0], chosen[-1][1]
    while b > a and text[b - 1] in ",.":
        b -= 1
    return (a, b) if b > a else None


_DATE = re.compile(r"\(\s*\d|\d\s*/\s*\d")


def _participle(part: list[tuple[int, int, str]]) -> bool:
    """Whether a comma part is a participle clause ('Dikonfirmasi secara terpisah,')."""
    return bool(re.match(r"(?:Di|Ter|Ber|Me)[a-z]{4,}", part[0][2])) and not any(
        w[2][:1].isupper() for w in part[1:])


def _limit(words: list[tuple[int, int, str]]) -> int:
    """Most words a speaker phrase may have: more for long titles of capitalised words."""
    capitalised = sum(w[2][:1].isupper() for w in words)
    return _SPEAKER_WORDS * 2 if 2 * capitalised >= len(words) else _SPEAKER_WORDS


def _nominal(part: list[tuple[int, int, str]], lowered: list[str], lex: _Lexicon) -> bool:
    """Whether a comma part can be (part of) a speaker phrase."""
    if len(part) > _limit(part) or lowered[0] in lex.connectives:
        return False
    if any(w in lex.not_subject for w in lowered):
        return False
    if lowered[-1] not in lex.anaphora and any(
            re.match(r"(?:di|me[mn]?|ber|ter)[a-z]{3,}$", w[2]) and w[2] not in lex.roles for w in part[1:]):
        return False  # a clause ('Sebagian sumber penularan diketahui …'), not a speaker
    first = part[0][2]
    if first[:1].isupper() or lowered[0] in lex.pronouns or lowered[0] in lex.groups:
        return not any(w in lex.negations or w in lex.complementisers for w in lowered)
    return lowered[0] in lex.roles or any(" ".join(lowered[:n]) in lex.roles for n in (2, 3)) or (
        lowered[-1] in lex.anaphora and len(part) <= 8)


def _kind(text: str, span: tuple[int, int], lex: _Lexicon, people: _People) -> str:
    """name | pronoun | role | group of a speaker phrase."""
    phrase = text[span[0]:span[1]]
    words = phrase.lower().split()
    if not words:
        return "none"
    if words[0] in lex.pronouns or (len(words) == 1 and words[0].endswith("nya")):
        return "pronoun"
    if people.inside(span, "PER"):
        return "name"
    if words[0] in lex.groups:
        return "group"
    if words[-1] in lex.anaphora or _role_head(words, lex):
        return "role"
    return "name" if phrase[:1].isupper() else "role"


def _role_head(words: list[str], lex: _Lexicon) -> bool:
    """Whether a phrase opens with a role title ('juru bicara', 'Menhan', 'Kepala Dinas')."""
    roles = gazetteer.roles()
    return any(" ".join(words[:n]) in lex.roles or " ".join(words[:n]) in roles for n in (1, 2, 3))


# ---------------------------------------------------------------- entities and resolution


class _People:
    """The article's person and organisation mentions, their role titles, and the latest speaker."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.mentions = sorted((m for m in doc.entities if m.get("label") in {"PER", "ORG"}),
                               key=lambda m: m["start"])
        self.starts = [m["start"] for m in self.mentions]
        self.persons = [m for m in self.mentions if m.get("label") == "PER"]
        self.last: tuple[str | None, str | None] = (None, None)
        self.last_pos = -1
        self.quoted: list[tuple[int, int]] = []
        self.lex = lexicon()
        self.alias: dict[str, tuple[str | None, str | None]] = {}
        for prev, m in zip(self.persons, self.persons[1:], strict=False):
            if re.fullmatch(r"\s+(?:alias|atau akrab disapa|yang akrab disapa|disapa)\s+",
                            self.text[prev["end"]:m["start"]]):
                self.alias[m.get("canonical") or m["text"]] = _canonical(prev)

    def inside(self, span: tuple[int, int], label: str | None = None) -> list[dict[str, Any]]:
        """Mentions inside a span (persons first)."""
        i = bisect_left(self.starts, span[0])
        out = []
        while i < len(self.mentions) and self.mentions[i]["start"] < span[1]:
            m = self.mentions[i]
            if m["end"] <= span[1] and (label is None or m["label"] == label):
                out.append(m)
            i += 1
        return sorted(out, key=lambda m: m["label"] != "PER")

    def said(self, canonical: str | None, entity: str | None, pos: int) -> None:
        """Remember the latest person speaker."""
        if canonical and (entity is None or entity.startswith("PER")):
            self.last, self.last_pos = (canonical, entity), pos

    def _in_quote(self, pos: int) -> bool:
        """Whether an offset lies inside a direct quote."""
        return any(a <= pos < b for a, b in self.quoted)

    def antecedent(self, before: int) -> tuple[str | None, str | None]:
        """The most recent person before an offset: the last person named in narrative (outside
        quotes) after the latest speaker's cue when that mention is a clause subject, else the
        latest speaker, else the last person named."""
        for m in reversed(self.persons):
            if m["end"] > before or self._in_quote(m["start"]):
                continue
            if m["start"] > self.last_pos and (
                    _subject_like(self.text, m["start"]) or _acts(self.text, m["end"], self.lex)):
                return _canonical(m)
            break
        if self.last[0]:
            return self.last
        earlier = [m for m in self.persons if m["end"] <= before and not self._in_quote(m["start"])]
        return _canonical(earlier[-1]) if earlier else (None, None)

    def holder(self, phrase: str) -> tuple[str | None, str | None]:
        """The person introduced with a role title ('kata Menhan' -> the Menteri Pertahanan named)."""
        words = phrase.split()
        roles = gazetteer.roles()
        title = None
        for n in range(len(words), 0, -1):
            role = roles.get(gazetteer.key(" ".join(words[:n])))
            if role is not None:
                title = gazetteer.key(role.title)
                rest = gazetteer.key(" ".join(words[n:]))
                break
        if title is None:
            return None, None
        for m in self.persons:
            context = gazetteer.key(self.text[max(0, m["start"] - 80):m["start"]])
            if self._in_quote(m["start"]):
                continue
            tail = context.split(title)[-1] if title in context else None
            if tail is None:
                continue
            if tail.count(" ") <= 6 and (not rest or rest in tail or rest in context):
                return _canonical(m)
        return None, None

    def by_name(self, phrase: str, near: int) -> tuple[str | None, str | None]:
        """A person whose name contains every word of a bare name ('Martin' -> 'Jorge Martin')."""
        words = {w for w in _fold(phrase).split() if w[:1].isalpha()}
        if not words:
            return None, None
        best = None
        for m in self.persons:
            canonical = m.get("canonical") or m["text"]
            names = set(_fold(canonical).split()) | set(_fold(m["text"]).split())
            if words <= names and m["start"] < near + 400:
                best = m
        return _canonical(best) if best else (None, None)


_ACT = re.compile(r"\s*(?:\(\d+\)\s*)?(?:,[^,.]{1,80},\s*)?((?:\w+\s+){0,2})(?P<verb>\w+)")


def _acts(text: str, end: int, lex: _Lexicon) -> bool:
    """Whether a mention is the subject of a verb ('Budi (45) juga mengatakan', 'Budi, warga X, menilai')."""
    m = _ACT.match(text, end, min(len(text), end + 140))
    if m is None:
        return False
    words = m.group(1).split()
    if any(w.lower() not in lex.adverbs for w in words):
        return False
    verb = m.group("verb").lower()
    return bool(re.match(r"(?:me|ber|ter)[a-z]{3,}", verb)) or verb in lex.lemmas


def _subject_like(text: str, start: int) -> bool:
    """Whether a mention opens its sentence or clause (after a title or a connective)."""
    before = text[max(0, start - 80):start]
    cut = max(before.rfind(". "), before.rfind("\n"), before.rfind(", "), before.rfind('" '),
              before.rfind("” "))
    lead = before[cut + 1:] if cut >= 0 else before
    return all(w[:1].isupper() or w.lower() in {"sementara", "itu", "namun", "menurut"}
               for w in lead.split())


def _canonical(m: dict[str, Any]) -> tuple[str | None, str | None]:
    """(canonical name, entity id) of a linked mention."""
    return m.get("canonical") or m["text"], m.get("entity_id")


def _fold(text: str) -> str:
    """Case-folded words of a name."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _name_in_phrase(phrase: str, lex: _Lexicon) -> str:
    """The name in a role-and-name phrase: the last comma part that is not a role ('Kepala Dinas X,
    Budi Santoso'), or the last capitalised words after the title, organisation and place words
    ('Kepala Dinas PU Kabupaten Malaka Yohanes Nahak'); else the phrase."""
    parts = [p.strip() for p in phrase.split(",") if p.strip()]
    names = [p for p in parts if not _role_head(p.lower().split(), lex)]
    part = names[-1] if names and len(parts) > 1 else (parts[-1] if parts else phrase)
    part = part.rsplit(")", 1)[-1].strip() or part
    words = part.split()
    if len(words) <= 1 or not _role_head([w.lower() for w in words], lex):
        return part
    name: list[str] = []
    places = gazetteer.places()
    for word in reversed(words):
        low = word.lower()
        if not word[:1].isupper() or low in _title_words() or low in places or len(name) == 3 \
                or low in gazetteer.organisations():
            break
        name.insert(0, word)
    return " ".join(name) if name and len(name) < len(words) else part


@cache
def _title_words() -> frozenset[str]:
    """Words of role titles, organisations and ranks: never part of a person's name."""
    lex = lexicon()
    words = {w for title in gazetteer.roles() for w in title.split()}
    words |= {w for role in lex.roles for w in role.split()}
    return frozenset(words | lex.org_words)


def _resolve(found: _Found, text: str, people: _People, lex: _Lexicon) -> None:
    """Fill the canonical speaker and entity of a found quote."""
    if found.kind == "passive":
        found.kind = "none"
        return
    anchor = found.cue[0] if found.cue else found.spans[0][0]
    if found.speaker is None:
        if found.type != "partial":
            found.canonical, found.entity = people.antecedent(found.spans[0][0])
        return
    phrase = text[found.speaker[0]:found.speaker[1]]
    words = phrase.lower().split()
    if found.kind == "pronoun" or (found.kind == "role" and words[-1] in lex.anaphora):
        found.canonical, found.entity = people.antecedent(min(anchor, found.spans[0][0]))
        if found.canonical is None and (found.kind == "role" or words[0] == "mereka"):
            found.canonical = phrase  # 'akun tersebut' with no person named before it
        return
    inside = [m for m in people.inside(found.speaker) if m["label"] == "PER" or (
        found.kind == "name" and 2 * (m["end"] - m["start"]) >= len(phrase))]
    if inside:
        whole = [m for m in inside if re.fullmatch(r"(?:^|.*,)\s*", text[found.speaker[0]:m["start"]])
                 and re.fullmatch(r"\s*(?:,.*)?", text[m["end"]:found.speaker[1]])]
        m = whole[-1] if whole else inside[0]  # 'Kepala Bandara X, Suharno': the apposed name
        found.speaker = (m["start"], m["end"])
        found.canonical, found.entity = _canonical(m)
        if found.kind == "role":
            found.kind = "name"
        return
    if found.kind == "group":
        found.canonical = phrase
        return
    if found.kind == "role":
        name = _name_in_phrase(phrase, lex)
        if name != phrase:  # a role and a name the NER missed
            found.canonical, found.entity = people.by_name(name, found.speaker[0])
            found.canonical = found.canonical or name
            found.kind = "name"
            return
        found.canonical, found.entity = people.holder(phrase)
        if found.canonical is None:
            found.canonical = phrase
        return
    name = _name_in_phrase(phrase, lex)
    found.canonical, found.entity = people.by_name(name, found.speaker[0])
    if found.canonical is None:
        found.canonical = name


# ---------------------------------------------------------------- direct quotes


def _sentence_start(text: str, pos: int) -> int:
    """Start of the sentence that holds ``pos`` (a rough look-back)."""
    cut = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos), text.rfind("? ", 0, pos),
              text.rfind("! ", 0, pos))
    return cut + 1


def _direct_cue(text: str, spans: list[tuple[int, int]], raw_end: int, floor: int, lex: _Lexicon
                ) -> tuple[tuple[int, int] | None, tuple[int, int] | None, str, str | None]:
    """(cue, speaker, kind hint, lemma) of a direct quote: after its closing mark, else before it."""
    close = raw_end + 1 if raw_end < len(text) and text[raw_end] in _MARKS else raw_end
    after = text[close:close + 200]
    m = lex.post.match(after)
    if m is not None and not (m.group("sep") == "." and m.group("cue")[:1].isupper()):
        cue = (close + m.start("cue"), close + m.end("cue"))
        word = m.group("cue").lower()
        if word.endswith("nya") and word[:-3] in lex.roots:
            return cue, cue, "pronoun", lex.lemmas.get(word[:-3])
        return cue, _speaker_after(text, cue[1], lex), "", lex.lemmas.get(word)
    # '"…," Budi menegaskan.' / '"…," juru bicara gubernur mengatakan kepada CBS News.'
    pv = re.match(r"[ \t]*,?[ \t]*([^.,;:!?\n\"“”]{1,80}?)\s(" + lex.verbs.pattern + r")(?=[\s.,;])",
                  after)
    if pv is not None:
        subj = _subject(text, close + pv.start(1), close + pv.end(1), lex)
        if subj is not None and subj[0] == close + pv.start(1):
            verb = pv.group(2).lower()
            return (close + pv.start(2), close + pv.end(2)), subj, "", lex.lemmas.get(verb)
    qs = spans[0][0]
    opener = qs - 1 if qs > 0 and text[qs - 1] in _MARKS else qs
    start = max(floor, _sentence_start(text, opener))
    before = text[start:opener]
    pre = re.search(r"(?:^|\s)(?P<cue>(?i:kata|ujar|tutur|tanya|tulis))\s+(?P<who>[^,:]{1,60}?)\s*[,:]\s*$",
                    before)
    if pre is not None:
        who = (start + pre.start("who"), start + pre.end("who"))
        return (start + pre.start("cue"), start + pre.end("cue")), who, "", lex.lemmas.get(
            pre.group("cue").lower())
    pre = re.search(r"(?P<cue>" + lex.verbs.pattern
                    + r")(?:\s+(?:kepada|di|dalam)\s[^,:\"“”]{1,50})?\s*[,:]\s*$",
                    before)
    if pre is not None:
        subj = _subject(text, start, start + pre.start("cue"), lex)
        cue = (start + pre.start("cue"), start + pre.end("cue"))
        return cue, subj, "", lex.lemmas.get(pre.group("cue").lower())
    return None, None, "", None


def _direct_quotes(doc: Document, lex: _Lexicon, people: _People, floor: int) -> list[_Found]:
    """Direct and partial quotes with their cue and speaker span (resolved later); nothing before
    ``floor`` (the dateline) is a speaker."""
    text = doc.text
    out: list[_Found] = []
    for spans in quote_spans(text):
        qs, qe = spans[0][0], spans[-1][1]
        raw_end = qe
        while raw_end < len(text) and text[raw_end].isspace() and text[raw_end] != "\n":
            raw_end += 1
        cue, speaker, hint, lemma = _direct_cue(text, spans, raw_end, floor, lex)
        body = text[qs:qe]
        words = len(body.split())
        opener = text[max(0, qs - 30):qs].rstrip(_MARKS + " ").split()[-1:] or [""]
        if cue is None and opener[0].lower() in lex.titles:
            continue  # 'bertajuk "…"': a title
        if cue is None and (words < 4 or (words < 6 and not re.search(r"[.!?,]$", body))):
            sent_a = max(floor, _sentence_start(text, qs))
            speech = [m for m in lex.speech.finditer(text, sent_a, qs)]
            if not speech:
                continue  # a name or a scare quote
            verb = speech[-1]
            subj = _subject(text, sent_a, verb.start(), lex)
            out.append(_Found("partial", spans, None, subj, "", 0.5))
            continue
        prev = out[-1] if out else None
        if cue is None and prev is not None and prev.type == "direct":
            gap = text[prev.spans[-1][1]:qs]
            if prev.cue is not None and prev.cue[0] >= prev.spans[-1][1] and len(gap) < 200 \
                    and len(re.findall(r"[.!?]\s", text[prev.cue[1]:qs] + " ")) <= 1:
                prev.spans.extend(spans)  # '"…," kata X. "…"': the rest of a split quote
                continue
        gap = text[prev.spans[-1][1]:qs] if prev is not None else ""
        if prev is not None and prev.type == "direct" and prev.cue is None and "\n" in gap \
                and not gap.strip(_MARKS + " \n"):
            spans = prev.spans + spans  # adjacent quoted paragraphs: one quote
            out.pop()
        kind = hint or (_kind(text, speaker, lex, people) if speaker else "none")
        out.append(_Found("direct", spans, cue, speaker, kind, 0.9 if cue else 0.6, lemma))
    return out


# ---------------------------------------------------------------- indirect quotes


def _clause(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A reported clause without final punctuation or edge spaces."""
    a, b = _trim(text, start, end)
    while a < b and text[a] in ",:;":
        a += 1
    while b > a and text[b - 1] in ".!?;:,":
        b -= 1
    a, b = _trim(text, a, b)
    return (a, b) if len(text[a:b].split()) >= 2 else None


def _has_predicate(text: str, lex: _Lexicon) -> bool:
    """Whether a clause has a predicate word of its own before a comma or a relative clause."""
    for word in re.findall(r"[\w-]+|,", text.lower())[:lex.window]:
        if word in lex.predicate:
            return True
        if word in lex.clause_end:
            return False
    return False


def _verb_clause(text: str, sent: tuple[int, int], lex: _Lexicon) -> _Found | None:
    """'X mengatakan bahwa …' / 'X menegaskan, …' / 'X mengaku tak …' in one sentence."""
    a, b = sent
    body = text[a:b]
    for m in lex.verbs.finditer(body):
        verb = m.group().lower()
        prev_word = body[:m.start()].split()[-1:] or [""]
        if prev_word[0].lower() in lex.negations:
            continue
        rest = body[m.end():]
        comp = re.match(r"(?:\s+(?:kepada|pada|di|dalam|saat)\s+[^,:]{1,50}?)?"
                        r"\s*(?:(?P<punct>[,:])|\s+(?P<word>\w+)\b)",
                        rest)
        if comp is None:
            continue
        word = (comp.group("word") or "").lower()
        if verb in lex.directive and not comp.group("punct") and word not in {"agar", "supaya"}:
            # 'meminta warga agar …'
            obj = re.match(r"\s+[^,.;:]{1,50}?\s(?P<word>agar|supaya)\b(?P<punct>)", rest)
            if obj is None:
                continue
            comp, word = obj, obj.group("word")
        clause_start = a + m.end() + comp.end()
        confidence = 0.8
        if comp.group("punct"):
            if verb in lex.directive:
                continue
        elif word in lex.complementisers:
            if verb in lex.directive and word not in {"agar", "supaya"}:
                continue
        elif verb in lex.bare or (verb in lex.strong and _has_predicate(rest, lex)):
            clause_start = a + m.end()
            confidence = 0.65
        else:
            continue
        if re.match(r"\s*[\"“”«]", text[clause_start:b]) and not word:
            continue  # 'X mengatakan, "…"': a direct quote's preposed cue
        clause = _clause(text, clause_start, b)
        subj = _subject(text, a, a + m.start(), lex)
        if clause is None or subj is None:
            continue
        return _Found("indirect", [clause], (a + m.start(), a + m.end()), subj, "", confidence,
                      lex.lemmas.get(verb))
    return None


_MENURUT = re.compile(r"\b(?P<cue>[Mm]enurut)(?:(?P<nya>nya)\b|\s+(?P<who>[^,.;:!?\"“”]{2,80}?"
                      r"(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})?)(?=\s*[,.]|$))")
_INSERTED = (r",\s*(?P<cue>(?:{roots}))"
             r"(?:(?P<nya>nya)|\s+(?P<who>[^,.;:!?\"“”]{{2,60}}?))\s*(?P<end>[,.]|$)")


def _according(text: str, sent: tuple[int, int], lex: _Lexicon) -> _Found | None:
    """'Menurut X, …', '…, menurut X.', '… menurutnya …' and '…, katanya, …' / '…, kata X.'"""
    a, b = sent
    body = text[a:b]
    m = _MENURUT.search(body)
    lemma = "menurut"
    if m is not None and m.group("who") and (
            m.group("who").split()[0].lower() in lex.according_not
            or (len(m.group("who").split()) > 4 and m.start() > 0 and body[:m.start()].rstrip()[-1:] != ",")):
        m = None  # a report ('Menurut data BPS'), or an inline 'menurut' whose extent is unclear
    if m is None:
        m = lex.inserted.search(body)
        lemma = (m.group("cue").lower() if m else "")
        if m is None or m.group("cue")[:1].isupper():
            return None
    cue = (a + m.start("cue"), a + m.end("cue") + (3 if m.group("nya") else 0))
    speaker = cue if m.group("nya") else (a + m.start("who"), a + m.end("who"))
    kind = "pronoun" if m.group("nya") else ""
    end_cue = a + m.end()
    spans = []
    head = _clause(text, a, a + m.start())
    if head is not None and not all(w in lex.connectives or w in lex.anaphora
                                    for w in re.findall(r"\w+", text[head[0]:head[1]].lower())):
        spans.append(_strip_connective(text, head, lex))  # not just 'Karena itu' / 'Oleh karenanya'

    tail = _clause(text, end_cue, b)
    if tail is not None:
        spans.append(tail)
    spans = [s for s in spans if s is not None]
    if not spans or sum(len(text[s:e].split()) for s, e in spans) < 3:
        return None
    return _Found("indirect", spans, cue, speaker, kind, 0.8, lex.lemmas.get(lemma, lemma))


def _strip_connective(text: str, span: tuple[int, int], lex: _Lexicon) -> tuple[int, int] | None:
    """A clause without a leading connective ('Namun, …', 'Oleh karenanya, …')."""
    a, b = span
    m = re.match(r"(?:[\w-]+\s+){0,2}[\w-]+,\s*", text[a:b])
    if m and text[a:a + m.end()].split()[0].lower().strip(",") in lex.connectives:
        a += m.end()
    return (a, b) if b > a else None


def _passive(text: str, sent: tuple[int, int], lex: _Lexicon) -> _Found | None:
    """'Dilaporkan, …': an agentless reported clause."""
    a, b = sent
    m = re.match(r"\s*(\w+)\s*,", text[a:b])
    if m is None or m.group(1).lower() not in lex.passive:
        return None
    clause = _clause(text, a + m.end(), b)
    if clause is None:
        return None
    return _Found("indirect", [clause], (a + m.start(1), a + m.end(1)), None, "passive", 0.5,
                  m.group(1).lower()[2:])


def _indirect_quotes(doc: Document, lex: _Lexicon, direct: list[_Found], floor: int) -> list[_Found]:
    """Reported speech, one per sentence at most, outside direct quotes."""
    text = doc.text
    quoted = [s for q in direct if q.type == "direct" for s in q.spans]
    cues = [q.cue for q in direct if q.cue is not None]
    out = []
    for sent in doc.sentences:
        a, b = max(sent.start, min(floor, sent.end)), sent.end
        found = (_passive(text, (a, b), lex) or _according(text, (a, b), lex)
                 or _verb_clause(text, (a, b), lex))
        if found is None:
            continue
        if found.cue and (any(s <= found.cue[0] < e for s, e in quoted) or found.cue in cues):
            continue
        inside = [s for s in quoted if found.spans[0][0] <= s[0] and s[1] <= found.spans[-1][1] + 1]
        overlapping = [s for s in quoted if s[0] < found.spans[-1][1] and found.spans[0][0] < s[1]]
        if overlapping and len(inside) < len(overlapping):
            continue
        if inside:
            found.extra["absorbs"] = inside
        out.append(found)
    return out


# ---------------------------------------------------------------- the stage


def _to_json(found: _Found, text: str) -> dict[str, Any]:
    """The quote dict stored in ``doc.quotes``."""
    qs, qe = found.spans[0][0], found.spans[-1][1]
    cue = {"start": found.cue[0], "end": found.cue[1], "text": text[found.cue[0]:found.cue[1]],
           "lemma": found.lemma} if found.cue else None
    speaker = {"start": found.speaker[0], "end": found.speaker[1],
               "text": text[found.speaker[0]:found.speaker[1]], "kind": found.kind} if found.speaker else None
    return {
        "type": found.type,
        "spans": [list(s) for s in found.spans],
        "start": qs, "end": qe, "text": text[qs:qe],
        "cue": cue,
        "speaker": speaker,
        "speaker_canonical": found.canonical,
        "speaker_entity": found.entity,
        "medium": None,
        "confidence": found.confidence,
    }


def run(doc: Document) -> Document:
    """Fill ``doc.quotes`` with the article's quotes (sorted by start)."""
    lex = lexicon()
    text = doc.text
    people = _People(doc)
    floor = doc.dateline.end if doc.dateline else 0
    direct = _direct_quotes(doc, lex, people, floor)
    people.quoted = [s for q in direct for s in q.spans]
    indirect = _indirect_quotes(doc, lex, direct, floor)
    absorbed = {s for q in indirect for s in q.extra.get("absorbs", [])}
    for q in indirect:
        if q.extra.get("absorbs") or re.search(r"[\"“”‘’]", text[q.spans[0][0]:q.spans[-1][1]]):
            q.type = "mixed"
    partial_in_clause = [(s, e) for q in indirect for s, e in q.spans]
    found = [q for q in direct if not any(s in absorbed for s in q.spans)]
    found = [q for q in found if q.type != "partial" or not any(
        a <= q.spans[0][0] and q.spans[-1][1] <= b + 1 for a, b in partial_in_clause)]
    found += indirect
    found.sort(key=lambda q: q.spans[0][0])
    for q in found:
        if q.speaker is not None and not q.kind:
            q.kind = _kind(text, q.speaker, lex, people)
        _resolve(q, text, people, lex)
        if q.canonical in people.alias:  # 'Zi Bin Cheah alias Zac'
            q.canonical, q.entity = people.alias[q.canonical]
        if q.type != "partial" or q.speaker is not None:
            anchor = q.speaker[0] if q.speaker else (q.cue[0] if q.cue else q.spans[-1][1])
            people.said(q.canonical, q.entity, max(anchor, q.spans[-1][1]) if q.cue else q.spans[-1][1])
    doc.quotes = [_to_json(q, text) for q in found]
    return doc
