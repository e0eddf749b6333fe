"""The sources stage: the article's attributions to other media, as reporting-source links.

Each link in ``doc.sources``, in reading order: ``order`` (1..n), ``medium`` (the short name the
press uses: "Antara", "AP", "laman resmi Porsche", "YouTube Intens Investigasi"), ``medium_entity``
(the link stage's ``entity_id`` of a mention spanning the name, else None), ``evidence``
(``{start, end, text}``, cue word through medium name: "seperti dilansir dari BBC", "harian
Sacramento Bee melaporkan"), ``date`` (ISO date of the time expression written right after the
evidence, from ``doc.timexes``; None for a weekday alone or no date), ``via`` (the upstream
medium named in the same attribution: "dilansir CNN dari KCNA" -> CNN via KCNA), ``chain``
(portal, medium, via) and ``name`` (the medium again, the key the store and dashboard display).
A quote whose cue sentence carries a link gets that link's ``medium``.

The portal itself and its own channels ("kepada Kompas.com", "dilansir detikFinance"), press
releases without a medium, a speaker's own account ("akun Instagram miliknya") and generic
hearsay ("dikabarkan") are not links. Cues, medium words and names live in
``resources/sources.toml``; the gazetteer's media (organisations of role MED) are known media too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from warta import gazetteer as gz
from warta.model import Document
from warta.resources import load_toml

_SP = r"[ \t\u00a0]"
# A name token; a glued "dan"/"dari" before a capital ("AFPdanAl Arabiya") or a glued final "pada"
# ("Euronewspada Jumat") is not part of it.
_CH = r"(?:(?!(?:dan|dari)[A-Z]|(?:pada|dari)\b)[\w.'’&!+-])"
_GLUED_SENTENCE = re.compile(r"(?<=\w\w)\.[A-Z][a-z]")  # "UEFA.Bagi yang …" but not "U.Today"
_TOKEN = re.compile(
    rf"(?:[A-Z0-9@]{_CH}*|[a-z]+[A-Z]{_CH}*|[a-z][\w-]*(?:\.[a-z]{{2,}})+\b)")
_LOWER_WORD = re.compile(r"[a-z][\w-]*")
_CONNECTORS = frozenset({"of", "the", "and", "de", "da", "del", "du", "la", "le", "in", "for", "on", "&",
                         "van", "von", "al", "el"})
_ACRONYM = re.compile(rf"{_SP}*\(\s*([A-Z][\w.&-]{{1,14}})\s*\)")
_GAP = re.compile(rf"{_SP}*")
_DARI = re.compile(rf"dari{_SP}*(?=[A-Za-z@])")
_VIA = re.compile(rf"{_SP}*dari{_SP}*(?=[A-Za-z@])")
_DATE_GAP = re.compile(r"[\s,]*(?:pada\s+|\(\s*)?")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_AND = re.compile(rf"{_SP}*dan{_SP}*(?=[A-Za-z@])")
_MERGE_GAP = re.compile(r"[\s,]*(?:(?:seperti|sebagaimana|yang)\s+)?")


def fold(text: str) -> str:
    """Lookup key of a name: case-folded, blanks squeezed."""
    return gz.key(text.replace("’", "'"))


def _alt(words: list[str]) -> str:
    """A regex alternation of literal phrases (blanks match any blank), longest first."""
    return "|".join(re.escape(w).replace(r"\ ", _SP + "+") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The compiled contents of sources.toml plus the gazetteer's media."""

    cue: re.Pattern[str]
    kind: dict[str, str]  # folded cue -> strong | weak | told
    after: re.Pattern[str]
    words: re.Pattern[str]
    keep: dict[str, str]  # folded medium word -> how the medium name writes it
    acronym_words: frozenset[str]
    official_words: frozenset[str]
    named_by_place: frozenset[str]
    official: str
    fillers: frozenset[str]
    person_cues: tuple[str, ...]
    upstream_cues: frozenset[str]
    verb_cues: frozenset[str]
    lead: frozenset[str]
    qualifiers: frozenset[str]
    platforms: dict[str, str]
    own: frozenset[str]
    not_media: frozenset[str]
    org_heads: frozenset[str]
    org_prefixes: tuple[str, ...]
    domain: re.Pattern[str]
    media: dict[str, str]  # folded written form -> short name
    generic: frozenset[str]  # words after a known name that keep it the same medium
    calendar: frozenset[str]  # weekday and month names (timex.toml): "dikutipSenin" names no medium
    self_names: dict[str, tuple[str, ...]]


