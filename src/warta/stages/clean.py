"""The clean stage: remove page chrome from scraped article text.

The raw text is read line by line. Whole chrome lines are dropped, chrome inside a line is cut,
"read also" markers are cut together with their headline, and the lines that scrapers break at
inline links are joined back into paragraphs. The clean text is assembled from verbatim raw
stretches plus inserted separators, and ``doc.offsets`` maps every clean character back to raw.
Patterns live in ``resources/chrome.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from warta.model import Document, OffsetMap
from warta.resources import load_toml, word_list

PARAGRAPH = "\n\n"
_WORD = re.compile(r"[^\W_][\w'’.\-/]*")
_TOKEN = re.compile(r"\S+")
# Where a headline glued to the next text can be split: "PolitikRaikkonen", "DOGESebelum".
_GLUE = re.compile(r"(?<=[a-z0-9)\]!?'\"”’])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2,})|(?<=[\w.!?])(?=[“\"])")
_TERMINAL = re.compile(r"[.!?:\"”’)\]…]$")
_PUNCT_ONLY = re.compile(r"[.,;:!?)\]]+")
_DASH_ONLY = re.compile(r"[-–—]{1,3}")
_OPEN_QUOTES = "\"“"
# "Liputan6.com, JakartaMalam …": an outlet dateline glued to the body by a lost link.
_GLUED_DATELINE = re.compile(r"[\w.]+\.(?:com|co\.id|id), (?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+(?=[A-Z][a-z])")
_MAX_HEADLINE_TOKENS = 60
_FALLBACK_HEADLINE_TOKENS = 20
# A chrome line ending like this announces a headline on the next line ("… dengan judul").
_ANNOUNCES = re.compile(r"(?i)(?:judul|:)$")


@dataclass(frozen=True, slots=True)
class Rules:
    """Compiled chrome patterns for one portal (generic plus the portal's own)."""

    line: re.Pattern[str]
    inline: re.Pattern[str]
    related: re.Pattern[str]
    tail: re.Pattern[str]
    caption: re.Pattern[str]


def _scoped(pattern: str) -> str:
    """Turn a leading ``(?i)`` into a scoped group so patterns can be joined."""
    return f"(?i:{pattern[4:]})" if pattern.startswith("(?i)") else f"(?:{pattern})"


def _join(patterns: list[str]) -> re.Pattern[str]:
    """One alternation of many patterns (never matches when there are none)."""
    return re.compile("|".join(_scoped(p) for p in patterns) or r"(?!x)x")


def chrome_config() -> dict:
    """The chrome pattern file."""
    return load_toml("chrome.toml")


def headline_lowercase() -> frozenset[str]:
    """Words that stay lowercase in Title-Cased headlines."""
    return word_list("headline_lowercase.txt")


def portal_of(source: str | None, url: str | None = None) -> str | None:
    """The portal key of chrome.toml that a source name or URL belongs to, if any."""
    portals = chrome_config().get("portal", {})
    for value in (source, urlsplit(url).hostname if url else None):
        host = (value or "").lower().removeprefix("www.")
        for key in portals:
            if host == key or host.endswith("." + key):
                return key
    return None


@cache
def rules_for(portal: str | None) -> Rules:
    """Compiled rules for a portal key (None: generic only)."""
    cfg = chrome_config()
    own = cfg.get("portal", {}).get(portal, {}) if portal else {}

    def kind(name: str) -> list[str]:
        return [*cfg["generic"].get(name, []), *own.get(name, [])]

    return Rules(*(_join(kind(k)) for k in ("line", "inline", "related", "tail", "caption")))


def is_headline(text: str) -> bool:
    """True when a line reads like a Title-Cased headline rather than body text."""
    text = text.strip()
    if not text or len(text) > 220 or (text.endswith(".") and not text.endswith("..")):
        return False
    words = _WORD.findall(text)
    if len(words) < 2:
        return False
    low = headline_lowercase()
    content_lower = sum(1 for w in words if w[0].islower() and w.lower() not in low)
    return content_lower <= max(0, len(words) // 12)


def _is_lower_word(word: str) -> bool:
    return bool(word) and word[0].islower()


def _starts_body(tokens: list[str], i: int) -> bool:
    """Whether the body resumes at token i, judged from the case of the tokens after it."""
    word = tokens[i].strip("\"“”'‘’([")
    if not word:
        return False
    if tokens[i][0] in _OPEN_QUOTES:
        return True
    if not (word[0].isupper() or word[0].isdigit()):
        return False
    if i >= 2 and word in word_list("sentence_starters.txt"):
        return True
    low = headline_lowercase()
    n1 = tokens[i + 1].strip("\"“”'‘’()[],.:;!?") if i + 1 < len(tokens) else ""
    n2 = tokens[i + 2].strip("\"“”'‘’()[],.:;!?") if i + 2 < len(tokens) else ""
    if _is_lower_word(n1) and n1.lower() not in low:
        return True
    if tokens[i].endswith(",") and _is_lower_word(n1) and _is_lower_word(n2):
        return True
    return _is_lower_word(n1) and n1 in low and _is_lower_word(n2) and n2 not in low


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Whitespace tokens of text[start:end], also split where a headline is glued on."""
    out: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text, start, end):
        a = m.start()
        for g in _GLUE.finditer(text, m.start() + 1, m.end()):
            if g.start() > a:
                out.append((a, g.start()))
                a = g.start()
        out.append((a, m.end()))
    return out


def headline_end(text: str, start: int, end: int) -> int:
    """Offset where the body resumes after a headline that begins at ``start`` (before ``end``)."""
    spans = _tokens(text, start, end)[: _MAX_HEADLINE_TOKENS + 3]
    words = [text[a:b] for a, b in spans]
    for i in range(1, min(len(spans), _MAX_HEADLINE_TOKENS)):
        if _starts_body(words, i):
            return spans[i][0]
    if len(spans) <= _MAX_HEADLINE_TOKENS:
        return end
    return spans[_FALLBACK_HEADLINE_TOKENS][0]


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    blank_before: bool
    cuts: list[tuple[int, int]]
    kind: str = "body"  # body | attach | dash


def _related_cuts(raw: str, start: int, end: int, rules: Rules) -> list[tuple[int, int]]:
    """Cuts for "read also" markers inside a line, each with its headline."""
    cuts = []
    pos = start
    while (m := rules.related.search(raw, pos, end)) is not None:
        after = m.end()
        nxt = raw[after] if after < end else ""
        if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in _OPEN_QUOTES):
            pos = m.end()
            continue
        stop = headline_end(raw, after, end) if nxt else end
        cuts.append((m.start(), stop))
        pos = max(stop, m.end())
    return cuts


def _merge(cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(cuts):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _segments(raw: str, line: _Line) -> list[tuple[int, int]]:
    """Raw ranges of a line that survive its cuts, stripped of edge whitespace."""
    out = []
    pos = line.start
    for a, b in [*line.cuts, (line.end, line.end)]:
        seg_a, seg_b = pos, a
        while seg_a < seg_b and raw[seg_a].isspace():
            seg_a += 1
        while seg_b > seg_a and raw[seg_b - 1].isspace():
            seg_b -= 1
        if seg_b > seg_a:
            out.append((seg_a, seg_b))
        pos = b
    return out


def _split_lines(raw: str) -> list[_Line]:
    """Non-blank lines as stripped raw ranges, noting a blank line before each."""
    lines = []
    pos = 0
    blank = False
    for piece in raw.split("\n"):
        a, b = pos, pos + len(piece)
        pos = b + 1
        while a < b and raw[a].isspace():
            a += 1
        while b > a and raw[b - 1].isspace():
            b -= 1
        if a == b:
            blank = True
            continue
        lines.append(_Line(a, b, blank, []))
        blank = False
    return lines


def _classify(raw: str, lines: list[_Line], rules: Rules) -> list[_Line]:
    """Drop chrome lines, record cuts inside the others, and mark joinable fragments."""
    kept: list[_Line] = []
    skip_headlines = False
    skipped = 0
    in_tail = False
    open_chrome = False  # the previous line was chrome cut off mid-phrase at a link
    tail_from = int(len(lines) * 0.6)

    def is_chrome(text: str) -> bool:
        return bool(rules.line.fullmatch(text) or rules.caption.fullmatch(text))

    for idx, line in enumerate(lines):
        text = raw[line.start:line.end]
        if open_chrome and _continues_chrome(raw, lines, idx, is_chrome):
            open_chrome = not _TERMINAL.search(text)
            continue
        open_chrome = False
        if skip_headlines and is_headline(text) and (skipped == 0 or len(text.split()) >= 6):
            skipped += 1
            continue
        skip_headlines = False
        if in_tail and len(text) < 60 and not _TERMINAL.search(text):
            continue
        if rules.tail.fullmatch(text) and idx >= tail_from:
            in_tail = True
            continue
        marker = rules.related.match(text)
        if marker is not None and (marker.end() == len(text) or (
                len(text) <= 250 and not text.endswith("."))):
            skip_headlines, skipped = marker.end() == len(text), 0
            continue
        if _DASH_ONLY.fullmatch(text) and len(kept) == 1 and len(raw[kept[0].start:kept[0].end]) <= 60:
            line.kind = "dash"
            kept.append(line)
            continue
        if _PUNCT_ONLY.fullmatch(text) and kept:
            line.kind = "attach"
            kept.append(line)
            continue
        if is_chrome(text):
            skip_headlines, skipped = bool(_ANNOUNCES.search(text)), 0
            open_chrome = not _TERMINAL.search(text)
            continue
        line.cuts = _merge(
            [(m.start(), m.end()) for m in rules.inline.finditer(raw, line.start, line.end)]
            + _related_cuts(raw, line.start, line.end, rules)
        )
        if line.cuts and not any(ch.isalnum() for a, b in _segments(raw, line) for ch in raw[a:b]):
            continue
        if kept and kept[-1].kind == "body" and is_headline(text) and _same(raw, kept[-1], line):
            kept.pop()  # a video or gallery title printed twice: both copies are chrome
            continue
        kept.append(line)
    return kept


def _continues_chrome(raw: str, lines: list[_Line], idx: int, is_chrome: Callable[[str], bool]) -> bool:
    """Whether line ``idx`` continues a chrome line that a link broke mid-phrase.

    It does when it starts in lower case ("Simak selengkapnya" / "di sini."), or when it is one
    of at most two short unpunctuated fragments before the next chrome line ("Lihat juga Video" /
    "<name>" / "<title>" / "[Gambas:Video 20detik]").
    """
    text = raw[lines[idx].start:lines[idx].end]
    if text[0].islower() or text[0] in ".,;:)":
        return True
    for ahead in lines[idx:idx + 3]:
        piece = raw[ahead.start:ahead.end]
        if ahead is not lines[idx] and is_chrome(piece):
            return True
        if len(piece) >= 80 or _TERMINAL.search(piece):
            return False
    return False


def _same(raw: str, a: _Line, b: _Line) -> bool:
    return raw[a.start:a.end] == raw[b.start:b.end]


def _glue(prev_text: str, line: _Line, text: str, *, paragraph_len: int, prev_is_first: bool) -> str:
    """Separator between the previous kept line and this one: '', ' ' or a paragraph break.

    A blank line ends the paragraph, except inside a long paragraph cut off mid-sentence (a link
    broken out onto its own lines).
    """
    if line.kind == "attach":
        return ""
    if line.kind == "dash" or prev_text in {"-", "–", "—", "--"}:
        return " "
    first = text[0]
    if line.blank_before and not (paragraph_len > 80 and prev_text[-1].isalpha() and first.isalpha()):
        return PARAGRAPH
    if first in ".,;:!?)]":
        return ""
    if first.islower() or (first in "-–—" and prev_is_first):
        return " "
    if _TERMINAL.search(prev_text):
        return PARAGRAPH
    last_word = prev_text.rsplit(None, 1)[-1]
    if last_word[0].islower() or prev_text[-1] in ",(-/":
        return " "
    return PARAGRAPH


def clean_text(raw: str, *, portal: str | None = None) -> tuple[str, OffsetMap]:
    """Remove chrome from raw article text.

    Args:
        raw: the scraped body text.
        portal: a portal key of ``chrome.toml`` (e.g. ``"detik.com"``) or None for generic rules.

    Returns:
        The clean text and the map from its offsets to raw offsets.
    """
    rules = rules_for(portal)
    kept = _classify(raw, _split_lines(raw), rules)
    parts: list[str] = []
    runs: list[tuple[int, int, int]] = []
    length = 0
    prev_text = ""
    n_lines = 0
    para_start = 0
    for line in kept:
        segments = _segments(raw, line)
        if not segments:
            continue
        text = raw[segments[0][0]:segments[-1][1]]
        if not parts:
            n_lines = 1
        else:
            sep = _glue(prev_text, line, text, paragraph_len=length - para_start, prev_is_first=n_lines == 1)
            n_lines += 1
            parts.append(sep)
            length += len(sep)
            if sep == PARAGRAPH:
                para_start = length
        for j, (a, b) in enumerate(segments):
            if j and raw[a] not in ".,;:!?)]":
                parts.append(" ")
                length += 1
            parts.append(raw[a:b])
            runs.append((length, a, b - a))
            length += b - a
        prev_text = raw[segments[-1][0]:segments[-1][1]]
    text = "".join(parts)
    glued = _GLUED_DATELINE.match(text)
    if glued:
        text, runs = _insert(text, runs, glued.end(), " - ")
    return text, OffsetMap(runs)


def _insert(text: str, runs: list[tuple[int, int, int]], at: int, sep: str) -> tuple[str, list]:
    """Insert a separator into clean text at ``at``, splitting the run that covers it."""
    out = []
    for clean, raw_start, length in runs:
        if clean + length <= at:
            out.append((clean, raw_start, length))
        elif clean >= at:
            out.append((clean + len(sep), raw_start, length))
        else:
            head = at - clean
            out.append((clean, raw_start, head))
            out.append((at + len(sep), raw_start + head, length - head))
    return text[:at] + sep + text[at:], out


def run(doc: Document) -> Document:
    """Fill ``doc.text`` and ``doc.offsets`` from ``doc.raw``."""
    text, offsets = clean_text(doc.raw, portal=portal_of(doc.source, doc.url))
    doc.text = text
    doc.offsets = offsets
    return doc
