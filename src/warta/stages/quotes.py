"""The quotes stage (work in progress, not yet registered in the pipeline): direct, split,
partial and indirect quotes with their cue and speaker.

Each quote in ``doc.quotes``: ``type`` (direct|partial|indirect|mixed), ``spans`` (the quoted
content, marks excluded; a split quote has several), ``start``/``end``/``text`` (first to last
span), ``cue`` and ``speaker`` (``{start, end, text}`` or None; the cue also has ``lemma``, the
speaker ``kind``: name|pronoun|role|group), ``speaker_canonical`` and ``speaker_entity`` (from the
link stage when it ran), ``medium`` (set by the sources stage) and ``confidence``.
Cue words live in ``resources/quotes.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from warta.model import Document
from warta.resources import load_toml

_OPEN = "“«"
_CLOSE = "”»"
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|bin|binti|van|de|al|el))*"


@dataclass(frozen=True)
class _Lexicon:
    post: re.Pattern[str]  # after a quote: ', kata Budi' / ' ujarnya'
    post_verb: re.Pattern[str]  # after a quote: ', Budi menegaskan'
    pre: re.Pattern[str]  # before a quote: 'Budi mengatakan, ' / 'Kata Budi, '
    indirect: re.Pattern[str]  # 'Budi mengatakan bahwa …'
    according: re.Pattern[str]  # 'Menurut Budi, …'
    lemmas: dict[str, str]
    stop: frozenset[str]
    pronouns: frozenset[str]
    groups: frozenset[str]


@cache
def lexicon() -> _Lexicon:
    """Compiled cue patterns from resources/quotes.toml."""
    cfg = load_toml("quotes.toml")
    roots = sorted(cfg["cues"]["postposed"], key=len, reverse=True)
    reporting = dict(item.split(":") for item in cfg["cues"]["reporting"])
    verbs = "|".join(sorted(reporting, key=len, reverse=True))
    post = "|".join(roots)
    lemmas = {**{r: r for r in roots}, **{f"{r}nya": r for r in roots}, **reporting}
    speaker = rf"(?:{_NAME}|dia|ia|beliau|mereka|para\s+[\w\s]{{2,40}}?)"
    strong = "|".join(sorted(cfg["cues"]["strong"], key=len, reverse=True))
    return _Lexicon(
        post=re.compile(rf"\A[\s,.]*\b(?P<cue>(?i:{post})(?:nya)?)\b"),
        post_verb=re.compile(rf"\A[\s,]*(?P<speaker>{speaker})\s+(?P<cue>(?i:{verbs}))\b"),
        pre=re.compile(
            rf"(?:(?P<speaker>{speaker})\s+(?P<cue>(?i:{verbs}))|(?P<cue2>(?i:kata|ujar|tutur))\s+"
            rf"(?P<speaker2>{speaker}))\s*[,:]?\s*\Z"),
        indirect=re.compile(
            rf"(?P<speaker>{speaker})(?:\s*,[^,]{{2,80}},)?\s+(?:juga\s+|pun\s+|kembali\s+)?"
            rf"(?:(?P<cue>(?i:{verbs}))\s*(?:,|:|\s+(?:bahwa|agar|jika|kalau)\b)|(?P<cue_s>(?i:{strong}))\s)"
            rf"\s*(?P<clause>.+)"),
        according=re.compile(
            r"\b(?P<cue>[Mm]enurut)\s+(?P<speaker>[^,.]{2,80}?),\s*(?P<cue_s>)?(?P<clause>.+)"),
        lemmas=lemmas,
        stop=frozenset(cfg["speakers"]["stop"]),
        pronouns=frozenset(cfg["speakers"]["pronouns"]),
        groups=frozenset(cfg["speakers"]["groups"]),
    )


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges of the clean text (blank-line separated)."""
    out, pos = [], 0
    for m in re.finditer(r"\n\s*\n|\Z", text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    return out


def quote_spans(text: str) -> list[list[tuple[int, int]]]:
    """Quoted stretches (marks excluded); a quote open at a paragraph's end continues into the next
    paragraph when that one opens with a quote mark (news style for multi-paragraph quotes)."""
    quotes: list[list[tuple[int, int]]] = []
    carry: list[tuple[int, int]] | None = None
    for a, b in _paragraphs(text):
        first = text[a] if a < b else ""
        if carry is not None and first not in _OPEN + '"' + _CLOSE:
            quotes.append(carry)
            carry = None
        opened: int | None = None
        straight = curly = False
        for i in range(a, b):
            ch = text[i]
            if opened is None and (ch in _OPEN or ch == '"' or ch in _CLOSE):
                if ch in _CLOSE and i + 1 < b and not text[i + 1].isspace() and text[i + 1] not in ",.":
                    opened, curly = i, True  # Kompas opens with ” too
                elif ch in _OPEN or ch == '"':
                    opened, straight, curly = i, ch == '"', ch != '"'
                continue
            if opened is not None and ((straight and ch == '"') or (curly and ch in _CLOSE)):
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
        elif opened is not None and b - opened > 40:
            carry = [(opened + 1, b)]
    if carry is not None:
        quotes.append(carry)
    kept = [[(s, e) for s, e in q if text[s:e].strip()] for q in quotes]
    return [q for q in kept if q]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding spaces."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _speaker_after(text: str, start: int, lex: _Lexicon) -> tuple[int, int] | None:
    """The speaker phrase after a postposed cue ('kata Kepala Dinas X, Budi, saat …')."""
    m = re.match(r"[ \t]+", text[start:])
    if m is None:
        return None
    pos = start + m.end()
    stop = re.search(r"[.;:!?\n\"“”()]|\s-\s", text[pos:pos + 160])
    window = text[pos:pos + (stop.start() if stop else 160)]
    end = pos
    for w in re.finditer(r"[^\s,]+|,", window):
        word = w.group()
        if word == ",":
            if not window[w.end():].lstrip()[:1].isupper():
                break
            continue
        if word.lower() in lex.stop and end > pos:
            break
        end = pos + w.end()
    return (pos, end) if end > pos else None


def _kind(phrase: str, lex: _Lexicon) -> str:
    """name | pronoun | role | group."""
    first = phrase.split()[0].lower() if phrase.split() else ""
    if phrase.lower() in lex.pronouns or first in lex.pronouns:
        return "pronoun"
    if first in lex.groups:
        return "group"
    from warta import gazetteer

    words = phrase.split()
    for n in range(len(words), 0, -1):
        if gazetteer.key(" ".join(words[:n])) in gazetteer.roles():
            return "role" if n == len(words) or not words[n][:1].isupper() else "name"
    return "name"


class _Resolver:
    """Finds the canonical speaker of a speaker phrase from the article's entity mentions."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.people = sorted((m for m in doc.entities if m.get("label") == "PER"), key=lambda m: m["start"])
        self.last: tuple[str | None, str | None] = (None, None)
        self.last_end = -10_000

    def said(self, canonical: str | None, entity: str | None, end: int) -> None:
        """Remember the latest speaker."""
        if canonical:
            self.last, self.last_end = (canonical, entity), end

    def resolve(
        self, span: tuple[int, int] | None, kind: str, text: str, before: int
    ) -> tuple[str | None, str | None]:
        """(canonical speaker, entity id) for a speaker span; pronouns take the latest speaker or
        the subject of the latest sentence that names a person."""
        if span is not None and kind in {"name", "role"}:
            inside = [m for m in self.people if m["start"] >= span[0] and m["end"] <= span[1]]
            if inside:
                m = inside[-1]
                return m.get("canonical", m["text"]), m.get("entity_id")
            if kind == "name":
                words = {w for w in _norm(text).split() if w[:1].isalpha()}
                for m in reversed(self.people):
                    canonical = m.get("canonical", m["text"])
                    if words and words & set(_norm(canonical).split()) and m["start"] < span[1] + 400:
                        return canonical, m.get("entity_id")
            if kind == "role":  # "kata Presiden": the person introduced with that title
                role = _norm(text)
                for m in self.people:
                    if role in _norm(self.text[max(0, m["start"] - 60):m["start"]]):
                        return m.get("canonical", m["text"]), m.get("entity_id")
                return text, None
            return _name_in_phrase(text), None
        if kind == "pronoun" or span is None:
            if self.last[0] and before - self.last_end < 600:
                return self.last
            earlier = [m for m in self.people if m["end"] <= before]
            if earlier:
                return earlier[-1].get("canonical", earlier[-1]["text"]), earlier[-1].get("entity_id")
            return self.last
        return text, None


def _name_in_phrase(phrase: str) -> str:
    """The person's name in a role-and-name phrase ("Wakil Menteri Keuangan Suahasil Nazara")."""
    from warta import gazetteer

    part = phrase.split(",")[-1].strip() or phrase
    words = part.split()
    for n in range(len(words) - 1, 0, -1):
        if gazetteer.key(" ".join(words[:n])) in gazetteer.roles():
            tail = [w for w in words[n:] if w[:1].isupper()]
            return " ".join(tail[-3:]) if len(tail) > 1 else part
    return part


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _span(text: str, a: int, b: int) -> dict[str, Any]:
    return {"start": a, "end": b, "text": text[a:b]}


def _direct_quotes(doc: Document, lex: _Lexicon, resolver: _Resolver) -> list[dict[str, Any]]:
    """Direct and partial quotes with cue and speaker."""
    text = doc.text
    out: list[dict[str, Any]] = []
    for spans in quote_spans(text):
        spans = [_trim(text, s, e) for s, e in spans]
        qs, qe = spans[0][0], spans[-1][1]
        close = qe + 1 if qe < len(text) and text[qe] in _CLOSE + '"' else qe
        after = text[close:close + 200]
        sent_start = max(text.rfind(". ", 0, qs - 1), text.rfind("\n", 0, qs - 1)) + 1
        before = text[sent_start:max(sent_start, qs - 1)]
        cue = speaker = None
        if (m := lex.post.match(after)) is not None:
            cue = (close + m.start("cue"), close + m.end("cue"))
            word = m.group("cue").lower()
            speaker = cue if word.endswith("nya") and word[:-3] in lex.lemmas else _speaker_after(
                text, cue[1], lex)
        elif (m := lex.post_verb.match(after)) is not None:
            cue = (close + m.start("cue"), close + m.end("cue"))
            speaker = (close + m.start("speaker"), close + m.end("speaker"))
        elif (m := lex.pre.search(before)) is not None:
            group = "cue" if m.group("cue") else "cue2"
            cue = (sent_start + m.start(group), sent_start + m.end(group))
            sg = "speaker" if m.group("speaker") else "speaker2"
            speaker = (sent_start + m.start(sg), sent_start + m.end(sg))
        words = len(text[qs:qe].split())
        partial = cue is None and words < 6 and not re.search(r"[.!?,]$", text[qs:qe])
        if partial and words < 2:
            continue
        kind = "pronoun" if speaker == cue and cue is not None else (
            _kind(text[speaker[0]:speaker[1]], lex) if speaker else "none")
        spk_text = text[speaker[0]:speaker[1]] if speaker else ""
        canonical, entity = resolver.resolve(speaker if kind != "pronoun" else None, kind, spk_text, qs)
        follows = out and out[-1]["type"] == "direct" and qs - out[-1]["_cue_end"] < 150
        if cue is None and not partial and follows:
            prev = out[-1]  # '"…," kata X. "…"': the second part of a split quote
            prev["spans"].append([qs, qe])
            prev["end"], prev["text"] = qe, text[prev["start"]:qe]
            continue
        if cue is None and not partial:
            canonical, entity = resolver.last
        if not partial:
            resolver.said(canonical, entity, qe)
        out.append({
            "type": "partial" if partial else "direct",
            "spans": [list(s) for s in spans],
            "start": qs, "end": qe, "text": text[qs:qe],
            "cue": ({**_span(text, *cue), "lemma": lex.lemmas.get(text[cue[0]:cue[1]].lower())}
                    if cue else None),
            "speaker": {**_span(text, *speaker), "kind": kind} if speaker else None,
            "speaker_canonical": canonical if not partial else None,
            "speaker_entity": entity if not partial else None,
            "medium": None,
            "confidence": 0.9 if cue else (0.5 if partial else 0.6),
            "_cue_end": cue[1] if cue else qe,
        })
    return out


def _indirect_quotes(doc: Document, lex: _Lexicon, resolver: _Resolver,
                     taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Reported speech: 'X mengatakan bahwa …', 'Menurut X, …', 'X menegaskan, …'."""
    text = doc.text
    out = []
    for sent in doc.sentences:
        if any(a < sent.end and b > sent.start for a, b in taken):
            continue
        body = sent.text
        m = lex.according.search(body) or lex.indirect.search(body)
        if m is None:
            continue
        clause = m.group("clause").rstrip(" .!?")
        if len(clause.split()) < 3:
            continue
        cs = sent.start + m.start("clause")
        ce = cs + len(clause)
        speaker = (sent.start + m.start("speaker"), sent.start + m.end("speaker"))
        group = "cue" if m.group("cue") else "cue_s"
        cue = (sent.start + m.start(group), sent.start + m.end(group))
        kind = _kind(text[speaker[0]:speaker[1]], lex)
        canonical, entity = resolver.resolve(speaker if kind != "pronoun" else None, kind,
                                             text[speaker[0]:speaker[1]], cs)
        resolver.said(canonical, entity, ce)
        out.append({
            "type": "mixed" if re.search(r"[\"“”]", clause) else "indirect",
            "spans": [[cs, ce]], "start": cs, "end": ce, "text": text[cs:ce],
            "cue": {**_span(text, *cue), "lemma": lex.lemmas.get(text[cue[0]:cue[1]].lower(), "menurut")},
            "speaker": {**_span(text, *speaker), "kind": kind},
            "speaker_canonical": canonical, "speaker_entity": entity,
            "medium": None, "confidence": 0.7,
        })
    return out


def run(doc: Document) -> Document:
    """Fill ``doc.quotes`` (sorted by start)."""
    lex = lexicon()
    resolver = _Resolver(doc)
    direct = _direct_quotes(doc, lex, resolver)
    for q in direct:
        q.pop("_cue_end", None)
    taken = [(q["start"], q["end"]) for q in direct if q["type"] == "direct"]
    doc.quotes = sorted(direct + _indirect_quotes(doc, lex, resolver, taken), key=lambda q: q["start"])
    return doc