@cache
def lexicon() -> _Lexicon:
    """Compiled cue patterns and media names from resources/sources.toml and the gazetteer."""
    cfg, timex = load_toml("sources.toml"), load_toml("timex.toml")
    cues, words, media_cfg = cfg["cues"], cfg["words"], cfg["media"]
    kind = {fold(c): k for k in ("told", "weak", "strong") for c in cues[k]}
    media: dict[str, str] = {}
    for short, forms in media_cfg["names"].items():
        for form in [short, *forms]:
            media.setdefault(fold(form), short)
    for alias, org in gz.organisations().items():
        if org.role == "MED":
            media.setdefault(alias, media_cfg["short"].get(org.canonical, org.canonical))
    domains = "|".join(re.escape(d) for d in sorted(cfg["words"]["domains"], key=len, reverse=True))
    return _Lexicon(
        cue=re.compile(rf"(?<![\w.])(?P<cue>(?i:{_alt(list(kind))}))(?=[ \t\u00a0]|[A-Z0-9@])"),
        kind=kind,
        after=re.compile(rf"{_SP}+(?P<cue>(?i:{_alt(cues['after'])}))\b"),
        words=re.compile(rf"(?P<word>(?i:{_alt([*words['keep'], *words['drop']])})){_SP}*"
                         rf"(?=[A-Za-z0-9@])"),
        keep={fold(k): v for k, v in words["keep"].items()},
        acronym_words=frozenset(fold(w) for w in words["acronym_words"]),
        official_words=frozenset(fold(w) for w in words["official_words"]),
        named_by_place=frozenset(fold(w) for w in words["named_by_place"]),
        official=words["official"],
        fillers=frozenset(cues["report_fillers"]),
        person_cues=tuple(cues["person_cues"]),
        upstream_cues=frozenset(fold(c) for c in cues["upstream_cues"]),
        verb_cues=frozenset(fold(c) for c in cues["verb_cues"]),
        lead=frozenset(cues["lead"]),
        qualifiers=frozenset(cues["qualifiers"]),
        platforms={fold(p): p for p in words["platforms"]},
        own=frozenset(words["own"]),
        not_media=frozenset(fold(w) for w in words["not_media"]),
        org_heads=frozenset(words["org_heads"]),
        org_prefixes=tuple(words["org_prefixes"]),
        domain=re.compile(rf"\w\.(?:{domains})\Z", re.IGNORECASE),
        media=media,
        generic=frozenset(fold(w) for w in media_cfg["generic_suffixes"]),
        self_names={k: tuple(v) for k, v in cfg["self"].items()},
        calendar=frozenset([*timex["weekdays"], *timex["months"]]),
    )


@dataclass(slots=True)
class _Name:
    """A medium phrase: the name's span, the written medium and what introduced it."""

    start: int  # start of the phrase (medium word included)
    end: int  # end of the phrase (acronym in brackets included)
    name_start: int
    name_end: int
    medium: str
    known: bool
    word: str | None  # the medium word ("kantor berita", "laman resmi") or None
    own: bool = False


def _name_tokens(text: str, pos: int, lex: _Lexicon) -> tuple[int, int] | None:
    """The span of a capitalised name starting at ``pos`` ("Chicago Tribune", "Bola.net", "E! News")."""
    end = None
    i = pos
    first = ""
    for n in range(8):
        m = _TOKEN.match(text, i)
        if m is None and n == 0:
            low = _LOWER_WORD.match(text, i)  # a known lower-case name: "wikipedia", not "apa" (APA)
            short = lex.media.get(fold(low.group())) if low else None
            if short and not short.isupper():
                m = low
        if m is None:
            break
        token = m.group()
        if n and fold(token.rstrip(".,")) in lex.calendar:  # "dilansir AFP Minggu (19/10)"
            break
        first = first or token
        end = m.end()
        if glued := _GLUED_SENTENCE.search(token):
            end = m.start() + glued.start()
            break
        if token[-1] == "!" and re.match(r" [A-Z]", text[end:end + 2]):  # "E! News"
            pass
        elif token[-1] in ".!'’-":  # "Bola.net." ends the sentence
            while end > m.start() and text[end - 1] in ".!'’-":
                end -= 1
            break
        gap = _GAP.match(text, end)
        nxt = gap.end()
        if nxt == end:
            break
        conn = _LOWER_WORD.match(text, nxt)
        if text.startswith("&", nxt):
            after = _GAP.match(text, nxt + 1).end()
            i = after if _TOKEN.match(text, after) else -1
        elif conn and (conn.group() in _CONNECTORS or (conn.group() == "dan" and first in lex.org_heads)):
            # "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi" is one name
            after = _GAP.match(text, conn.end()).end()
            i = after if after > conn.end() and _TOKEN.match(text, after) else -1
        else:
            i = nxt
        if i < 0:
            break
    if end is None or end <= pos:
        return None
    return pos, end


