"""The meta stage: dateline, publication date, language and quality warnings.

The dateline ("JAKARTA, KOMPAS.com -", "Mataram, NTB (ANTARA News) -") is matched at the start of
the clean text against the shapes in ``resources/meta.toml``. The publication date comes from the
metadata when it parses, else from the dateline or the head lines above the body, else from the
first weekday date with a year in the text ("Jumat (28/7/2023)"). Language is guessed from the
share of Indonesian and English stopwords. Warnings: ``empty_body``, ``too_short``, ``paywall``,
``not_indonesian``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from itertools import islice
from typing import Any

from warta.model import Dateline, Document
from warta.resources import load_toml, word_list

_TEMPLATE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_LETTERS = re.compile(r"[a-z]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"[ ]?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)


@dataclass(frozen=True, slots=True)
class Found:
    """A date found in text: its ISO string and where it was found."""

    iso: str
    start: int
    end: int


def config() -> dict[str, Any]:
    """The meta stage's data file."""
    return load_toml("meta.toml")


def _alternation(words: Any) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _fill(template: str, blocks: dict[str, str]) -> str:
    """Replace every ``{name}`` of a template by its block, recursively."""
    for _ in range(5):
        filled = _TEMPLATE.sub(lambda m: blocks.get(m.group(1), m.group(0)), template)
        if filled == template:
            break
        template = filled
    return template


@cache
def _calendar_blocks() -> dict[str, str]:
    """Regex blocks for weekday and month names."""
    cal = config()["calendar"]
    return {
        "weekday": f"(?i:{_alternation(cal['weekdays'])})",
        "month": f"(?i:{_alternation(cal['months'])})",
    }


@dataclass(frozen=True, slots=True)
class _Shapes:
    """Compiled dateline shapes and the outlet lookup."""

    shapes: tuple[re.Pattern[str], ...]
    bare: frozenset[int]
    bare_max_words: int
    not_place: frozenset[str]
    outlets: dict[str, str]


@cache
def _shapes() -> _Shapes:
    """Compile the dateline shapes of meta.toml once."""
    cfg = config()["dateline"]
    names = list(cfg["outlets"])
    outlet = "|".join([f"(?i:{_alternation(names)})", *cfg["outlet_patterns"]])
    blocks = {**cfg["blocks"], **_calendar_blocks(), "outlet": f"(?P<outlet>{outlet})"}
    blocks["rplace"] = f"(?P<place>{_fill(blocks['rplace'], blocks)})"
    blocks["place"] = f"(?P<place>{blocks['place']})"
    blocks["place1"] = f"(?P<place>{blocks['place1']})"
    prefix = _fill(blocks["prefix"], blocks)
    compiled = tuple(
        re.compile(r"\s*(?P<pre>" + prefix + r")(?P<dl>" + _fill(shape, blocks) + ")")
        for shape in cfg["shapes"]
    )
    return _Shapes(
        shapes=compiled,
        bare=frozenset(cfg["bare_shapes"]),
        bare_max_words=cfg["bare_max_words"],
        not_place=frozenset(cfg["not_place"]),
        outlets={n.casefold(): n for n in names},
    )


_PARTICLES = frozenset({"de", "da", "del", "di", "dos", "van", "von", "al", "el"})


def _case_word(word: str, *, first: bool) -> str:
    """Title-case one upper-case word of a place; short acronyms ("NTB", "DC") stay."""
    if not word.isupper() or len(word) < 2 or "." in word:
        return word
    if word.lower() in _PARTICLES and not first:
        return word.lower()
    if len(word) <= 3 and not first:
        return word
    return "-".join(part.capitalize() for part in word.split("-"))


def normalise_place(place: str) -> str:
    """Title-case an upper-case place ("JAKARTA" -> "Jakarta", "Mataram, NTB" stays)."""
    parts = [" ".join(p.split()) for p in place.split(",")]
    return ", ".join(
        " ".join(_case_word(w, first=(i == 0 and j == 0)) for j, w in enumerate(part.split(" ")))
        for i, part in enumerate(parts)
    )


