"""The timex stage: time expressions normalised against the publication date (TIMEX3-style).

Every time expression of the clean text gets a type (DATE, TIME, DURATION, SET) and a TIMEX3 value
("2023-07-27", "2023-W30", "P70Y", "2023-07-27TEV", "PRESENT_REF", "XXXX-07-27"). The grammar is
a small set of regular expressions built from the lexicon in ``resources/timex.toml``; candidates
are collected from all of them, overlaps are resolved longest-first, and the survivors are
normalised in text order. Deictic expressions ("kemarin", "pekan lalu", "Kamis (27/7)") are
resolved against the publication date (``doc.published``, the document creation time, DCT);
anaphoric ones ("sehari kemudian", "bulan sebelumnya", "pukul 10.30") against the time last
narrated in the text, as in IndoTimex. A date without a year takes the year that puts it nearest
the DCT, preferring the past unless the tense says otherwise ("akan", "depan"); a weekday given
with a date must agree with it. Without a DCT, deictic values stay underspecified ("XXXX-07-27").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from warta.model import Document
from warta.resources import load_toml

_SP = r"[ \t\u00a0]"
_DASH = r"[-–—─]"
_ZONES = r"WIB|WITA|WIT|BST|GMT|UTC|CET|CEST|EST|EDT|PST|JST|KST"
_HOLD = r"(?:sekitar|sekira|kurang\s+lebih|hampir|lebih\s+dari|kira-kira)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINALS = {"pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4}
_MONTH_CUE = re.compile(r"(?:pada|hingga|sejak|sampai|per|akhir|awal|dan|,)\s*$")


def _alt(words: Any) -> str:
    """A regex alternation of literal words (spaces match any blank), longest first."""
    return "|".join(re.escape(w).replace(r"\ ", _SP + "+") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Lex:
    """The lexicon of timex.toml with the compiled grammar."""

    months: dict[str, int]
    short_months: frozenset[str]
    hijri: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, tuple[str, bool]]
    se_units: dict[str, str]
    vague: dict[str, str]
    refs: dict[str, str]
    days: dict[str, int]
    pods: dict[str, str]
    seasons: dict[str, str]
    mods: dict[str, str]
    rel_dct: dict[str, int]
    rel_ref: dict[str, int]
    future: frozenset[str]
    past: frozenset[str]
    window: int
    year_cues: frozenset[str]
    not_year: frozenset[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    triggers: dict[str, tuple[int, ...]]
    blocked: re.Pattern[str]


def _key(text: str) -> str:
    """A lexicon key: lower-cased, blanks squeezed, curly apostrophe straightened."""
    return " ".join(text.lower().replace("’", "'").split())


@cache
def _lex() -> _Lex:
    """Load timex.toml and compile the grammar once."""
    cfg = load_toml("timex.toml")
    months, hijri, wds = cfg["months"], cfg["hijri_months"], cfg["weekdays"]
    num_words = cfg["numbers"]
    unit_words = list(cfg["units"])
    small = [w for w, n in num_words.items() if n < 10]
    number = (rf"(?:\d+(?:[.,]\d+)?|(?:(?:{_alt(small)}){_SP}+(?:puluh|ratus|belas)"
              rf"(?:{_SP}+(?:{_alt(small)}))?)|{_alt(num_words)})")
    month = rf"(?:{_alt(months)})"
    hmonth = rf"(?:{_alt(hijri)})"
    weekday = rf"(?:{_alt(wds)})"
    pod = rf"(?:{_alt(cfg['parts_of_day'])})"
    unit = rf"(?:{_alt(unit_words)})"
    mod = rf"(?:{_alt(cfg['modifiers'])})"
    rel_dct = cfg["relative"]["dct"]
    rel_ref = cfg["relative"]["ref"]
    rel = rf"(?:{_alt([*rel_dct, *rel_ref])})"
    clock = (rf"(?:{_HOLD}{_SP}+)?(?:pukul|pkl\.?|jam){_SP}*(?P<H>[01]?\d|2[0-4])"
             rf"(?:[.:](?P<M>[0-5]\d))?(?:{_SP}*(?P<zone>{_ZONES})\b)?")
    tail = (rf"(?:{_SP}*,?{_SP}*(?P<pod>{pod})(?:{_SP}+hari)?)?"
            rf"(?:{_SP}*,?{_SP}*(?P<clk>{clock}))?"
            rf"(?:{_SP}+(?P<suf>yang{_SP}+lalu|lalu|kemarin|silam|mendatang|ini|nanti))?")
    wd_pre = (rf"(?P<pre>(?i:tanggal|tgl\.?){_SP}+)?(?:(?P<wd>{weekday}){_SP}*,?{_SP}*"
              rf"(?:(?P<wdpod>{pod}){_SP}*,?{_SP}*)?)?")
    year2 = r"(?P<y>\d{4}|\d{2})"
    i = re.IGNORECASE
    patterns = (
        ("slash", re.compile(
            rf"{wd_pre}\(?{_SP}*(?P<d>\d{{1,2}}){_SP}*/{_SP}*(?P<m>\d{{1,2}})"
            rf"(?:{_SP}*/{_SP}*{year2})?\b{_SP}*\)?{tail}", i)),
        ("dmy", re.compile(
            rf"{wd_pre}\b(?P<d>\d{{1,2}}){_SP}+(?P<mon>{month})\b\.?"
            rf"(?:{_SP}*,?{_SP}*(?P<y>\d{{4}})\b)?{tail}", i)),
        ("mdy", re.compile(
            rf"{wd_pre}\b(?P<mon>{month})\.?{_SP}+(?P<d>\d{{1,2}}),{_SP}*(?P<y>\d{{4}})\b{tail}", i)),
        ("range", re.compile(
            rf"\b(?P<a>\d{{1,2}}){_SP}*(?:{_DASH}|s\.?d\.?|sampai|hingga){_SP}*(?=(?P<d>\d{{1,2}}){_SP}+"
            rf"(?P<mon>{month})\b)", i)),
        ("durrange", re.compile(
            rf"\b(?P<a>\d+){_SP}*(?:{_DASH}){_SP}*(?=\d+{_SP}+(?P<unit>{unit})\b)", i)),
        ("daynum", re.compile(
            rf"\b(?P<pre>tanggal|tgl\.?){_SP}+(?P<d>\d{{1,2}})\b(?!{_SP}*[/.:-]\d)"
            rf"(?:{_SP}+(?P<suf>kemarin|lalu|ini|nanti|depan|mendatang))?", i)),
        ("month", re.compile(
            rf"(?:(?P<mod>{mod}){_SP}+)?(?:(?P<bulan>bulan){_SP}+)?\b(?P<mon>{month})\b\.?"
            rf"(?:{_SP}*,?{_SP}*(?:tahun{_SP}+)?(?P<y>\d{{4}})\b)?"
            rf"(?:{_SP}+(?P<suf>yang{_SP}+lalu|lalu|ini|depan|mendatang|kemarin|sebelumnya|silam"
            rf"|nanti))?", i)),
        ("hijri", re.compile(
            rf"(?:(?P<d>\d{{1,2}}){_SP}+)?(?:(?P<bulan>bulan){_SP}+)?\b(?P<hm>{hmonth})\b"
            rf"(?:{_SP}+(?P<hy>1[34]\d\d)(?:{_SP}*(?:H|Hijriah|Hijriyah)\b)?)?"
            rf"(?:{_SP}+(?P<suf>lalu|ini|depan|mendatang|tahun{_SP}+ini|tahun{_SP}+lalu"
            rf"|tahun{_SP}+depan))?", i)),
        ("year", re.compile(
            rf"(?:(?P<mod>{mod}){_SP}+)?(?:(?P<tahun>tahun){_SP}+)?(?P<y>(?:1[89]|20)\d\d)"
            rf"(?P<decade>{_SP}?-?an)?\b(?!{_SP}*[/.,:]\d)"
            rf"(?:{_SP}+(?P<suf>yang{_SP}+lalu|lalu|ini|silam|mendatang))?", i)),
        ("period", re.compile(
            rf"(?:(?P<mod>{mod}){_SP}+)?(?:(?P<part>semester|kuartal|kwartal|triwulan|caturwulan){_SP}+"
            rf"(?P<ord>pertama|kedua|ketiga|keempat|iv|iii|ii|i|[1-4]){_SP}+)?"
            rf"\b(?P<unit>hari|minggu|pekan|bulan|tahun)\b"
            rf"(?:{_SP}+(?P<rel>{rel})\b)?", i)),
        ("weekday", re.compile(
            rf"\b(?P<hari>hari{_SP}+)?(?P<wd>{weekday})\b(?:{_SP}*,?{_SP}*(?P<pod>{pod})(?:{_SP}+hari)?)?"
            rf"(?:{_SP}+(?P<suf>lalu|depan|ini|kemarin|mendatang|itu|nanti))?", i)),
        ("number", re.compile(
            rf"(?:(?P<hold>{_HOLD}){_SP}+)?\b(?P<n>{number}){_SP}+(?P<unit>{unit})\b(?!-)"
            rf"(?:{_SP}+(?P<rel>yang{_SP}+lalu|lalu|silam|kemudian|sebelumnya|lagi|mendatang|ke{_SP}+depan|"
            rf"berikutnya|terakhir|pertama|kedua|setelahnya|sebelumnya))?", i)),
        ("se", re.compile(
            rf"(?:(?P<hold>{_HOLD}){_SP}+)?\b(?P<se>{_alt(cfg['se_units'])})\b(?!-)"
            rf"(?:{_SP}+(?P<rel>yang{_SP}+lalu|lalu|silam|kemudian|sebelumnya|lagi|mendatang|ke{_SP}+depan|"
            rf"berikutnya|terakhir|setelahnya))?", i)),
        ("vague", re.compile(
            rf"\b(?:(?P<fixed>{_alt(cfg['vague_durations'])})|(?P<q>{_alt(cfg['vague_quantity']['words'])})"
            rf"{_SP}+(?P<unit>{unit}))\b(?!-)"
            rf"(?:{_SP}+(?P<rel>terakhir|lalu|yang{_SP}+lalu|kemudian|silam|lagi))?", i)),
        ("set", re.compile(
            rf"\b(?P<every>setiap|tiap|saban|per){_SP}+(?:(?P<wd>{weekday})|(?P<n>{number}){_SP}+(?P<nunit>{unit})"
            rf"|(?P<unit>hari|minggu|pekan|bulan|tahun|jam|pagi|siang|sore|malam))(?:nya)?\b"
            rf"(?!{_SP}+(?:ini|itu|kemarin|lalu|depan)\b)", i)),
        ("freq", re.compile(
            rf"\b(?P<n>{number}){_SP}+kali{_SP}+(?:(?:dalam{_SP}+)?(?:se|satu{_SP}+)"
            rf"(?P<unit>hari|minggu|pekan|bulan|tahun))\b", i)),
        ("clock", re.compile(rf"{clock}(?:{_SP}+(?P<pod>{pod}))?\b", i)),
        ("days", re.compile(
            rf"\b(?P<day>{_alt(cfg['days'])})\b(?:{_SP}+(?P<pod>{pod}))?", i)),
        ("semalam", re.compile(r"\b(?:semalam|tadi\s+malam)\b", i)),
        ("pod", re.compile(
            rf"\b(?:(?P<pre>tadi|nanti|besok|esok){_SP}+)?(?P<pod>{pod})(?:{_SP}+hari)?"
            rf"(?:{_SP}+(?P<suf>ini|itu|tadi|nanti))?\b", i)),
        ("season", re.compile(
            rf"\b(?P<season>{_alt(cfg['seasons'])})\b(?:{_SP}+(?:(?P<y>\d{{4}})\b|(?P<suf>tahun{_SP}+ini|"
            rf"tahun{_SP}+lalu|tahun{_SP}+depan|ini|lalu|depan|mendatang)\b))?", i)),
        ("ref", re.compile(rf"\b(?P<ref>{_alt(cfg['refs'])})\b", i)),
        ("that", re.compile(rf"\b(?P<unit>hari|bulan|tahun){_SP}+itu\b", i)),
    )
    blocked = re.compile(
        rf"(?i:\b(?:No\.?|Nomor|Nomer|Nmr\.?)){_SP}*[\w./-]*\d[\w./-]*{_SP}+(?i:tahun){_SP}+\d{{4}}"
        rf"|\b\d+/[A-Za-z][\w.-]*/\d{{4}}\b|\b(?i:HUT|Dies\s+Natalis){_SP}+(?i:ke)-?{_SP}*\d+"
        rf"|\bmenit{_SP}+ke-?{_SP}*\d+|\d+(?:[.,]\d+)?{_SP}*(?:km|kilometer|mil|knot|kph)/?{_SP}*(?:per{_SP}+)?jam")
    return _Lex(
        months={_key(k): v for k, v in months.items()},
        short_months=frozenset(cfg["short_months"]["words"]),
        hijri={_key(k): v for k, v in hijri.items()},
        weekdays={_key(k): v for k, v in wds.items()},
        numbers=dict(num_words),
        units={k: (v[0], v[1]) for k, v in cfg["units"].items()},
        se_units=dict(cfg["se_units"]),
        vague={_key(k): v for k, v in cfg["vague_durations"].items()},
        refs={_key(k): v for k, v in cfg["refs"].items()},
        days={_key(k): v for k, v in cfg["days"].items()},
        pods={_key(k): v for k, v in cfg["parts_of_day"].items()},
        seasons={_key(k): v for k, v in cfg["seasons"].items()},
        mods={_key(k): v for k, v in cfg["modifiers"].items()},
        rel_dct={_key(k): v for k, v in rel_dct.items()},
        rel_ref={_key(k): v for k, v in rel_ref.items()},
        future=frozenset(cfg["tense"]["future"]),
        past=frozenset(cfg["tense"]["past"]),
        window=cfg["tense"]["window"],
        year_cues=frozenset(cfg["year_cues"]["words"]),
        not_year=frozenset(cfg["not_year_before"]["words"]),
        patterns=patterns,
        triggers=_triggers(cfg, patterns),
        blocked=blocked,
    )


def _first(word: str) -> str:
    """The first token of a lexicon entry, as the tokenizer of ``_candidates`` sees it."""
    return _key(word).split()[0].split("-")[0].rstrip(".")


def _triggers(cfg: dict[str, Any], patterns: tuple[tuple[str, re.Pattern[str]], ...]
              ) -> dict[str, tuple[int, ...]]:
    """For every first token ("#" stands for a number), the patterns that can start with it."""
    words = {k: {_first(w) for w in cfg[k]} for k in (
        "months", "hijri_months", "weekdays", "numbers", "se_units", "vague_durations", "refs", "days",
        "parts_of_day", "seasons", "modifiers")}
    hold = {"sekitar", "sekira", "kurang", "hampir", "lebih", "kira"}
    date_pre = {"tanggal", "tgl"} | words["weekdays"] | {"#"}
    first: dict[str, set[str]] = {
        "slash": date_pre, "dmy": date_pre, "mdy": date_pre | words["months"], "range": {"#"},
        "durrange": {"#"}, "daynum": {"tanggal", "tgl"},
        "month": words["modifiers"] | {"bulan"} | words["months"],
        "hijri": {"#", "bulan"} | words["hijri_months"], "year": words["modifiers"] | {"tahun", "#"},
        "period": words["modifiers"] | {"semester", "kuartal", "kwartal", "triwulan", "caturwulan", "hari",
                                        "minggu", "pekan", "bulan", "tahun"},
        "weekday": {"hari"} | words["weekdays"], "number": hold | words["numbers"] | {"#"},
        "se": hold | words["se_units"],
        "vague": words["vague_durations"] | {_first(w) for w in cfg["vague_quantity"]["words"]},
        "set": {"setiap", "tiap", "saban", "per"}, "freq": words["numbers"] | {"#"},
        "clock": hold | {"pukul", "pkl", "jam"}, "days": words["days"], "semalam": {"semalam", "tadi"},
        "pod": {"tadi", "nanti", "besok", "esok"} | words["parts_of_day"], "season": {"musim"},
        "ref": words["refs"], "that": {"hari", "bulan", "tahun"},
    }
    table: dict[str, list[int]] = {}
    for rank, (name, _) in enumerate(patterns):
        for word in first[name]:
            table.setdefault(word, []).append(rank)
    return {k: tuple(v) for k, v in table.items()}


# --- numbers and calendar helpers -----------------------------------------------------------------


def parse_number(text: str) -> float | None:
    """The value of a digit string ("1,5") or Indonesian number words ("dua puluh lima")."""
    text = _key(text)
    if text[:1].isdigit():
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return None
    lex = _lex()
    total, current = 0, 0
    for word in text.split():
        if word in lex.numbers:
            current += lex.numbers[word]
        elif word == "belas":
            current += 10
        elif word == "puluh":
            current *= 10
        elif word == "ratus":
            current *= 100
        else:
            return None
    return float(total + current)


def _num(value: float) -> str:
    """A count as it appears in a TIMEX3 value ("3", "1.5")."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The (year, month) ``delta`` months away."""
    n = year * 12 + month - 1 + delta
    return n // 12, n % 12 + 1