def _lookup(written: str, lex: _Lexicon) -> str | None:
    """The short name of a known medium, also when generic words follow it ("Yonhap News Agency")."""
    key = fold(written)
    if key in lex.media:
        return lex.media[key]
    parts = key.split()
    for k in range(len(parts) - 1, 0, -1):
        if " ".join(parts[:k]) in lex.media and all(w in lex.generic for w in parts[k:]):
            return lex.media[" ".join(parts[:k])]
    return None


def _phrase(text: str, pos: int, lex: _Lexicon) -> _Name | None:
    """A medium phrase starting at ``pos``: optional medium word and qualifiers, a name, an acronym."""
    word = None
    start = pos
    m = lex.words.match(text, pos)
    if m:
        word = fold(m.group("word"))
        pos = m.end()
        while (q := _LOWER_WORD.match(text, pos)) and q.group() in lex.qualifiers:
            pos = _GAP.match(text, q.end()).end()
    span = _name_tokens(text, pos, lex)
    if span is None:
        return None
    ns, ne = span
    name = text[ns:ne]
    if word and gz.places().get(fold(name)) and (comma := re.compile(rf",?{_SP}*").match(text, ne)):
        # "kantor berita pemerintah Korea Utara, KCNA": the place only says whose agency it is.
        alias = _lookup(f"{word} {name}", lex)
        second = _name_tokens(text, comma.end(), lex) if comma.end() > ne and not alias else None
        if second:
            ns, ne = second
            name = text[ns:ne]
    end = ne
    known = _lookup(f"{word} {name}", lex) if word else None
    known = known or _lookup(name, lex)
    acr = _ACRONYM.match(text, ne)
    if acr:
        end = acr.end()
        short = _lookup(acr.group(1), lex)
        if short:
            known = short
        elif word in lex.acronym_words:
            name = acr.group(1)
    medium = known or name
    first = fold(name.split()[0])
    if not known and first in lex.platforms:
        rest = name.split(maxsplit=1)[1:]
        if not rest:
            return _Name(start, end, ns, ne, name, False, word, own=True)
        medium = f"{lex.platforms[first]} {rest[0]}"
    elif not known and word in lex.keep:
        medium = f"{lex.keep[word]} {name}"
    elif not known and word in lex.official_words and _organisation(name, lex):
        medium, word = f"{lex.official} {name}", fold(lex.official)
    after = _LOWER_WORD.match(text, _GAP.match(text, end).end())
    own = bool(after and after.group() in lex.own) or any(w.endswith("nya") for w in name.split())
    # "Sky Sports Italia": written as is, but a known medium's outlet all the same.
    parts = fold(name).split()
    known_prefix = any(" ".join(parts[:k]) in lex.media for k in range(1, len(parts)))
    return _Name(start, end, ns, ne, medium, known is not None or known_prefix, word, own=own)


def _organisation(name: str, lex: _Lexicon) -> bool:
    """Whether a name is an organisation that is not a medium ("Kemenpora", "Dinas Pendidikan")."""
    org = gz.organisations().get(fold(name))
    first = name.split()[0]
    if first in lex.org_heads or first.startswith(lex.org_prefixes):
        return True
    return org is not None and org.role != "MED"


@dataclass(slots=True)
class _Link:
    """A found attribution before filtering."""

    start: int
    end: int
    kind: str  # strong | weak | told | after
    cue: str
    name: _Name
    via: _Name | None = None
    tail: int = 0  # end of the whole attribution ("dilansir AFP dan Al Arabiya"), where a date may follow
    joined: bool = False  # the second medium of "X dan Y": kept only when X is


def _self_prefixes(doc: Document, lex: _Lexicon) -> tuple[str, ...]:
    """Folded, space-free prefixes naming the portal and its own channels."""
    out = list(lex.self_names.get((doc.source or "").removeprefix("www."), ()))
    if doc.source:
        out.append(doc.source.removeprefix("www.").split(".")[0].casefold())
    if doc.dateline and doc.dateline.outlet:
        out.append(doc.dateline.outlet.casefold().replace(" ", "").split(".")[0])
    return tuple(p for p in out if p)


