"""The segment stage: Indonesian sentence splitting and tokenization.

Sentences never cross a line break and never carry leading or trailing whitespace. Inside a
line a sentence ends at ``.``, ``?``, ``!`` or an ellipsis (with any closing quotes or brackets
after it) unless the next word starts in lowercase, the period closes a title or abbreviation
from ``resources/titles.txt`` / ``resources/abbreviations.txt``, an initial ("Susilo B.
Yudhoyono") or a list number opening the sentence ("1. Warga ..."), or the punctuation sits inside
brackets or inside a quotation followed by its attribution (``"... . ...," kata Budi``), which
stays one sentence. Datelines ("JAKARTA, KOMPAS.com -") hold no candidate and stay in the first
sentence.

Tokens are words (with inner hyphens and apostrophes: "anak-anak", "Jong-un", "ke-3"), numbers
("1.500.000", "3,5", "27/7", "10.30"), URLs, e-mails, domains ("KOMPAS.com"), handles and
hashtags, abbreviations with their period ("Dr.", "dll.", "S.H."), and single punctuation marks
(an ellipsis, "?!" or "--" is one token).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from warta.model import Document, Span
from warta.resources import read_text

# A run of sentence-final punctuation followed by closing quotes and brackets.
# Only runs followed by whitespace or a capital letter (glued "tewas.Polisi") are candidates.
_END = re.compile(r"(?:\.{2,}|…+|[.?!]+)[.?!…]*[\"”’'»)\]]*(?=\s|[A-Z])")
_OPENERS = "\"“‘'([«"
_CLOSERS = "\"”’'»)]"
# One line without its surrounding whitespace (group 1).
_LINE = re.compile(r"[^\S\n]*(\S(?:[^\n]*\S)?)")
_QUOTE = re.compile(r"[\"“”]")
_PAREN = re.compile(r"[()]")
_MAX_PAREN = 250
# After a closing quote: an attribution starts with a comma or a lowercase word ("kata", "ujarnya").
_ATTRIBUTION = re.compile(r"\s*(?:,|[^\W\d_A-Z])")
_ENUMERATOR = re.compile(r"(?:\d{1,2}|[A-Za-z]|[ivxIVX]{1,4})")
_DOTTED = re.compile(r"[^\W\d_]{1,4}(?:\.[^\W\d_]{1,4})+")
_INITIALS = re.compile(r"[A-Z](?:\.[A-Z])+")

# The token alternatives, tried in order (no capturing groups: they halve the speed); {abbr} is
# filled from the abbreviation resources.
_TOKEN_TEMPLATE = r"""
    [^\W\d_]+(?![\w\-'’.@/:+$])                                   # plain word
  | [,()"“”;:] | \.(?!\.)                                         # common mark
  | (?:https?://|www\.)[^\s<>"“”]*[^\s<>"“”.,;:!?'’)]              # URL
  | (?=[\w.+-]+@)[\w.+-]+@[\w-]+(?:\.[\w-]+)+                      # e-mail
  | (?=[\w.-]+\.(?i:{tlds})\b)[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.(?i:{tlds})\b
      (?:/[^\s"“”<>]*[^\s"“”<>.,;:!?'’)])?                         # domain ("KOMPAS.com")
  | [@\#][^\W_]\w*                                                # handle, hashtag
  | (?:Rp|US\$|S\$|\$)(?=\d)                                       # currency glued to a number
  | (?<!\w)(?=[^\W\d_][^\W\d_.]{{0,5}}(?:\.[^\W\d_]{{1,4}})*\.)(?i:{abbr})\.  # listed abbreviation
  | (?<!\w)[A-Z]\.(?=.)                                            # initial (not sentence-final)
  | \d+(?:[.,:/]\d+)*(?:-an\b)?(?:[^\W\d_]\w*)?                    # number, "1990-an", "3x24"
  | [^\W\d_]{{1,4}}(?:\.[^\W\d_]{{1,4}})+\.(?!\w)                   # dotted ("S.Pd.")
  | [^\W\d_]\w*(?:[-'’]\w+)*                                       # word ("anak-anak", "ke-3")
  | \.{{2,}} | … | [?!]+ | -{{2,}} | \S                               # other punctuation
"""
_TLDS = "com|co|id|net|org|info|tv|io|news"
_TLD_SET = frozenset(_TLDS.split("|"))


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The abbreviation lists the segmenter consults (lowercased)."""

    titles: frozenset[str]
    abbreviations: frozenset[str]
    degrees: frozenset[str]
    letter_nouns: frozenset[str]
    token: re.Pattern[str]


def _read_list(name: str) -> list[tuple[str, str]]:
    """Entries of a resource list with the comment heading the block each sits in."""
    out: list[tuple[str, str]] = []
    block = ""
    for line in read_text(name).splitlines():
        entry = line.strip()
        if entry.startswith("#"):
            block = entry.lstrip("# ").lower()
        elif entry:
            out.append((entry, block))
    return out


@cache
def _lexicon() -> _Lexicon:
    """Load the abbreviation resources once."""
    abbrevs = _read_list("abbreviations.txt")
    titles = _read_list("titles.txt")
    words = sorted({e for e, _ in titles + abbrevs if len(e) > 1}, key=lambda e: (-len(e), e))
    token = re.compile(_TOKEN_TEMPLATE.format(abbr="|".join(map(re.escape, words)), tlds=_TLDS), re.VERBOSE)
    return _Lexicon(
        titles=frozenset(e.lower() for e, _ in titles),
        abbreviations=frozenset(e.lower() for e, _ in abbrevs),
        degrees=frozenset(e.lower() for e, block in abbrevs if block.startswith("degrees")),
        letter_nouns=frozenset(e.lower() for e, _ in _read_list("letter_nouns.txt")),
        token=token,
    )


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Attributed quotations ``(open, close)`` in one line; a close without an open starts the line."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE.finditer(text, start, end):
        i = m.start()
        mark = m.group()
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if mark == "“" or ((prev.isspace() or prev in "([{—-:") and not nxt.isspace()):
            opening = True
        elif nxt.isspace() or nxt in ".,;:!?)…" or i + 1 >= end:
            opening = False
        else:
            opening = open_at is None
        if opening:
            open_at = i
            continue
        if _is_attributed(text, i, end):
            spans.append((start if open_at is None else open_at, i))
        open_at = None
    return spans


def _is_attributed(text: str, close: int, end: int) -> bool:
    """True when the quotation closing at ``close`` goes on with its attribution."""
    j = close - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j >= 0 and text[j] == ",":
        return True
    return _ATTRIBUTION.match(text, close + 1, end) is not None


def _word_before(text: str, sent_start: int, at: int) -> tuple[str, int]:
    """The word ending at ``at`` (openers and closers stripped, not before ``sent_start``) and its start."""
    i = at
    while i > sent_start and not text[i - 1].isspace():
        i -= 1
    return text[i:at].lstrip(_OPENERS).rstrip(_CLOSERS), i


def _next_word(text: str, at: int, end: int) -> tuple[str, str]:
    """The first character after ``at`` past spaces and openers, and the next whitespace-free run."""
    i = at
    while i < end and text[i].isspace():
        i += 1
    j = i
    while j < end and not text[j].isspace():
        j += 1
    run = text[i:j]
    return run.lstrip(_OPENERS)[:1], run


def _period_decision(text: str, sent_start: int, dot: int, first: str, run: str) -> bool:
    """Whether a single period at ``dot`` followed by ``first``/``run`` ends the sentence."""
    lex = _lexicon()
    word, word_start = _word_before(text, sent_start, dot)
    low = word.lower()
    if len(word) > 1 and low in lex.titles:
        return False
    if len(word) == 1 and word.isupper():
        if word_start == sent_start:
            return False
        noun, _ = _word_before(text, sent_start, word_start - 1 if word_start > sent_start else sent_start)
        return noun.lower() in lex.letter_nouns and (first.isupper() or first.isdigit())
    if word_start == sent_start and _ENUMERATOR.fullmatch(word):
        return False
    dotted = _DOTTED.fullmatch(word) is not None
    if low not in lex.abbreviations and dotted and _INITIALS.fullmatch(word):
        return False
    if low in lex.abbreviations or dotted:
        if not first.isupper() or run.startswith("("):
            return False
        follower = run.rstrip(",.")
        return not (low in lex.degrees and (follower.lower() in lex.degrees or _DOTTED.fullmatch(follower)))
    return True


def _is_boundary(text: str, sent_start: int, punct: str, at: int, after: int, end: int) -> bool:
    """Whether the punctuation run ``punct`` at ``at`` (ending at ``after``) ends a sentence."""
    first, run = _next_word(text, after, end)
    if not first or first.islower():
        return not first
    if punct[0] == "." and not punct.startswith(".."):
        return _period_decision(text, sent_start, at, first, run)
    return True


def _is_glued(text: str, sent_start: int, at: int, after: int, end: int) -> bool:
    """Whether ``word.Word`` with no space (scraping glue) is a sentence boundary."""
    if after + 1 >= end or not (text[after].isupper() and text[after + 1].islower()):
        return False
    word, _ = _word_before(text, sent_start, at)
    if len(word) < 3 or not word[-1].islower() or not word.isalpha():
        return False
    lex = _lexicon()
    low = word.lower()
    if low in lex.titles or low in lex.abbreviations:
        return False
    nxt = re.match(r"[^\W\d_]+", text[after:end])
    return nxt is None or nxt.group().lower() not in _TLD_SET


def _paren_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Matched ``(open, close)`` bracket pairs of one line, at most ``_MAX_PAREN`` characters long."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in _PAREN.finditer(text, start, end):
        if m.group() == "(":
            stack.append(m.start())
        elif stack:
            o = stack.pop()
            if m.start() - o <= _MAX_PAREN:
                spans.append((o, m.start()))
    return spans


def _split_line(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the sentences of one stripped line ``text[start:end]`` to ``out``."""
    quotes = _quote_spans(text, start, end) if _QUOTE.search(text, start, end) else []
    parens = _paren_spans(text, start, end) if text.find("(", start, end) >= 0 else []
    sent_start = start
    for m in _END.finditer(text, start, end):
        at, after = m.span()
        if quotes and any(o < at and after <= c + 1 for o, c in quotes):
            continue
        if parens and any(o < at and after <= c for o, c in parens):
            continue
        nxt = text[after]
        if nxt.isspace():
            if not _is_boundary(text, sent_start, m.group(), at, after, end):
                continue
        elif not (nxt.isalpha() and _is_glued(text, sent_start, at, after, end)):
            continue
        out.append((sent_start, after))
        sent_start = after
        while sent_start < end and text[sent_start].isspace():
            sent_start += 1
    if sent_start < end:
        out.append((sent_start, end))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentences.

    Args:
        text: clean article text; line breaks always end a sentence.

    Returns:
        Half-open ``(start, end)`` character offsets of each sentence, without surrounding
        whitespace, in text order.
    """
    out: list[tuple[int, int]] = []
    find_end = _END.search
    for line in _LINE.finditer(text):
        start, end = line.span(1)
        if find_end(text, start, end) is None:
            out.append((start, end))
        else:
            _split_line(text, start, end, out)
    return out


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Tokenize ``text[start:end]`` (one sentence, typically).

    Args:
        text: the text holding the span.
        start: where the span starts.
        end: where the span ends (default: the end of the text).

    Returns:
        Half-open ``(start, end)`` offsets of each token.
    """
    stop = len(text) if end is None else end
    return [m.span() for m in _lexicon().token.finditer(text, start, stop)]


def run(doc: Document) -> Document:
    """Fill ``doc.sentences`` and ``doc.tokens`` from ``doc.text``.

    Args:
        doc: a Document whose clean text is set.

    Returns:
        The same Document with sentence and token spans (earlier fields untouched).
    """
    text = doc.text
    sentences: list[Span] = []
    tokens: list[Span] = []
    finditer = _lexicon().token.finditer
    for s, e in split_sentences(text):
        sentences.append(Span(s, e, text[s:e]))
        tokens.extend([Span(m.start(), m.end(), m.group()) for m in finditer(text, s, e)])
    doc.sentences = sentences
    doc.tokens = tokens
    return doc