def _add(day: date, unit: str, n: int) -> date:
    """A date moved by ``n`` calendar units (Y, M, W, D)."""
    if unit == "D":
        return day + timedelta(days=n)
    if unit == "W":
        return day + timedelta(weeks=n)
    months = n * 12 if unit == "Y" else n
    y, m = _shift_month(day.year, day.month, months)
    for d in (day.day, 30, 29, 28):
        try:
            return date(y, m, d)
        except ValueError:
            continue
    return date(y, m, 28)


def _week(day: date) -> str:
    """The ISO week of a date ("2023-W30")."""
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def _hijri_start(year: int, month: int) -> date:
    """The Gregorian date on which a Hijri month begins (tabular Islamic calendar)."""
    jdn = 1 + (29 * (month - 1) + (6 * (month - 1) + 5) // 11) + (year - 1) * 354 \
        + (3 + 11 * year) // 30 + 1948439
    return date.fromordinal(jdn - 1721425)


def _hijri_year_near(day: date) -> int:
    """The Hijri year in progress on a Gregorian date."""
    guess = int((day.year - 622) * 33 / 32) + 1
    while _hijri_start(guess + 1, 1) <= day:
        guess += 1
    while _hijri_start(guess, 1) > day:
        guess -= 1
    return guess


@dataclass(frozen=True, slots=True)
class Point:
    """A resolved calendar point and its granularity: "Y", "M" or "D"."""

    day: date
    grain: str

    def value(self) -> str:
        """The TIMEX3 value at this granularity."""
        if self.grain == "Y":
            return f"{self.day.year:04d}"
        if self.grain == "M":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()


# --- the context of one document ------------------------------------------------------------------


@dataclass(slots=True)
class _Ctx:
    """Per-document state: the text, the DCT and the time last narrated."""

    text: str
    dct: date | None
    ref: Point | None
    ref_day: date | None
    ref_explicit: bool = False


def _dct(published: str | None) -> date | None:
    """The publication date as a date, or None."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _tense(ctx: _Ctx, start: int, own: str = "") -> int:
    """2/-2 for the expression's own future/past word, 1/-1 for a cue just before it, else 0."""
    lex = _lex()
    own_words = set(_key(own).split())
    if own_words & {"depan", "mendatang", "nanti"}:
        return 2
    if own_words & {"lalu", "kemarin", "silam"}:
        return -2
    left = ctx.text[max(0, start - lex.window):start]
    cut = max(left.rfind(". "), left.rfind("\n"))
    words = re.findall(r"[a-z]+", left[cut + 1:].lower())
    for word in reversed(words):
        if word in lex.future:
            return 1
        if word in lex.past:
            return -1
    return 0


def _pick(cands: list[date], anchor: date, tense: int) -> date:
    """The candidate nearest the anchor, preferring the past (or the future when tense is > 0).

    A tense of -2 or 2 (the expression's own "lalu", "depan") keeps only past or future candidates.
    """
    if tense == -2:
        cands = [d for d in cands if d <= anchor] or cands
    elif tense == 2:
        cands = [d for d in cands if d > anchor] or cands
    def cost(d: date) -> float:
        gap = (d - anchor).days
        if tense > 0:
            return -gap * 3 if gap < 0 else gap
        if tense < 0:
            return gap * 3 if gap > 0 else -gap
        return gap * 2 if gap > 0 else -gap
    return min(cands, key=cost)


@dataclass(frozen=True, slots=True)
class _Found(Point):
    """A resolved point with the value it was resolved against."""

    anchor: str | None = None


def _resolve_md(ctx: _Ctx, month: int, day: int | None, weekday: int | None, tense: int) -> _Found | None:
    """A month (and day) without a year placed near the DCT; None when no DCT or impossible."""
    if ctx.dct is None:
        return None
    if ctx.ref_explicit and ctx.ref and ctx.ref.day.year != ctx.dct.year and weekday is None:
        # In a narrative of another year ("Pada bulan April 2014 ... Pada bulan Desember"),
        # a date without a year continues that year.
        try:
            return _Found(date(ctx.ref.day.year, month, day or 1), "D" if day else "M", ctx.ref.value())
        except ValueError:
            return None
    cands = []
    for year in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        try:
            cand = date(year, month, day or 1)
        except ValueError:
            continue
        if weekday is None or cand.weekday() == weekday:
            cands.append(cand)
    if not cands and weekday is not None:
        return _resolve_md(ctx, month, day, None, tense)
    if not cands:
        return None
    anchor = ctx.dct if day else ctx.dct.replace(day=1)
    return _Found(_pick(cands, anchor, tense), "D" if day else "M", ctx.dct.isoformat())


def _resolve_weekday(anchor: date, weekday: int, tense: int, suffix: str) -> date:
    """The date of a weekday near the anchor: this week's, the last one, or the next one."""
    back = (anchor.weekday() - weekday) % 7
    if suffix in ("lalu", "kemarin"):
        return anchor - timedelta(days=back or 7)
    if suffix in ("depan", "mendatang", "nanti"):
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    if tense > 0:
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=back)


