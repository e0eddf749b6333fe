"""Article extraction from HTML pages: DOM pre-pruning, trafilatura, and line post-processing.

The portal rules (article-body containers, chrome blocks, chrome lines, date elements) are data
in ``resources/html_portals.json``. The flow for one page:

1. parse with lxml (malformed input yields an empty body, never an exception);
2. read metadata: url (argument, canonical, og:url), source domain, title, date, language;
3. prune chrome: the generic and the portal's drop selectors, elements whose class or id names a
   chrome block (related news, share bars, captions, credits...), link-dense lists;
4. wrap loose text (``text<br><br>text`` bodies) into paragraphs;
5. take the body from the portal's body container when one matches, else from trafilatura
   (``favor_precision=True``) over the pruned page;
6. drop chrome lines (``Baca juga: ...``, ``Editor: ...``, ``(ant/xyz)``, copyright lines).
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura

log = logging.getLogger(__name__)

RESOURCE = "html_portals.json"

# Tags whose content is never article text.
_SKIP_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "form", "input", "select", "option", "button", "textarea",
    "svg", "canvas", "object", "embed", "video", "audio", "ins", "nav", "footer", "head", "title",
    "meta", "link", "img", "figcaption",
})
# Tags that start and end a paragraph when rendering a body container.
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "aside", "header", "blockquote", "center", "ul", "ol", "li",
    "dl", "dt", "dd", "table", "tr", "td", "th", "tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "figure", "main", "address", "hr", "br",
})
# Inline tags that may be wrapped, with loose text, into a new paragraph.
_INLINE_TAGS = frozenset({
    "a", "b", "strong", "i", "em", "u", "span", "font", "small", "big", "sup", "sub", "abbr", "q",
    "cite", "mark", "s", "strike", "del", "ins", "code", "tt", "time", "label",
})
_WRAP_PARENTS = frozenset({"div", "td", "section", "article", "center", "main", "span", "font"})

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_CLASS_SPLIT = re.compile(r"[\s_\-]+")
_SELECTOR_PART = re.compile(r"^(?P<tag>[a-z0-9*]+)?(?P<rest>(?:[#.][\w\-]+)*)$", re.IGNORECASE)

_MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "pebruari": 2, "feb": 2,
    "peb": 2, "maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "agustus": 8, "august": 8,
    "agu": 8, "agt": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "october": 10,
    "okt": 10, "oct": 10, "november": 11, "nopember": 11, "nov": 11, "desember": 12,
    "december": 12, "des": 12, "dec": 12,
}
_ZONES = {"wib": "+07:00", "wita": "+08:00", "wit": "+09:00"}
_TEXT_DATE = re.compile(
    r"(?P<d>\d{1,2})\s*(?:(?P<m>[a-z]{3,9})\.?\s+|[/\-.](?P<mn>\d{1,2})[/\-.])(?P<y>\d{4})"
    r"(?:[\s,|\-]+(?:pukul\s+)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<z>wib|wita|wit)?)?",
    re.IGNORECASE,
)
_PRINTED_ADDRESS = re.compile(r"(?:https?://|www\.|\S+@\S+\.\w+)", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
_ID_WORDS = frozenset({"yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "tidak", "akan"})
_EN_WORDS = frozenset({"the", "and", "of", "to", "is", "that", "with", "for", "from", "was"})
_DOMAIN = re.compile(r"(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|co\.id|id|co|net|org)")
_IMAGE_URL = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|ico)(?:\?|$)", re.IGNORECASE)
_URL_DATE = re.compile(r"/(?P<y>20\d{2}|19\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/")
_SECOND_LEVEL = frozenset({"co", "ac", "or", "go", "web", "my", "sch", "net", "com", "org", "mil"})


@dataclass(slots=True)
class Extracted:
    """What an HTML page yields: body text (paragraphs on their own lines) and metadata."""

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class PortalRules:
    """The selectors and line patterns that apply to one page (generic plus its portal's)."""

    key: str | None
    body: tuple[str, ...]
    drop: tuple[str, ...]
    drop_tokens: frozenset[str]
    keep_tokens: frozenset[str]
    drop_lines: tuple[re.Pattern[str], ...]
    date: tuple[str, ...]
    naive_meta_dates_are_local: bool


def extract(html: str, *, url: str | None = None) -> Extracted:
    """Extract the article body and metadata from one HTML page.

    Args:
        html: the whole page as text.
        url: the page address when known (else it is read from canonical/og:url links).

    Returns:
        An Extracted whose ``text`` is empty when no article body was found.
    """
    tree = _parse(html)
    if tree is None:
        return Extracted(text="", url=url, source=domain_of(url))
    page_url = url or _page_url(tree)
    rules = rules_for(_portal_hint(tree, page_url))
    title = _title(tree, source=domain_of(page_url))
    date = _date(tree, url=page_url, rules=rules)
    source = rules.key or domain_of(page_url) or _site_name_domain(tree)
    _prune(tree, rules)
    _wrap_loose_text(tree)
    text = _choose_body(_body_from_container(tree, rules), _body_from_trafilatura(tree, url=page_url))
    text = clean_lines(text, rules=rules, title=title)
    language = _language(tree, text)
    return Extracted(text=text, title=title, date=date, url=page_url, source=source, language=language)


# --- rules -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _resource() -> dict[str, Any]:
    """The portal rules file, loaded once."""
    return json.loads(files("warta").joinpath("resources", RESOURCE).read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def rules_for(domain: str | None) -> PortalRules:
    """The generic rules merged with those of the portal serving ``domain`` (if any)."""
    data = _resource()
    generic = data["generic"]
    key, portal = _find_portal(domain, data["portals"])
    return PortalRules(
        key=key,
        body=tuple(portal.get("body", [])),
        drop=tuple(generic.get("drop", []) + portal.get("drop", [])),
        drop_tokens=frozenset(generic.get("drop_tokens", []) + portal.get("drop_tokens", [])),
        keep_tokens=frozenset(generic.get("keep_tokens", []) + portal.get("keep_tokens", [])),
        drop_lines=tuple(
            re.compile(p, re.IGNORECASE) for p in generic.get("drop_lines", []) + portal.get("drop_lines", [])
        ),
        date=tuple(portal.get("date", []) + generic.get("date", [])),
        naive_meta_dates_are_local=bool(portal.get("meta_dates_are_local", False)),
    )


def _find_portal(domain: str | None, portals: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The portal entry whose key or alias is ``domain``, else ``(None, {})``."""
    if not domain:
        return None, {}
    for key, portal in portals.items():
        if domain == key or domain in portal.get("aliases", []):
            return key, portal
    return None, {}


def domain_of(url: str | None) -> str | None:
    """The registrable domain of a URL ("regional.kompas.com" -> "kompas.com")."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower().strip(".")
    labels = [x for x in host.split(".") if x]
    if len(labels) < 2:
        return None
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def css_to_xpath(selector: str) -> str:
    """Turn a small CSS selector ("div.a.b", "#id", "ul.x li", "a > b") into an XPath."""
    steps = []
    axis = "//"
    for part in selector.split():
        if part == ">":
            axis = "/"
            continue
        match = _SELECTOR_PART.match(part)
        if match is None:
            raise ValueError(f"unsupported selector {selector!r} in {RESOURCE}")
        conds = []
        for kind, name in re.findall(r"([#.])([\w\-]+)", match.group("rest")):
            if kind == "#":
                conds.append(f"@id='{name}'")
            else:
                conds.append(f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')")
        steps.append(f"{axis}{match.group('tag') or '*'}" + "".join(f"[{c}]" for c in conds))
        axis = "//"
    return "".join(steps)


# --- parsing and metadata --------------------------------------------------------------------


def _parse(html: str) -> lxml.html.HtmlElement | None:
    """Parse a page; None when it is empty or not HTML at all."""
    if not isinstance(html, str) or not html.strip():
        return None
    text = _CONTROL.sub("", _XML_DECL.sub("", html, count=1))
    if "<" not in text:
        return None
    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.LxmlError, ValueError) as err:
        log.info("unparsable HTML: %s", err)
        return None
    return tree


def _meta(tree: lxml.html.HtmlElement, *names: str) -> str | None:
    """The first non-empty content of a <meta> with one of these name/property/itemprop values."""
    for name in names:
        for el in tree.xpath(
            "//meta[@property=$n or @name=$n or @itemprop=$n or @http-equiv=$n]", n=name
        ):
            value = (el.get("content") or el.get("datetime") or "").strip()
            if value:
                return value
    return None


def _page_url(tree: lxml.html.HtmlElement) -> str | None:
    """The page's own address: canonical link, og:url, schema.org url link, comments widget href."""
    candidates = [
        *tree.xpath("//link[@rel='canonical']/@href"),
        _meta(tree, "og:url", "twitter:url") or "",
        *tree.xpath("//*[@itemprop='url']/@href"),
        *tree.xpath("//*[local-name()='fb:comments' or @class='fb-comments']/@href"),
        *tree.xpath("//*[@class='fb-comments']/@data-href"),
    ]
    for href in candidates:
        href = href.strip()
        if href.startswith("http") and not _IMAGE_URL.search(href) and urlsplit(href).path.strip("/"):
            return href
    return None


def _site_name_domain(tree: lxml.html.HtmlElement) -> str | None:
    """A domain named by og:site_name ("liputan6.com"), when it names one."""
    name = (_meta(tree, "og:site_name") or "").strip().lower()
    return domain_of(name) if re.fullmatch(r"[a-z0-9.\-]+\.[a-z]{2,}", name) else None


def _portal_hint(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The domain used to pick portal rules: URL, og:site_name, a known site name, link majority."""
    hint = domain_of(url) or _site_name_domain(tree) or domain_of(_meta(tree, "og:url"))
    if hint:
        return hint
    name = _SPACES.sub(" ", _meta(tree, "og:site_name", "application-name") or "").strip().lower()
    portals = _resource()["portals"]
    for key, portal in portals.items():
        if name and name in portal.get("site_names", []):
            return key
    votes = Counter(domain_of(h) for h in tree.xpath("//a/@href") if h.startswith("http"))
    for domain, count in votes.most_common(3):
        if domain and count >= 5 and _find_portal(domain, portals)[0]:
            return domain
    return None


def _title(tree: lxml.html.HtmlElement, *, source: str | None) -> str | None:
    """The headline: og:title or <title> with the site name trimmed, else the first <h1>."""
    sites = {(source or "").split(".")[0].lower(), (_meta(tree, "og:site_name") or "").strip().lower()}
    for raw in (_meta(tree, "og:title", "twitter:title"), tree.findtext(".//title")):
        title = _SPACES.sub(" ", raw or "").strip()
        if title:
            return _trim_site_name(title, sites - {""})
    h1 = tree.xpath("//h1")
    return _SPACES.sub(" ", h1[0].text_content()).strip() or None if h1 else None


def _trim_site_name(title: str, sites: set[str]) -> str:
    """Drop a leading or trailing "KOMPAS.com - " style site name (or any domain) from a title."""
    for sep in (" | ", " - ", " – ", ": "):
        parts = title.split(sep)
        if len(parts) < 2:
            continue
        for index, rest in ((0, parts[1:]), (-1, parts[:-1])):
            part = parts[index].strip().lower()
            if len(part) < 30 and (any(s in part for s in sites) or _DOMAIN.fullmatch(part)):
                return sep.join(rest).strip()
    return title


def _language(tree: lxml.html.HtmlElement, text: str) -> str | None:
    """The page language from <meta> language tags or <html lang>, checked against the body.

    Many portal templates declare ``lang="en"`` over Indonesian text, so an "id"/"en" declaration
    that the body's function words clearly contradict is replaced by what the words say.
    """
    value = _meta(tree, "language", "content-language", "Content-Language", "inLanguage", "og:locale")
    value = value or tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    code = re.split(r"[-_,;\s]", value.strip().lower())[0] if value else ""
    code = {"in": "id", "ind": "id", "eng": "en"}.get(code, code)
    words = Counter(_WORD.findall(text.lower()))
    indonesian = sum(words[w] for w in _ID_WORDS)
    english = sum(words[w] for w in _EN_WORDS)
    evidence = ""
    if max(indonesian, english) >= 3 and max(indonesian, english) >= 3 * min(indonesian, english):
        evidence = "id" if indonesian > english else "en"
    if code in {"", "id", "en"} and evidence:
        return evidence
    return code or None


# --- dates -----------------------------------------------------------------------------------


def _date(tree: lxml.html.HtmlElement, *, url: str | None, rules: PortalRules) -> str | None:
    """The publication date as ISO 8601: article meta tags, then the page's date line, then URL."""
    meta = _meta(
        tree, "article:published_time", "datePublished", "pubdate", "publishdate", "publish-date",
        "dc.date.issued", "dc.date", "date", "dtk:publishdate", "content_PublishedDate",
        "og:published_time", "dateCreated",
    )
    if not meta:
        for el in tree.xpath("//*[@itemprop='datePublished'][@datetime] | //time[@pubdate][@datetime]"):
            meta = el.get("datetime")
            break
    parsed = _parse_iso(meta, local=rules.naive_meta_dates_are_local) if meta else None
    day = _url_day(url)
    if parsed is not None and (day is None or abs((parsed.date() - day).days) <= 1):
        return parsed.isoformat()
    nodes = [el for selector in rules.date for el in tree.xpath(css_to_xpath(selector))]
    lines = [_SPACES.sub(" ", el.text_content()) for el in nodes]
    found = [d for d in map(_parse_text_date, lines) if d is not None]
    if day is None and found:
        day = found[0][0].date()
    if day is None:
        guess = _trafilatura_date(tree)
        day = date.fromisoformat(guess[:10]) if guess else None
    if day is None:
        return None
    body = tree.find("body")
    page = _SPACES.sub(" ", body.text_content()) if body is not None else ""
    found += [m for m in _all_text_dates(page) if m[1]]
    same_day = [when for when, timed in found if when.date() == day]
    timed = [when for when, is_timed in found if is_timed and when.date() == day]
    if timed:
        return timed[0].isoformat()
    return (same_day[0].date() if same_day else day).isoformat()


def _parse_iso(value: str, *, local: bool) -> datetime | None:
    """Parse "2015-11-05T14:56:43+07:00", "2016-02-16 09:20:00" or "2016-02-23 T16:00:20Z"."""
    text = re.sub(r"\s*T\s*", "T", value.strip()).replace(" ", "T", 1)
    if local:
        text = re.sub(r"(Z|[+\-]00:?00)$", "", text)
    text = re.sub(r"Z$", "+00:00", text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        found = _parse_text_date(value)
        return found[0] if found and found[1] else None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone(timedelta(hours=7)))
    return parsed


def _parse_text_date(text: str) -> tuple[datetime, bool] | None:
    """The first page date in a text ("Kamis, 05 November 2015 | 11:13 WIB") and whether it has a time."""
    return next(_all_text_dates(text), None)


def _all_text_dates(text: str) -> Iterator[tuple[datetime, bool]]:
    """Every date in a text, in order, each with whether it carries a time of day."""
    for match in _TEXT_DATE.finditer(text):
        month = _MONTHS.get((match.group("m") or "").lower()) or int(match.group("mn") or 0)
        if not 1 <= month <= 12:
            continue
        zone = _ZONES[(match.group("z") or "wib").lower()]
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        tz = timezone(timedelta(hours=hours, minutes=minutes))
        try:
            when = datetime(
                int(match.group("y")), month, int(match.group("d")), int(match.group("H") or 0),
                int(match.group("M") or 0), int(match.group("S") or 0), tzinfo=tz,
            )
        except ValueError:
            continue
        yield when, match.group("H") is not None


def _url_day(url: str | None) -> date | None:
    """The day in a /yyyy/mm/dd/ URL path, if any."""
    match = _URL_DATE.search(url or "")
    if match is None:
        return None
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def _trafilatura_date(tree: lxml.html.HtmlElement) -> str | None:
    """trafilatura's date guess, rejected when it only comes from a copyright footer year."""
    doc = trafilatura.bare_extraction(
        lxml.html.tostring(tree, encoding="unicode"), with_metadata=True, only_with_metadata=False,
        favor_precision=True,
    )
    date = getattr(doc, "date", None) if doc is not None else None
    if not date or re.fullmatch(r"\d{4}-01-01", date):
        return None
    return date


# --- pruning ---------------------------------------------------------------------------------


def _prune(tree: lxml.html.HtmlElement, rules: PortalRules) -> None:
    """Remove non-article elements: skip tags, drop selectors, chrome-named and link-dense blocks."""
    for el in list(tree.iter(lxml.etree.Comment)):
        _remove(el)
    for el in [e for e in tree.iter() if isinstance(e.tag, str) and e.tag in _SKIP_TAGS]:
        if el.tag != "head":
            _remove(el)
    for selector in rules.drop:
        for el in tree.xpath(css_to_xpath(selector)):
            _remove(el)
    protected = {a for node in _body_nodes(tree, rules) for a in (node, *node.iterancestors())}
    for el in list(tree.iter()):
        if isinstance(el.tag, str) and el not in protected and _is_chrome(el, rules):
            _remove(el)


def _body_nodes(tree: lxml.html.HtmlElement, rules: PortalRules) -> list[lxml.html.HtmlElement]:
    """The elements matched by the portal's body selectors (all of them, in selector order)."""
    return [node for selector in rules.body for node in tree.xpath(css_to_xpath(selector))]


def _is_chrome(el: lxml.html.HtmlElement, rules: PortalRules) -> bool:
    """True for a block named like chrome (class/id token) or made mostly of links."""
    if el.getparent() is None or el.tag in {"html", "body"}:
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    tokens = set(_CLASS_SPLIT.split(names)) - {""}
    if tokens & rules.keep_tokens:
        return False
    text_len = len(_SPACES.sub(" ", el.text_content()).strip())
    named = bool(tokens & rules.drop_tokens) or "bacajuga" in names.replace("-", "").replace("_", "")
    if named:
        return text_len < 1500 or _link_density(el, text_len) > 0.5
    if el.tag in {"ul", "ol", "table", "dl", "aside", "section", "div"} and text_len:
        density = _link_density(el, text_len)
        return density > 0.6 and (1 - density) * text_len < 300 and len(el.xpath(".//a")) >= 3
    return False


def _link_density(el: lxml.html.HtmlElement, text_len: int) -> float:
    """Share of an element's text that sits inside links."""
    linked = sum(len(_SPACES.sub(" ", a.text_content()).strip()) for a in el.iter("a"))
    return linked / text_len if text_len else 0.0


def _remove(el: Any) -> None:
    """Remove an element but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _wrap_loose_text(tree: lxml.html.HtmlElement) -> None:
    """Wrap runs of loose text and inline tags (``text<br><br>text``) into <p> elements."""
    for parent in list(tree.iter(*_WRAP_PARENTS)):
        has_loose = bool((parent.text or "").strip()) or any((c.tail or "").strip() for c in parent)
        has_breaks = any(isinstance(c.tag, str) and (c.tag == "br" or c.tag not in _INLINE_TAGS)
                         for c in parent)
        if has_loose and has_breaks:
            _rewrap(parent)


def _rewrap(parent: lxml.html.HtmlElement) -> None:
    """Rebuild a mixed-content element's children as paragraphs and blocks."""
    items: list[Any] = [parent.text or ""]
    for child in list(parent):
        tail, child.tail = child.tail, None
        parent.remove(child)
        items.extend([child, tail or ""])
    parent.text = None
    current: lxml.html.HtmlElement | None = None
    for item in items:
        if isinstance(item, str):
            if not item.strip() and current is None:
                continue
            if current is None:
                current = lxml.html.Element("p")
                parent.append(current)
            if len(current):
                current[-1].tail = (current[-1].tail or "") + item
            else:
                current.text = (current.text or "") + item
        elif item.tag == "br" or not isinstance(item.tag, str):
            current = None
        elif item.tag in _INLINE_TAGS:
            if current is None:
                current = lxml.html.Element("p")
                parent.append(current)
            current.append(item)
        else:
            parent.append(item)
            current = None


# --- body ------------------------------------------------------------------------------------


def _body_from_container(tree: lxml.html.HtmlElement, rules: PortalRules) -> str:
    """The text of the portal's article-body container, one paragraph per line ("" if none)."""
    for selector in rules.body:
        nodes = tree.xpath(css_to_xpath(selector))
        paragraphs = [p for node in nodes for p in _paragraphs(node)]
        if any(text for text, _ in paragraphs):
            return "\n".join(_drop_link_runs(paragraphs))
    return ""


def _choose_body(container: str, fallback: str) -> str:
    """The container's text, unless it is empty or far shorter or longer than trafilatura's body."""
    too_short = len(fallback) >= 500 and len(container) < 0.25 * len(fallback)
    too_long = len(fallback) >= 300 and len(container) > 4 * len(fallback)
    return container if container and not too_short and not too_long else fallback


def _drop_link_runs(paragraphs: list[tuple[str, float]]) -> list[str]:
    """Drop runs of two or more headline-link paragraphs (inline related-news lists)."""
    def is_link(item: tuple[str, float]) -> bool:
        """A paragraph that is all link text and not a printed address."""
        text, linked = item
        return linked >= 0.9 and not _PRINTED_ADDRESS.match(text)

    keep = []
    for i, item in enumerate(paragraphs):
        neighbours = paragraphs[max(i - 1, 0):i] + paragraphs[i + 1:i + 2]
        if is_link(item) and any(is_link(n) for n in neighbours):
            continue
        keep.append(item[0])
    return keep


def _paragraphs(node: lxml.html.HtmlElement) -> list[tuple[str, float]]:
    """Render an element as paragraphs (with the share of linked text), breaking at blocks and <br>."""
    out: list[tuple[str, float]] = []
    buf: list[tuple[str, bool]] = []

    def flush() -> None:
        """Close the current paragraph."""
        text = _SPACES.sub(" ", "".join(t for t, _ in buf)).strip()
        if text:
            linked = sum(len(t.strip()) for t, in_link in buf if in_link)
            out.append((text, min(linked / len(text), 1.0)))
        buf.clear()

    def walk(el: Any, in_link: bool) -> None:
        """Append an element's text, then its tail, to the paragraph buffer."""
        if isinstance(el.tag, str) and el.tag not in _SKIP_TAGS:
            block = el.tag in _BLOCK_TAGS
            inner = in_link or el.tag == "a"
            if block:
                flush()
            buf.append((el.text or "", inner))
            for child in el:
                walk(child, inner)
            if block:
                flush()
        buf.append((el.tail or "", in_link))

    buf.append((node.text or "", False))
    for child in node:
        walk(child, False)
    flush()
    return out


def _body_from_trafilatura(tree: lxml.html.HtmlElement, *, url: str | None) -> str:
    """trafilatura's body (favor_precision) over the pruned page."""
    try:
        text = trafilatura.extract(
            tree, url=url, favor_precision=True, include_comments=False, include_tables=False,
            deduplicate=False, with_metadata=False,
        )
    except (ValueError, TypeError, lxml.etree.LxmlError) as err:
        log.info("trafilatura failed: %s", err)
        return ""
    return text or ""


def clean_lines(text: str, *, rules: PortalRules, title: str | None = None) -> str:
    """Normalise whitespace per line and drop chrome lines and a repeated headline."""
    head = _SPACES.sub(" ", title or "").strip().lower()
    lines = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line or line.lower() == head:
            continue
        if any(p.fullmatch(line) for p in rules.drop_lines):
            continue
        lines.append(line)
    return "\n".join(lines)