def _is_self(name: _Name, prefixes: tuple[str, ...]) -> bool:
    """Whether a medium is the portal itself or one of its channels."""
    words = name.medium.casefold().split()
    keys = ["".join(words[i:]) for i in range(len(words))]  # "Health Liputan6.com" is liputan6's
    return any(k.startswith(p) for k in keys for p in prefixes)


def _plausible(doc: Document, link: _Link, lex: _Lexicon) -> bool:
    """Whether an unknown name can be a medium: not a place, office, other organisation (after
    "laman resmi" any is fine), event or date, nor a person after a cue that often takes one."""
    name = link.name
    written = doc.text[name.name_start:name.name_end]
    first = written.split()[0].rstrip(".,")
    lower = written[0].isalpha() and written.islower()  # "pernyataan", not "11v11" or "eVNExpress"
    if lower or fold(written) in lex.not_media or fold(first) in lex.calendar:
        return False
    if gz.places().get(fold(written)) and name.word not in lex.named_by_place:
        return False
    if name.word not in lex.keep and (_organisation(written, lex) or fold(first) in gz.roles()):
        return False
    for t in doc.timexes:
        if t["start"] < name.name_end and name.name_start < t["end"]:
            return False
    person_cue = fold(link.cue).startswith(lex.person_cues) and fold(first) not in lex.platforms
    vetoed = {"EVT", "PER"} if person_cue else {"EVT"}
    for e in doc.entities:  # an event ("dikutip Ballon d'Or 2025"), or a person, named by the entities stage;
        # a channel named after a person ("kanal YouTube Budi") is a medium, and an entity glued to the
        # cue ("dariScreen Rant") starts before the name and says nothing about it.
        if e.get("label") in vetoed and name.name_start <= e["start"] < name.name_end:
            return False
    return True


def _accept(doc: Document, link: _Link, lex: _Lexicon, seen: set[str]) -> bool:
    """Whether a found attribution names a medium under its cue's rule."""
    name = link.name
    web = bool(lex.domain.search(doc.text[name.name_start:name.name_end]))
    known = name.known or web or fold(name.medium) in seen
    if known:
        return True
    if link.kind == "told":
        return False
    if name.word is None and fold(link.cue) in lex.verb_cues and not _attributive(doc.text, link.start):
        return False
    return (link.kind == "strong" or name.word is not None) and _plausible(doc, link, lex)


def _attributive(text: str, start: int) -> bool:
    """Whether a cue at ``start`` opens an attribution: capitalised, or after a comma or "seperti"."""
    before = text[max(0, start - 14):start].rstrip()
    return text[start].isupper() or not before or before[-1] in ",;:(\"”" \
        or before.endswith(("seperti", "sebagaimana"))


def _candidates(doc: Document, lex: _Lexicon) -> list[_Link]:
    """Attributions with a cue before the medium, and "<medium> melaporkan" ones."""
    text = doc.text
    out: list[_Link] = []
    for m in lex.cue.finditer(text):
        kind = lex.kind[fold(m.group("cue"))]
        pos = _GAP.match(text, m.end()).end()
        if kind == "strong" and fold(m.group("cue")).startswith(("menurut laporan", "menurut data")):
            while (w := _LOWER_WORD.match(text, pos)) and w.group() in lex.fillers:
                pos = _GAP.match(text, w.end()).end()
        if dari := _DARI.match(text, pos):  # "dilansir dari dariBeBeautiful.in"
            pos = dari.end()
        if kind == "strong" and (w := _LOWER_WORD.match(text, pos)) and w.group() in lex.lead:
            pos = _GAP.match(text, w.end()).end()  # "mengutip laporan Reuters"
            if dari := _DARI.match(text, pos):  # "mengutip laporan dariThe Verge"
                pos = dari.end()
        name = _phrase(text, pos, lex)
        if name is None:
            continue
        link = _Link(m.start(), name.end, kind, m.group("cue"), name, tail=name.end)
        via = _VIA.match(text, name.end) if kind == "strong" else None
        if via and (up := _phrase(text, via.end(), lex)) and not up.own:
            link.via, link.end, link.tail = up, up.end, up.end
        out.append(link)
        if (more := _AND.match(text, link.end)) and (other := _phrase(text, more.end(), lex)):
            link.tail = other.end  # "seperti dilansir AFP dan Al Arabiya": one link per medium
            out.append(_Link(other.start, other.end, kind, link.cue, other, tail=other.end, joined=True))
    for m in lex.after.finditer(text):
        name = _after_name(text, m.start(), lex)
        if name is not None:
            out.append(_Link(name.start, m.end(), "after", m.group("cue"), name, tail=m.end()))
    return sorted(out, key=lambda x: (x.start, -x.end))