# --- normalisers, one per pattern -----------------------------------------------------------------

Result = dict[str, Any]


def _out(kind: str, value: str, anchor: str | None = None, **extra: Any) -> Result:
    """A normalised expression without its offsets."""
    return {"type": kind, "value": value, "anchor": anchor, **{k: v for k, v in extra.items() if v}}


def _with_time(point: str, m: re.Match[str], lex: _Lex) -> Result:
    """A DATE, or a TIME when a part of day or a clock time is attached."""
    g = m.groupdict()
    if g.get("clk") and g.get("H") is not None:
        hour = int(g["H"])
        hour = hour + 12 if hour < 12 and _key(g.get("pod") or "") in ("sore", "malam", "petang") else hour
        return _out("TIME", f"{point}T{hour % 24:02d}:{int(g.get('M') or 0):02d}")
    pod = g.get("pod") or g.get("wdpod")
    if pod:
        return _out("TIME", f"{point}T{lex.pods[_key(pod)]}")
    return _out("DATE", point)


def _full_date(m: re.Match[str], ctx: _Ctx, lex: _Lex, name: str) -> Result | None:
    """Slash dates and day-month(-year) dates, with weekday check, part of day and clock."""
    g = m.groupdict()
    if name == "slash":
        if not g.get("wd") and not g.get("y"):
            return None
        month = int(g["m"])
    else:
        mon = _key(g["mon"])
        if mon in lex.short_months and not g["mon"][:1].isupper():
            return None
        month = lex.months[mon]
    day, weekday = int(g["d"]), None
    if g.get("wd"):
        if _key(g["wd"]) == "minggu" and not g["wd"][:1].isupper():
            return None
        weekday = lex.weekdays[_key(g["wd"])]
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if g.get("y"):
        year = int(g["y"]) + (2000 if len(g["y"]) == 2 else 0)
        try:
            point = Point(date(year, month, day), "D")
        except ValueError:
            return _out("DATE", f"{year:04d}-{month:02d}")
        anchor, explicit = None, True
    else:
        found = _resolve_md(ctx, month, day, weekday, _tense(ctx, m.start(), g.get("suf") or ""))
        if found is None:
            return _out("DATE", f"XXXX-{month:02d}-{day:02d}")
        point, anchor, explicit = found, found.anchor, False
    _narrate(ctx, point, explicit=explicit)
    res = _with_time(point.value(), m, lex)
    res["anchor"] = anchor
    return res