def _outlet_name(raw: str) -> str:
    """The canonical spelling of an outlet, or the outlet as written."""
    raw = " ".join(raw.split())
    return _shapes().outlets.get(raw.casefold(), raw)


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text``, or None.

    Args:
        text: the clean article text.

    Returns:
        A Dateline with offsets into ``text`` covering the dateline up to and including its dash.
    """
    shapes = _shapes()
    window = text[: config()["thresholds"]["dateline_window"]]
    for i, pattern in enumerate(shapes.shapes):
        m = pattern.match(window)
        if not m:
            continue
        place = m.groupdict().get("place")
        start, end = m.span("dl")
        if i in shapes.bare and place and not _plausible_place(place, text, end, shapes):
            continue
        outlet = m.groupdict().get("outlet")
        return Dateline(
            start=start,
            end=end,
            text=text[start:end],
            place=normalise_place(place) if place else None,
            outlet=_outlet_name(outlet) if outlet else None,
        )
    return None


def _plausible_place(place: str, text: str, end: int, shapes: _Shapes) -> bool:
    """Whether a bare capitalised phrase before the dash ending at ``end`` reads as a place."""
    words = place.replace(",", " ").split()
    if len(words) > shapes.bare_max_words or words[0].strip(".").lower() in shapes.not_place:
        return False
    glued = not text[end - 2: end - 1].isspace() and not text[end: end + 1].isspace()
    if glued:
        return place.isupper() and not text[end: end + 2].isupper()
    return True


# --- dates ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DateRules:
    """Compiled date patterns and the calendar lookups."""

    patterns: tuple[re.Pattern[str], ...]
    with_weekday: tuple[re.Pattern[str], ...]
    weekday_cue: re.Pattern[str]
    weekdays: dict[str, int]
    months: dict[str, int]
    zones: dict[str, int]
    default_zone: int
    year_min: int


def _date_patterns(weekday: str, *, optional: bool) -> tuple[str, ...]:
    """The day-slash, day-month-name and English month-day patterns, with a weekday prefix."""
    cal = config()["calendar"]
    blocks = _calendar_blocks()
    sp = r"[ \t\u00a0]"
    wd = weekday + ("?" if optional else "")
    zone = rf"(?P<tz>{_alternation(cal['zones'])}|[+-]\d{{2}}:?\d{{2}})"
    clock = (
        rf"(?:{sp}*,?{sp}*(?:(?i:{_alternation(cal['time_words'])})\.?{sp}*)?"
        rf"(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?:{sp}*{zone}\b)?)?"
    )
    return (
        rf"{wd}\(?{sp}*(?P<d>\d{{1,2}}){sp}*/{sp}*(?P<m>\d{{1,2}}){sp}*/{sp}*(?P<y>\d{{4}}|\d{{2}})\b"
        rf"{sp}*\)?{clock}",
        rf"{wd}\b(?P<d>\d{{1,2}}){sp}+(?P<mon>{blocks['month']})\.?,?{sp}+(?P<y>\d{{4}})\b{clock}",
        rf"{wd}\b(?P<mon>{blocks['month']})\.?{sp}+(?P<d>\d{{1,2}}),{sp}*(?P<y>\d{{4}})\b{clock}",
    )


@cache
def _date_rules() -> _DateRules:
    """Compile the date patterns from the calendar data once."""
    cfg = config()
    cal = cfg["calendar"]
    sp = r"[ \t\u00a0]"
    parts = _alternation(cal["day_parts"])
    weekday = rf"(?:(?P<wd>{_calendar_blocks()['weekday']})(?:{sp}+(?i:{parts}))?{sp}*,?{sp}*)"
    # A case-sensitive cue is much faster to scan for than the case-insensitive names.
    cue = _alternation({w.capitalize() for w in cal["weekdays"]} | {w.upper() for w in cal["weekdays"]})
    return _DateRules(
        patterns=tuple(re.compile(p) for p in _date_patterns(weekday, optional=True)),
        with_weekday=tuple(re.compile(p) for p in _date_patterns(weekday, optional=False)),
        weekday_cue=re.compile(cue),
        weekdays={k.casefold(): v for k, v in cal["weekdays"].items()},
        months={k.casefold(): v for k, v in cal["months"].items()},
        zones=dict(cal["zones"]),
        default_zone=cal["default_zone"],
        year_min=cfg["thresholds"]["year_min"],
    )


def _offset(tz: str | None, rules: _DateRules) -> timezone:
    """The UTC offset a zone name or "+07:00" stands for (WIB when absent)."""
    if not tz:
        return timezone(timedelta(hours=rules.default_zone))
    if tz in rules.zones:
        return timezone(timedelta(hours=rules.zones[tz]))
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _year(raw: str) -> int:
    """A four-digit year from a two- or four-digit one."""
    year = int(raw)
    if len(raw) == 2:
        year += 2000 if year <= (datetime.now().year % 100) + 1 else 1900
    return year


def _to_iso(m: re.Match[str], rules: _DateRules) -> str | None:
    """The ISO string of a date match, or None when impossible, implausible or inconsistent."""
    parts = m.groupdict()
    month = rules.months.get(parts["mon"].casefold()) if parts.get("mon") else int(parts["m"])
    year = _year(parts["y"])
    if not month or not rules.year_min <= year <= datetime.now().year + 1:
        return None
    try:
        day = date(year, month, int(parts["d"]))
    except ValueError:
        return None
    wd = parts.get("wd")
    if wd and rules.weekdays.get(wd.casefold().replace("’", "'")) not in (None, day.weekday()):
        return None
    if parts.get("H") is None:
        return day.isoformat()
    moment = datetime(year, month, day.day, int(parts["H"]), int(parts["M"]), int(parts["S"] or 0),
                      tzinfo=_offset(parts.get("tz"), rules))
    return moment.isoformat()


def _weekday_dates(text: str, start: int, end: int) -> Iterator[Found]:
    """Valid dates written with a weekday, in text order ("Jumat (28/7/2023)")."""
    rules = _date_rules()
    for cue in rules.weekday_cue.finditer(text, start, end):
        for pattern in rules.with_weekday:
            m = pattern.match(text, cue.start(), end)
            iso = _to_iso(m, rules) if m else None
            if iso:
                yield Found(iso, m.start(), m.end())
                break


def find_date(text: str, *, need_weekday: bool = False, start: int = 0, end: int | None = None
              ) -> Found | None:
    """The first valid date in ``text[start:end]`` (weekday checked when given).

    Args:
        text: text to search.
        need_weekday: accept only dates written with a weekday ("Jumat (28/7/2023)").
        start: where the search starts.
        end: where it ends (default: the end of the text).

    Returns:
        The first date as ISO 8601 (date only, or date-time with its UTC offset), or None.
    """
    end = len(text) if end is None else end
    if need_weekday:
        return next(_weekday_dates(text, start, end), None)
    rules = _date_rules()
    best: Found | None = None
    for pattern in rules.patterns:
        for m in pattern.finditer(text, start, end):
            if best and m.start() >= best.start:
                break
            iso = _to_iso(m, rules)
            if iso:
                best = Found(iso, m.start(), m.end())
                break
    return best


def text_date(text: str) -> Found | None:
    """The publication date guessed from the body: the latest of its first weekday dates.

    Articles date the events they report, usually the day of publication or the day before, so
    the latest of the first few weekday dates (``text_date_candidates`` in meta.toml) is taken.
    """
    n = config()["thresholds"]["text_date_candidates"]
    found = list(islice(_weekday_dates(text, 0, len(text)), n))
    return max(found, key=lambda f: (f.iso[:10], -f.start)) if found else None


def parse_meta_date(value: str | None) -> str | None:
    """An ISO 8601 publication date from a metadata value (ISO or a raw portal string), or None."""
    if not value or not value.strip():
        return None
    value = value.strip()
    m = _ISO.match(value)
    if m:
        return _iso_from_parts(m)
    found = find_date(" ".join(value.split()))
    return found.iso if found else None


def _iso_from_parts(m: re.Match[str]) -> str | None:
    """The ISO string of an ISO-looking metadata date, with WIB as the default zone."""
    rules = _date_rules()
    year, month, day_ = int(m["y"]), int(m["m"]), int(m["d"])
    if not rules.year_min <= year <= datetime.now().year + 1:
        return None
    try:
        if m["H"] is None:
            return date(year, month, day_).isoformat()
        tz = m["tz"]
        zone = _offset(None if tz is None else ("Z" if tz == "Z" else tz), rules)
        return datetime(year, month, day_, int(m["H"]), int(m["M"]), int(m["S"] or 0),
                        tzinfo=zone).isoformat()
    except ValueError:
        return None


def _head_date(text: str, dateline: Dateline | None) -> Found | None:
    """A date in the dateline or in the short head lines above the body."""
    th = config()["thresholds"]
    if dateline:
        found = find_date(text, start=0, end=dateline.end)
        if found:
            return found
    pos = 0
    window = text[: th["head_window"]]
    for line in window.split("\n"):
        stripped = line.strip()
        if dateline and pos >= dateline.start:
            break
        if len(stripped) > th["head_line_max_chars"]:
            break
        if stripped:
            found = find_date(text, start=pos, end=pos + len(line))
            if found:
                return found
        pos += len(line) + 1
    return None


# --- language and quality ------------------------------------------------------------------------


def detect_language(text: str) -> str | None:
    """"id", "en" or None (too short, or neither language's stopwords are common enough).

    Args:
        text: the article body.

    Returns:
        "en" when English stopwords are common and clearly outnumber Indonesian ones, "id" when
        Indonesian ones are at least as common and frequent enough, otherwise None.
    """
    th = config()["thresholds"]
    words = _LETTERS.findall(text[: th["lang_sample_chars"]].lower())
    if len(words) < th["lang_min_words"]:
        return None
    ids, ens = word_list("meta_stopwords_id.txt"), word_list("meta_stopwords_en.txt")
    id_hits = sum(map(ids.__contains__, words))
    en_hits = sum(map(ens.__contains__, words))
    if en_hits >= th["lang_en_min_ratio"] * len(words) and en_hits > th["lang_en_margin"] * id_hits:
        return "en"
    if id_hits >= en_hits and id_hits >= th["lang_id_min_ratio"] * len(words):
        return "id"
    return None


@cache
def _paywall() -> re.Pattern[str]:
    """The paywall patterns as one regex (run on lower-cased text), compiled once."""
    return re.compile("|".join(f"(?:{p})" for p in config()["paywall"]["patterns"]))


def find_paywall(text: str) -> str | None:
    """The paywall, subscription or newsletter stub at the start or end of ``text``, if any."""
    window = config()["paywall"]["window"]
    if len(text) > 2 * window:
        text = text[:window] + "\n" + text[-window:]
    m = _paywall().search(text.lower())
    return text[m.start():m.end()] if m else None


def _check_quality(doc: Document, body: str) -> None:
    """Record empty_body, too_short and paywall warnings."""
    th = config()["thresholds"]
    if not _HAS_LETTER.search(body):
        doc.warn("empty_body", "no article text" + (" after the dateline" if doc.dateline else ""))
    else:
        n_chars, n_words = len(body.strip()), len(body.split())
        if n_chars < th["min_chars"] or n_words < th["min_words"]:
            doc.warn("too_short", f"body has {n_chars} characters and {n_words} words; an article "
                                  f"needs at least {th['min_chars']} and {th['min_words']}")
    # The clean stage may drop a stub as chrome, so the raw text is searched too.
    stub = find_paywall(doc.text) or (find_paywall(doc.raw) if doc.raw != doc.text else None)
    if stub:
        doc.warn("paywall", f"paywall or newsletter stub: {stub!r}")


# --- the stage -----------------------------------------------------------------------------------


def run(doc: Document) -> Document:
    """Set the dateline, publication date, language and quality warnings of ``doc``."""
    text = doc.text
    doc.dateline = find_dateline(text)
    body = text[doc.dateline.end:] if doc.dateline else text

    published = parse_meta_date(doc.meta_date)
    source = "metadata" if published else None
    if not published:
        found = _head_date(text, doc.dateline)
        source = "dateline" if found else None
        if not found:
            found = text_date(text)
            source = "text" if found else None
        published = found.iso if found else None
    doc.published, doc.published_from = published, source

    _check_quality(doc, body)
    doc.language = detect_language(body)
    if doc.language and doc.language != "id":
        doc.warn("not_indonesian", f"the body reads as {doc.language!r}, not Indonesian")
    return doc