def _after_name(text: str, end: int, lex: _Lexicon) -> _Name | None:
    """The known medium (or medium word + name) ending at ``end``: "kantor berita Yonhap melaporkan"."""
    line_start = max(text.rfind("\n", 0, end), text.rfind(",", 0, end), text.rfind(".", 0, end - 1)) + 1
    for m in _TOKEN.finditer(text, line_start, end):
        name = _phrase(text, m.start(), lex)
        if name and name.end == end and (name.known or name.word):
            return name
    for m in lex.words.finditer(text, line_start, end):
        name = _phrase(text, m.start(), lex)
        if name and name.end == end:
            return name
    return None


def _date(doc: Document, end: int) -> str | None:
    """ISO date of a time expression written right after ``end`` (a weekday alone gives None)."""
    for t in doc.timexes:
        if t["start"] < end:
            continue
        gap = _DATE_GAP.match(doc.text, end, t["start"])
        if gap is None or gap.end() != t["start"]:
            return None
        value = t.get("value") or ""
        if t.get("type") == "DATE" and _ISO_DAY.fullmatch(value[:10]) and any(c.isdigit() for c in t["text"]):
            return value[:10]
        return None
    return None


def _entity_id(doc: Document, name: _Name) -> str | None:
    """The link stage's entity id of a mention overlapping the medium's name."""
    for e in doc.entities:
        if e.get("entity_id") and e["start"] in (name.start, name.name_start) and e["end"] <= name.end:
            return e["entity_id"]
    return None


def find_links(doc: Document) -> list[dict[str, Any]]:
    """The reporting-source links of a document, in reading order (see the module docstring)."""
    lex = lexicon()
    prefixes = _self_prefixes(doc, lex)
    seen: set[str] = set()
    kept: list[_Link] = []
    upstream: _Link | None = None  # a weak attribution that may be the upstream of the next one
    for link in _candidates(doc, lex):
        if (kept and link.start < kept[-1].end) or (link.joined and not (kept and kept[-1].tail == link.end)):
            continue
        if link.via is not None and _is_self(link.name, prefixes):  # "dikutip detikOto dari laman X"
            link.name, link.via = link.via, None
        if _is_self(link.name, prefixes) or link.name.own:
            continue
        if not _accept(doc, link, lex, seen):
            if link.kind == "weak" and fold(link.cue) in lex.upstream_cues and _plausible(doc, link, lex):
                upstream = link
            continue
        if link.via is not None and (link.via.own or _is_self(link.via, prefixes)):
            link.via = None
        prev = kept[-1] if kept and kept[-1].via is None else None
        for before in (prev, upstream):
            if before is not None and link.via is None and link.kind == "strong" \
                    and _MERGE_GAP.fullmatch(doc.text, before.end, link.start):
                # "Menurut kantor berita MENA dikutip dari Antara", "dilaporkan X, seperti dikutip Y".
                if before is prev:
                    kept.pop()
                link = _Link(before.start, link.end, link.kind, link.cue, link.name, before.name,
                             tail=link.tail)
        upstream = None
        seen.add(fold(link.name.medium))
        kept.append(link)
    portal = doc.source
    out = []
    for order, link in enumerate(kept, start=1):
        medium = link.name.medium
        via = link.via.medium if link.via else None
        out.append({
            "order": order,
            "medium": medium,
            "medium_entity": _entity_id(doc, link.name),
            "evidence": doc.span(link.start, link.end).to_json(),
            "date": _date(doc, link.tail),
            "via": via,
            "chain": [x for x in (portal, medium, via) if x],
            "name": medium,
        })
    return out


def _sentence_of(doc: Document, offset: int) -> tuple[int, int] | None:
    """The sentence span holding ``offset``."""
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s.start, s.end
    return None


def _quote_media(doc: Document, links: list[dict[str, Any]]) -> None:
    """Set ``medium`` on quotes whose cue sentence (else last-span sentence) carries a link."""
    for quote in doc.quotes:
        cue = quote.get("cue")
        anchor = cue["start"] if isinstance(cue, dict) else quote.get("end", 0) - 1
        sent = _sentence_of(doc, anchor)
        if sent is None:
            continue
        for link in links:
            if sent[0] <= link["evidence"]["start"] < sent[1]:
                quote["medium"] = link["medium"]
                break


def run(doc: Document) -> Document:
    """Fill ``doc.sources`` and the ``medium`` of quotes whose sentence names one."""
    doc.sources = find_links(doc)
    if doc.quotes:
        _quote_media(doc, doc.sources)
    return doc