def _narrate(ctx: _Ctx, point: Point, *, explicit: bool = False) -> None:
    """Make a resolved point the time last narrated (``explicit``: its year was written)."""
    ctx.ref = point
    ctx.ref_explicit = explicit
    if point.grain == "D":
        ctx.ref_day = point.day


def _month(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """Month names: "Juli", "bulan Maret lalu", "Januari 2025", "awal Juni"."""
    g = m.groupdict()
    raw, mon = g["mon"], _key(g["mon"])
    if not raw[:1].isupper() and not g.get("bulan"):
        return None
    if mon in lex.short_months and not g.get("y"):
        return None
    if mon == "mei" and not (g.get("bulan") or g.get("y") or g.get("mod") or g.get("suf")) \
            and not _MONTH_CUE.search(ctx.text[max(0, m.start() - 12):m.start()].lower()):
        return None
    month = lex.months[mon]
    mod = lex.mods.get(_key(g.get("mod") or ""))
    suf = _key(g.get("suf") or "")
    explicit = bool(g.get("y"))
    if g.get("y"):
        point, anchor = Point(date(int(g["y"]), month, 1), "M"), None
    elif suf == "sebelumnya" and ctx.ref:
        cands = [date(y, month, 1) for y in (ctx.ref.day.year - 1, ctx.ref.day.year)]
        point, anchor = Point(max(c for c in cands if c <= ctx.ref.day.replace(day=1)), "M"), ctx.ref.value()
    else:
        found = _resolve_md(ctx, month, None, None, _tense(ctx, m.start(), suf))
        if found is None:
            return _out("DATE", f"XXXX-{month:02d}", mod=mod)
        point, anchor = found, found.anchor
    same = ctx.ref is not None and (ctx.ref.day.year, ctx.ref.day.month) == (point.day.year, month)
    if ctx.ref is None or ctx.ref.grain != "D" or not same:
        _narrate(ctx, point, explicit=explicit)
    return _out("DATE", point.value(), anchor, mod=mod)


def _hijri(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """Hijri months ("Ramadan", "1 Syawal 1446 H"), as the Gregorian month (or day) they start."""
    g = m.groupdict()
    if not g["hm"][:1].isupper():
        return None
    month = lex.hijri[_key(g["hm"])]
    if g.get("hy"):
        hyear, anchor = int(g["hy"]), None
    elif ctx.dct is None:
        return _out("DATE", "XXXX-XX" if not g.get("d") else "XXXX-XX-XX")
    else:
        now = _hijri_year_near(ctx.dct)
        suf = _key(g.get("suf") or "")
        tense = _tense(ctx, m.start(), suf)
        cands = [_hijri_start(y, month) for y in (now - 1, now, now + 1)]
        start = _pick(cands, ctx.dct, tense)
        hyear, anchor = now - 1 + cands.index(start), ctx.dct.isoformat()
    start = _hijri_start(hyear, month)
    if g.get("d"):
        return _out("DATE", (start + timedelta(days=int(g["d"]) - 1)).isoformat(), anchor)
    return _out("DATE", f"{start.year:04d}-{start.month:02d}", anchor)


def _year_context(text: str, start: int, end: int, lex: _Lex) -> bool:
    """Whether a bare four-digit number reads as a year (a cue word before, or closing punctuation)."""
    before = text[max(0, start - 25):start]
    if before[-1:] in "./" or before[-1:].isdigit():
        return False
    words = before.split()
    prev = words[-1] if words else ""
    low = prev.lower().strip("(")
    if low in lex.not_year or low.rstrip(".") in lex.not_year:
        return False
    if low.strip(",.") in lex.year_cues or prev.endswith((",", "-", "–")):
        return True
    if prev[:1].isupper() or before[-1:] == "(":
        return False
    after = text[end:end + 3]
    return not after.strip() or after[:1] in ",.;)\"'”?!:"


def _year(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """Years: "tahun 2007", "2024 lalu", "sejak 2019", "awal 2024", "1990-an"."""
    g = m.groupdict()
    if not (g.get("tahun") or g.get("mod")) and not _year_context(ctx.text, m.start("y"), m.end("y"), lex):
        return None
    year = int(g["y"])
    if g.get("decade"):
        return _out("DATE", f"{year // 10:03d}")
    point = Point(date(year, 1, 1), "Y")
    if ctx.ref is None or ctx.ref.day.year != year:
        _narrate(ctx, point, explicit=True)
    return _out("DATE", point.value(), mod=lex.mods.get(_key(g.get("mod") or "")))


def _period(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """Deictic and anaphoric periods: "pekan lalu", "tahun depan", "akhir bulan ini", "semester kedua"."""
    g = m.groupdict()
    unit, rel = _key(g.get("unit") or ""), _key(g.get("rel") or "")
    mod = lex.mods.get(_key(g.get("mod") or ""))
    part = _key(g.get("part") or "")
    if not unit or (not rel and not mod and not part):
        return None
    if not rel and unit in ("hari", "minggu", "pekan") or rel == "itu":
        return None
    if unit == "minggu" and g["unit"][:1].isupper() and not rel:
        return None
    if rel in lex.rel_ref:
        base, anchor_pt = (ctx.ref.day, ctx.ref) if ctx.ref else (ctx.dct, None)
        step = lex.rel_ref[rel]
    else:
        base, anchor_pt, step = ctx.dct, None, lex.rel_dct.get(rel, 0)
    anchor = anchor_pt.value() if anchor_pt else (ctx.dct.isoformat() if ctx.dct else None)
    if part and unit == "tahun":
        n = _ORDINALS.get(_key(g["ord"])) or _ROMAN.get(_key(g["ord"])) or int(g["ord"])
        letter = {"semester": "H", "kuartal": "Q", "kwartal": "Q", "triwulan": "Q", "caturwulan": "T"}[part]
        year = f"{base.year + step:04d}" if base else "XXXX"
        return _out("DATE", f"{year}-{letter}{n}", anchor, mod=mod)
    if part:
        return None
    if base is None:
        blank = {"hari": "XXXX-XX-XX", "minggu": "XXXX-WXX", "pekan": "XXXX-WXX", "bulan": "XXXX-XX",
                 "tahun": "XXXX"}
        return _out("DATE", blank[unit], mod=mod)
    letter = {"hari": "D", "minggu": "W", "pekan": "W", "bulan": "M", "tahun": "Y"}[unit]
    if anchor_pt and anchor_pt.grain == "Y" and letter != "Y":
        return None
    moved = _add(base, letter, step)
    if letter == "W":
        value = _week(moved)
    else:
        value = Point(moved, {"D": "D", "M": "M", "Y": "Y"}[letter]).value()
        if letter == "D" or rel in lex.rel_ref:
            _narrate(ctx, Point(moved, letter))
    return _out("DATE", value, anchor, mod=mod)


def _weekday(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """Bare weekdays: "Senin lalu", "hari Minggu", "Rabu malam", "Minggu pagi itu"."""
    g = m.groupdict()
    raw, suf = g["wd"], _key(g.get("suf") or "")
    if not raw[:1].isupper() and not g.get("hari"):
        return None
    if _key(raw) == "minggu" and not (g.get("hari") or g.get("pod")
                                      or suf in ("lalu", "kemarin", "itu", "nanti")
                                      or re.search(r"(?:pada|hingga|sejak|sampai|setiap|tiap|,)\s*$",
                                                   ctx.text[max(0, m.start() - 10):m.start()].lower())):
        return None
    weekday = lex.weekdays[_key(raw)]
    if suf == "itu" and ctx.ref_day:
        anchor = ctx.ref_day
    elif ctx.dct:
        anchor = ctx.dct
    else:
        return _with_time("XXXX-XX-XX", m, lex)
    day = _resolve_weekday(anchor, weekday, _tense(ctx, m.start(), suf), suf)
    _narrate(ctx, Point(day, "D"))
    res = _with_time(day.isoformat(), m, lex)
    res["anchor"] = anchor.isoformat()
    return res


def _duration_value(n: float | None, unit: str, lex: _Lex) -> str:
    """A TIMEX3 duration ("P3M", "PT2H", "PXY") of ``n`` units."""
    letter, clock = lex.units[_key(unit)]
    count = "X" if n is None else _num(n)
    if letter[:-1].isdigit():
        count = "X" if n is None else _num(n * int(letter[:-1]))
        letter = letter[-1]
    return f"PT{count}{letter}" if clock else f"P{count}{letter}"


def _counted(m: re.Match[str], ctx: _Ctx, lex: _Lex, n: float | None, unit: str) -> Result | None:
    """"N unit" as a duration, or as a date with "lalu", "kemudian", "lagi"."""
    rel = _key(m.groupdict().get("rel") or "")
    letter, clock = lex.units[_key(unit)]
    if rel in ("", "terakhir", "pertama", "kedua", "ke depan"):
        return _out("DURATION", _duration_value(n, unit, lex))
    if n is None:
        past = rel in ("lalu", "yang lalu", "silam", "sebelumnya")
        return _out("DATE", "PAST_REF" if past else "FUTURE_REF")
    if clock or letter[:-1].isdigit() or n != int(n):
        return _out("DURATION", _duration_value(n, unit, lex))
    step = int(n) * (-1 if rel in ("lalu", "yang lalu", "silam", "sebelumnya") else 1)
    use_ref = rel in ("kemudian", "sebelumnya", "berikutnya", "setelahnya")
    base_pt = ctx.ref if use_ref and ctx.ref else (Point(ctx.dct, "D") if ctx.dct else None)
    if base_pt is None:
        return _out("DATE", {"Y": "XXXX", "M": "XXXX-XX"}.get(letter, "XXXX-XX-XX"))
    moved = _add(base_pt.day, letter, step)
    grain = base_pt.grain if use_ref else ("D" if letter in ("D", "W") else letter)
    if letter == "Y" and grain == "D" and not use_ref:
        grain = "Y"
    point = Point(moved, grain if grain in ("Y", "M", "D") else "D")
    _narrate(ctx, point)
    return _out("DATE", point.value(), base_pt.value())


def _number(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """"tiga bulan", "70 tahun", "2 hari lalu", "Sebulan kemudian"."""
    g = m.groupdict()
    if g.get("se"):
        n, unit = 1.0, lex.se_units[_key(g["se"])]
    else:
        n, unit = parse_number(g["n"]), g["unit"]
        if n is None:
            return None
        if _key(unit) == "tahun" and re.match(rf"{_SP}+\d{{4}}\b", ctx.text[m.end("unit"):m.end("unit") + 6]):
            return None
        after = ctx.text[m.end("unit"):m.end("unit") + 12].split()
        if _key(unit) == "bulan" and after and _key(after[0]).strip(".,") in lex.months:
            return None
        if re.search(r"\bke-?\s*$", ctx.text[max(0, m.start() - 4):m.start()].lower()):
            return None
    return _counted(m, ctx, lex, n, unit)


def _vague(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """"beberapa hari terakhir", "bertahun-tahun", "sejenak"."""
    g = m.groupdict()
    if g.get("fixed"):
        return _out("DURATION", lex.vague[_key(g["fixed"])])
    return _counted(m, ctx, lex, None, g["unit"])


def _set(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """"setiap Senin", "setiap tahun", "per bulan", "tiap 2 minggu"."""
    g = m.groupdict()
    quant = _key(g["every"]).upper()
    if g.get("wd"):
        return _out("SET", f"XXXX-WXX-{lex.weekdays[_key(g['wd'])] + 1}", quant=quant)
    if g.get("nunit"):
        n = parse_number(g["n"])
        return _out("SET", _duration_value(n, g["nunit"], lex), quant=quant) if n else None
    unit = _key(g["unit"])
    if unit in lex.pods:
        return _out("SET", f"TXXX-XX-XXT{lex.pods[unit]}", quant=quant)
    return _out("SET", _duration_value(1, unit, lex), quant=quant)


def _freq(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """"dua kali sehari" as a SET with a frequency."""
    n = parse_number(m["n"])
    return _out("SET", _duration_value(1, m["unit"], lex), freq=f"{_num(n)}X") if n else None


def _clock(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """"pukul 10.30 WIB", "sekitar pukul 06.14", "jam 7 malam" on the day last narrated."""
    g = m.groupdict()
    bare = g.get("M") is None and not g.get("pod") and not g.get("zone")
    if m.group(0).lower().lstrip().startswith("jam") and bare:
        return None
    day = ctx.ref_day or ctx.dct
    point = day.isoformat() if day else "XXXX-XX-XX"
    hour = int(g["H"])
    if g.get("pod") and hour < 12 and _key(g["pod"]) in ("sore", "malam", "petang"):
        hour += 12
    value = f"{point}T{hour % 24:02d}:{int(g.get('M') or 0):02d}"
    return _out("TIME", value, day.isoformat() if day else None)


def _days(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """"kemarin", "besok", "hari ini", "kemarin sore"."""
    g = m.groupdict()
    if ctx.dct is None:
        return _with_time("XXXX-XX-XX", m, lex)
    day = ctx.dct + timedelta(days=lex.days[_key(g["day"])])
    _narrate(ctx, Point(day, "D"))
    res = _with_time(day.isoformat(), m, lex)
    res["anchor"] = ctx.dct.isoformat()
    return res


def _pod(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """Parts of day alone: "pagi ini", "malam itu", "pada malam hari", "besok pagi"."""
    g = m.groupdict()
    pre, suf = _key(g.get("pre") or ""), _key(g.get("suf") or "")
    before = ctx.text[max(0, m.start() - 12):m.start()].lower()
    cue = re.search(r"(?:pada|sejak|hingga|sampai|menjelang|jelang|di)\s+$", before)
    if not (pre or suf or cue or m.group(0).lower().endswith("hari")):
        return None
    if pre in ("besok", "esok") or pre == "nanti" and suf != "itu":
        base = ctx.dct + timedelta(days=1) if pre in ("besok", "esok") and ctx.dct else ctx.dct
    elif suf == "itu" or (not pre and suf != "ini"):
        base = ctx.ref_day or ctx.dct
    else:
        base = ctx.dct
    point = base.isoformat() if base else "XXXX-XX-XX"
    return _out("TIME", f"{point}T{lex.pods[_key(g['pod'])]}", base.isoformat() if base else None)


def _semalam(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """"semalam", "tadi malam": the evening before the DCT."""
    if m.group(0).lower() == "semalam" and re.match(r"\s+(?:suntuk|penuh)", ctx.text[m.end():m.end() + 8]):
        return _out("DURATION", "P1D")
    if ctx.dct is None:
        return _out("TIME", "XXXX-XX-XXTEV")
    day = ctx.dct - timedelta(days=1)
    return _out("TIME", f"{day.isoformat()}TEV", ctx.dct.isoformat())


def _season(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """"musim panas 2016", "musim hujan", "musim panas ini"."""
    g = m.groupdict()
    code = lex.seasons[_key(g["season"])]
    if g.get("y"):
        _narrate(ctx, Point(date(int(g["y"]), 1, 1), "Y"), explicit=True)
        return _out("DATE", f"{g['y']}-{code}")
    if ctx.dct is None:
        return _out("DATE", f"XXXX-{code}")
    suf = _key(g.get("suf") or "")
    step = -1 if "lalu" in suf else 1 if ("depan" in suf or "mendatang" in suf) else 0
    return _out("DATE", f"{ctx.dct.year + step}-{code}", ctx.dct.isoformat())


def _ref(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """"saat ini", "kini", "saat itu", "dulu", "nantinya"."""
    word = _key(m["ref"])
    before = ctx.text[max(0, m.start() - 10):m.start()].lower()
    if word in ("dulu", "dahulu") and re.search(r"(?:lebih|terlebih|ter)\s*$", before):
        return None
    if word == "sekarang" and re.search(r"(?:hingga|sampai)\s+$", before):
        return _out("DATE", "PRESENT_REF")
    return _out("DATE", lex.refs[word])


def _that(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """"hari itu", "tahun itu": the time last narrated."""
    if ctx.ref is None:
        return None
    unit = _key(m["unit"])
    grain = {"hari": "D", "bulan": "M", "tahun": "Y"}[unit]
    if unit == "hari" and ctx.ref_day is None:
        return None
    day = ctx.ref_day if grain == "D" else ctx.ref.day
    return _out("DATE", Point(day, grain).value(), ctx.ref.value())


def _range(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """The first day of a range ("2" in "2-5 Juni 2025"); its month and year come from the second."""
    return {"type": "DATE", "value": None, "anchor": None, "pending": "range"}


def _durrange(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """The first number of a duration range ("2" in "2-3 menit")."""
    n = parse_number(m["a"])
    return _out("DURATION", _duration_value(n, m["unit"], lex)) if n is not None else None


def _daynum(m: re.Match[str], ctx: _Ctx, lex: _Lex) -> Result | None:
    """"tanggal 24 kemarin": a day of the current or last month."""
    day = int(m["d"])
    if not 1 <= day <= 31:
        return None
    if ctx.ref_day and ctx.ref_day.day >= day:
        base = ctx.ref_day
    elif ctx.dct:
        base = ctx.dct
    else:
        return _out("DATE", f"XXXX-XX-{day:02d}")
    tense = _tense(ctx, m.start(), m.group(0))
    cands = []
    for delta in (-1, 0, 1):
        y, mo = _shift_month(base.year, base.month, delta)
        try:
            cands.append(date(y, mo, day))
        except ValueError:
            continue
    return _out("DATE", _pick(cands, base, tense).isoformat(), base.isoformat())


_HANDLERS = {
    "slash": lambda m, c, lx: _full_date(m, c, lx, "slash"),
    "dmy": lambda m, c, lx: _full_date(m, c, lx, "dmy"),
    "mdy": lambda m, c, lx: _full_date(m, c, lx, "mdy"),
    "range": _range, "durrange": _durrange, "daynum": _daynum, "month": _month, "hijri": _hijri,
    "year": _year, "period": _period, "weekday": _weekday, "number": _number, "se": _number,
    "vague": _vague, "set": _set, "freq": _freq, "clock": _clock, "days": _days, "pod": _pod,
    "semalam": _semalam, "season": _season, "ref": _ref, "that": _that,
}


# --- the stage ------------------------------------------------------------------------------------


_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _candidates(text: str, lex: _Lex) -> list[tuple[int, int, int, str, re.Match[str]]]:
    """Matches of the patterns that can start at each word (outside blocked zones)."""
    blocked = [m.span() for m in lex.blocked.finditer(text)]
    found = []
    seen: set[tuple[int, int]] = set()
    for tok in _TOKEN.finditer(text):
        word = tok.group(0)
        key = "#" if word[:1].isdigit() else word.lower().replace("’", "'")
        ranks = lex.triggers.get(key)
        if not ranks:
            continue
        pos = tok.start()
        starts = (pos,)
        for rank in ranks:
            name, pattern = lex.patterns[rank]
            for at in starts:
                if (rank, at) in seen:
                    continue
                seen.add((rank, at))
                m = pattern.match(text, at)
                if not m:
                    continue
                start, end = m.span("a") if name in ("range", "durrange") else m.span()
                while end > start and text[end - 1] in " \t\u00a0,.":
                    end -= 1
                if text[end - 1:end] == ")" and "(" not in text[start:end]:
                    end -= 1
                if end <= start or not text[start].strip():
                    continue
                if any(b0 < end and start < b1 for b0, b1 in blocked):
                    continue
                found.append((start, end, rank, name, m))
    return found


def find_timexes(text: str, published: str | None) -> list[dict[str, Any]]:
    """The time expressions of ``text``, normalised against the publication date.

    Args:
        text: the clean article text.
        published: the publication date (ISO date or date-time), or None.

    Returns:
        Sorted, non-overlapping dicts with ``start``, ``end``, ``text``, ``type``, ``value``,
        ``anchor`` (the time the value was resolved against, or None) and optional ``mod``,
        ``quant`` and ``freq``.
    """
    lex = _lex()
    dct = _dct(published)
    ctx = _Ctx(text=text, dct=dct, ref=None, ref_day=None)
    cands = sorted(_candidates(text, lex), key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    out: list[dict[str, Any]] = []
    taken_end = -1
    for start, end, _rank, name, m in cands:
        if start < taken_end:
            continue
        res = _HANDLERS[name](m, ctx, lex)
        if res is None:
            continue
        out.append({"start": start, "end": end, "text": text[start:end], **res})
        taken_end = end
    _fill_ranges(out)
    return out


def _fill_ranges(out: list[dict[str, Any]]) -> None:
    """Give the first day of a day range the month and year of the date after it."""
    for i, item in enumerate(out):
        if item.pop("pending", None) != "range":
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        day = int(item["text"])
        if nxt and nxt["type"] == "DATE" and re.match(r"^(\d{4}|XXXX)-\d\d-\d\d$", nxt["value"] or ""):
            item["value"] = f"{nxt['value'][:8]}{day:02d}"
            item["anchor"] = nxt.get("anchor")
        else:
            item["value"] = f"XXXX-XX-{day:02d}"


def run(doc: Document) -> Document:
    """Fill ``doc.timexes`` with the normalised time expressions of the clean text."""
    doc.timexes = find_timexes(doc.text, doc.published)
    return doc
