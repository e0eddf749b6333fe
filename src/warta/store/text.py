"""Search text: Indonesian normalisation, tokenising and stemming shared by every backend.

Both backends index the tokens :func:`index_tokens` returns (stems, title first, and the bigrams
of consecutive stems; SQLite FTS5 as the one string :func:`index_terms`, PostgreSQL as two
tsvectors) and look up the tokens :func:`required_tokens` derives from a query, so they return the
same hits. Tokens are ``[a-z0-9]+`` only, which both the FTS5
``unicode61`` tokenizer and PostgreSQL's ``simple`` configuration keep as they are.

The stemmer is a dictionary-free affix stripper after Tala (2003) with the usual Indonesian
prefix assimilation rules (menulis → tulis, memukul → pukul, menyapu → sapu). It over-stems some
roots; that is harmless for search because queries are stemmed the same way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from itertools import chain

MAX_INDEX_TOKENS = 16000
"""Tokens indexed per article (PostgreSQL clamps tsvector positions at 16383)."""
MAX_TOKEN_CHARS = 64
"""Longer tokens (URLs, hashes) are not indexed."""
BIGRAM_MARK = "xq"
"""Joins the two terms of a bigram token ("harga" + "beras" → "hargaxqberas"); no word holds it."""

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_COMBINING = re.compile(f"[{_MARKS}]")
_APOSTROPHE = re.compile(r"(?<=\w)['’`](?=\w)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)+")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_SURFACE = re.compile(rf"(?:[^\W_]|[{_MARKS}])+(?:(?:[-'’`]|(?<=\d)[.,](?=\d))(?:[^\W_]|[{_MARKS}])+)*")
"""A word as written: letters, digits and combining marks, joined by hyphens, apostrophes and digit-group
marks, so that folding it gives the same terms as folding the whole text ("Rp1.500.000", "Pe\u0301rez")."""
_ALNUM = re.compile(r"[a-z0-9]+")
_QUERY = re.compile(r'"([^"]*)"?|(\S+)')
VOWELS = frozenset("aeiou")


def _word_file(name: str) -> frozenset[str]:
    """A one-word-per-line data file of this package (``#`` lines are comments)."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@cache
def stopwords() -> frozenset[str]:
    """The Indonesian function words left out of the index and of queries."""
    return _word_file("stopwords_id.txt")


def fold(text: str) -> str:
    """Lowercase without diacritics; apostrophes inside words and digit group marks removed."""
    text = text.casefold()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    if "'" in text or "’" in text or "`" in text:
        text = _APOSTROPHE.sub("", text)
    return _NUMBER.sub(_join_digits, text)


def _join_digits(m: re.Match[str]) -> str:
    """"1.500.000" → "1500000"."""
    return m.group().replace(".", "").replace(",", "")


def _vowels(word: str) -> int:
    """Number of vowels (Tala's stand-in for syllables)."""
    return sum(1 for ch in word if ch in VOWELS)


def _strip_prefix_me_pe(word: str) -> tuple[str, str]:
    """Remove a me-/pe- prefix with its assimilation; returns (rest, prefix removed)."""
    for p in ("me", "pe"):
        if not word.startswith(p):
            continue
        rest = word[2:]
        if rest.startswith("ny") and rest[2:3] in VOWELS:
            return "s" + rest[2:], p + "ny"
        if rest.startswith("ng"):
            return rest[2:], p + "ng"
        if rest.startswith("n") and rest[1:2] in VOWELS:
            return "t" + rest[1:], p + "n"
        if rest.startswith("n") and rest[1:2] in set("cdjtsz"):
            return rest[1:], p + "n"
        if rest.startswith("m") and rest[1:2] in VOWELS:
            return "p" + rest[1:], p + "m"
        if rest.startswith("m") and rest[1:2] in set("bfpv"):
            return rest[1:], p + "m"
        if p == "pe" and rest[:1] == "r":
            return "", ""
        if rest[:1] in set("lmnrwy"):
            return rest, p
        if p == "pe":
            return "", ""
        return rest, p
    return "", ""


def _strip_first_prefix(word: str) -> tuple[str, str]:
    """Remove a first-order prefix (me-, pe-, di-, ter-, ke-); returns (rest, prefix)."""
    rest, prefix = _strip_prefix_me_pe(word)
    if prefix:
        return rest, prefix
    for p in ("di", "ter", "ke"):
        if word.startswith(p):
            return word[len(p):], p
    return word, ""


def _strip_second_prefix(word: str) -> tuple[str, str]:
    """Remove a second-order prefix (ber-, be-, bel-, per-, pe-, pel-); returns (rest, prefix)."""
    if word.startswith("belajar") or word.startswith("pelajar"):
        return word[3:], word[:3]
    for p in ("ber", "per"):
        if word.startswith(p):
            return word[3:], p
    if word.startswith(("be", "pe")) and len(word) > 4 and word[2] not in VOWELS and word[3:5] == "er":
        return word[2:], word[:2]
    return word, ""


_NO_SUFFIX = {"ber": ("i",), "be": ("i",), "ke": ("i", "kan"), "di": ("an",),
              "me": ("an",), "meng": ("an",), "meny": ("an",), "men": ("an",), "mem": ("an",)}


def _strip_suffix(word: str, prefix: str) -> str:
    """Remove a derivational suffix (-kan, -an, -i) unless the prefix forbids it."""
    banned = _NO_SUFFIX.get(prefix, ())
    for s in ("kan", "an", "i"):
        if word.endswith(s) and s not in banned and _vowels(word[: -len(s)]) >= 2:
            if s == "i" and not prefix:
                return word
            return word[: -len(s)]
    return word


@cache
def _keep() -> frozenset[str]:
    """Roots that look affixed (menteri, pemerintah) and are never stemmed."""
    return _word_file("stem_keep_id.txt")


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """The stem of one folded word (digits, short words and listed roots unchanged)."""
    if len(word) <= 4 or not word.isalpha() or word in _keep():
        return word
    if word.startswith(("belajar", "pelajar", "mempelajar", "dipelajar")):
        return "ajar"
    w = word
    for s in ("lah", "kah", "tah", "pun"):
        if w.endswith(s) and _vowels(w) > 2:
            w = w[:-3]
            break
    for s in ("nya", "ku", "mu"):
        if w.endswith(s) and _vowels(w) > 2:
            w = w[: -len(s)]
            break
    if _vowels(w) <= 2:
        return w
    rest, prefix = _strip_first_prefix(w)
    if prefix and _vowels(rest) >= 2 and len(rest) >= 3:
        w = rest
        second, p2 = _strip_second_prefix(w)
        if p2 and _vowels(second) >= 2:
            w = second
        return _strip_suffix(w, prefix)
    second, p2 = _strip_second_prefix(w)
    if p2 and _vowels(second) >= 2 and len(second) >= 3:
        return _strip_suffix(second, p2)
    return _strip_suffix(w, "") if w.endswith(("kan", "an")) and _vowels(w) > 2 else w


@lru_cache(maxsize=524288)
def _word_terms(word: str) -> tuple[str, ...]:
    """Stems of one (possibly hyphenated) folded word; "anak-anak" gives one "anak"."""
    out: list[str] = []
    stop = stopwords()
    for part in word.split("-"):
        for piece in _ALNUM.findall(part):
            if len(piece) > MAX_TOKEN_CHARS:
                continue
            s = stem(piece)
            if s in stop or (out and out[-1] == s):
                continue
            out.append(s)
    return tuple(out)


def terms(text: str) -> list[str]:
    """The search terms of a text: folded, stemmed, stop words removed, in order."""
    word_terms = _word_terms
    return [t for word in _WORD.findall(fold(text)) for t in word_terms(word)]


def bigram(left: str, right: str) -> str:
    """The index token of two consecutive terms (a phrase of two words)."""
    return f"{left}{BIGRAM_MARK}{right}"


def index_tokens(title: str | None, text: str | None) -> tuple[list[str], list[str]]:
    """The terms an article is indexed under (title then body) and the bigrams of consecutive terms."""
    toks = (terms(title or "") + terms(text or ""))[:MAX_INDEX_TOKENS]
    return toks, list(map(BIGRAM_MARK.join, zip(toks, toks[1:], strict=False)))


def index_terms(title: str | None, text: str | None) -> str:
    """What both backends index for an article: title then body terms, then their bigrams.

    Bigrams (consecutive terms joined by ``BIGRAM_MARK``) make phrase search a plain token lookup,
    exact in both the FTS5 and the GIN index, with no position check.
    """
    toks, pairs = index_tokens(title, text)
    return " ".join(chain(toks, pairs))


def parse_query(query: str) -> list[list[str]]:
    """Clauses of a query: each a word (one term) or a quoted phrase (its terms in order)."""
    clauses: list[list[str]] = []
    for m in _QUERY.finditer(query):
        phrase, word = m.groups()
        toks = terms(phrase if phrase is not None else word)
        if phrase is None and len(toks) > 1:
            clauses.extend([t] for t in toks)
        elif toks:
            clauses.append(toks)
    return clauses


def required_tokens(clauses: list[list[str]]) -> list[str]:
    """The index tokens an article must hold: each word, and each bigram of each phrase.

    A phrase "a b c" requires the bigrams "a b" and "b c" (each adjacent somewhere in the article).
    """
    out: list[str] = []
    for clause in clauses:
        pairs = zip(clause, clause[1:], strict=False)
        toks = [clause[0]] if len(clause) == 1 else [bigram(a, b) for a, b in pairs]
        out.extend(t for t in toks if t not in out)
    return out


def fts5_query(clauses: list[list[str]]) -> str:
    """The SQLite FTS5 MATCH expression of parsed clauses (every required token)."""
    return " AND ".join(f'"{t}"' for t in required_tokens(clauses))


def tsqueries(clauses: list[list[str]]) -> tuple[str, str, str]:
    """PostgreSQL ``to_tsquery('simple', …)`` texts of parsed clauses: (words, bigrams, ranking).

    The words of single-word clauses and the bigrams of phrases are each required (either text may
    be empty); the ranking query holds every word of every clause.
    """
    words = " & ".join(dict.fromkeys(c[0] for c in clauses if len(c) == 1))
    pairs = " & ".join(t for t in required_tokens([c for c in clauses if len(c) > 1]))
    return words, pairs, " & ".join(dict.fromkeys(t for c in clauses for t in c))


@lru_cache(maxsize=262144)
def _surface_terms(word: str) -> frozenset[str]:
    """The search terms of one word as written in the text."""
    return frozenset(_word_terms(fold(word)))


def _word_at(text: str, i: int) -> re.Match[str] | None:
    """The word as written (``_SURFACE``) that holds offset ``i`` of ``text``, or None."""
    start = i
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’`.,"
                         or _COMBINING.match(text[start - 1])):
        start -= 1
    for m in _SURFACE.finditer(text, start):
        if m.end() > i:
            return m if m.start() <= i else None
    return None


def _first_match(text: str, wanted: set[str]) -> int | None:
    """Offset of the first word of ``text`` whose terms include a wanted term.

    Looks for the stems as substrings first (most inflected forms contain their stem), checking the
    word found there; falls back to reading every word (menulis → tulis does not contain it, nor does
    a word written with combining accents).
    """
    low = text.lower()
    if len(low) == len(text):  # then every offset of ``low`` is the same character's in ``text``
        pos = 0
        while True:
            found = [i for i in (low.find(w, pos) for w in wanted) if i >= 0]
            if not found:
                break
            i = min(found)
            m = _word_at(text, i)
            if m and wanted.intersection(_surface_terms(m.group())):
                return m.start()
            pos = i + 1
    for m in _SURFACE.finditer(text):
        if wanted.intersection(_surface_terms(m.group())):
            return m.start()
    return None


def snippet(text: str, clauses: list[list[str]], *, width: int = 220) -> tuple[str, list[tuple[int, int]]]:
    """A window of ``text`` around the first matched word, and the matched words' offsets in it.

    Offsets are into the returned snippet and always cover whole words as written (the matching
    folds each word apart, so accents, ligatures and digit groups do not shift them).
    """
    wanted = {t for c in clauses for t in c}
    first = _first_match(text, wanted)
    start = 0
    if first is not None:
        start = max(0, first - width // 3)
        while start > 0 and not text[start - 1].isspace() and first - start < width // 2:
            start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace() and end - start < width + 30:
        end += 1
    prefix = "…" if start > 0 else ""
    shift = len(prefix) - start
    highs = [(m.start() + shift, m.end() + shift) for m in _SURFACE.finditer(text, start, end)
             if wanted.intersection(_surface_terms(m.group()))]
    body = text[start:end].replace("\n", " ")
    return prefix + body + ("…" if end < len(text) else ""), highs


def norm_name(name: str) -> str:
    """A name as a lookup key: folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())
