"""The dashboard: server-rendered HTML pages under /ui (search, article, speaker, entity, events).

Templates are Jinja2 with autoescaping on; the only markup not written in a template comes from
``render.highlight`` and ``charts``, which escape every piece of text themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from warta.api.routes import MAX_ID, StoreDep
from warta.errors import WartaError
from warta.store import Filters, facets
from warta.store.text import norm_name
from warta.web import charts, render

router = APIRouter(prefix="/ui", include_in_schema=False)
PAGE = 20


def static_dir() -> Path:
    """The dashboard's CSS and JS folder."""
    return Path(__file__).parent / "static"


@cache
def templates() -> Jinja2Templates:
    """The Jinja2 templates, autoescaping every variable (built once)."""
    env = Environment(
        loader=PackageLoader("warta.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["entity_href"] = entity_href
    env.globals["speaker_href"] = speaker_href
    env.globals["safe_url"] = safe_url
    return Jinja2Templates(env=env)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render one template."""
    return templates().TemplateResponse(request, template, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The dashboard's error page."""
    return page(request, "error.html", status=status, status_code=status, message=message)


def entity_href(ent: Mapping[str, Any] | str) -> str | None:
    """Dashboard link of an entity, given its store key or its annotation dict."""
    if isinstance(ent, str):
        return render.ui_path("entities", ent) if ent else None
    key = facets.entity_key(dict(ent))
    return render.ui_path("entities", key) if key else None


def speaker_href(speaker: Any) -> str | None:
    """Dashboard link of a speaker, given its store key, its name or its annotation dict."""
    if isinstance(speaker, Mapping):
        if speaker.get("id") not in (None, ""):
            return render.ui_path("speakers", str(speaker["id"]))
        speaker = render.text_of(speaker)
    key = norm_name(speaker) if isinstance(speaker, str) else ""
    return render.ui_path("speakers", key) if key else None


def safe_url(url: Any) -> str | None:
    """The URL when it is http(s), else None (no javascript: or data: links)."""
    if not isinstance(url, str):
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _day(value: str | None) -> date | None:
    """A YYYY-MM-DD form value as a date, None when blank or malformed."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _text(value: str | None) -> str | None:
    """A form value without control characters; blank means absent."""
    if value is None:
        return None
    value = "".join(ch for ch in value if ord(ch) >= 32 and not 0xD800 <= ord(ch) < 0xE000).strip()
    return value[:200] or None


def form_filters(
    portal: Annotated[str | None, Query()] = None,
    date_from: Annotated[str | None, Query()] = None,
    date_to: Annotated[str | None, Query()] = None,
    entity: Annotated[str | None, Query()] = None,
    speaker: Annotated[str | None, Query()] = None,
) -> Filters:
    """Filters from the search form; malformed values are dropped rather than refused."""
    start, end = _day(date_from), _day(date_to)
    return Filters(portal=_text(portal), date_from=start.isoformat() if start else None,
                   date_to=end.isoformat() if end else None, entity=_text(entity),
                   speaker=_text(speaker))


FormFilters = Annotated[Filters, Depends(form_filters)]


def _snippet(hit: Mapping[str, Any]) -> Markup:
    """A search snippet with the matched words in <mark>."""
    text = hit.get("snippet") or ""
    marks = [render.Mark(s, e, "match", "match") for s, e in hit.get("highlights") or []
             if isinstance(s, int) and isinstance(e, int)]
    return render.highlight(text, marks)


@router.get("", response_class=RedirectResponse)
def ui_root() -> RedirectResponse:
    """/ui goes to the search page."""
    return RedirectResponse("/ui/", status_code=308)


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, flt: FormFilters,
                q: Annotated[str | None, Query()] = None,
                offset: Annotated[int, Query(ge=0, le=10_000)] = 0) -> HTMLResponse:
    """Search with filters; without words, the newest articles that match the filters."""
    query = _text(q)
    error = None
    items: list[dict[str, Any]] = []
    total = 0
    try:
        if query:
            result = store.search(query, flt, limit=PAGE, offset=offset)
            items = [{**h.article.to_json(), "snippet": _snippet(h.to_json())} for h in result.items]
        else:
            result = store.list_articles(flt, limit=PAGE, offset=offset)
            items = [a.to_json() for a in result.items]
        total = result.total
    except WartaError as err:
        error = str(err)
    params = {k: v for k, v in {"q": query, "portal": flt.portal, "date_from": flt.date_from,
                                "date_to": flt.date_to, "entity": flt.entity,
                                "speaker": flt.speaker}.items() if v}
    nav = {
        "prev": f"/ui/?{urlencode({**params, 'offset': max(0, offset - PAGE)})}" if offset > 0 else None,
        "next": f"/ui/?{urlencode({**params, 'offset': offset + PAGE})}" if offset + PAGE < total else None,
    }
    return page(request, "search.html", q=query or "", flt=flt, items=items, total=total,
                offset=offset, nav=nav, error=error, portals=store.portals())


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int, store: StoreDep) -> HTMLResponse:
    """One article: clean text with highlighted spans, quotes, entities, times and sources."""
    stored = store.get(article_id) if 1 <= article_id <= MAX_ID else None
    if stored is None:
        return error_page(request, 404, f"Artikel {article_id} tidak ditemukan.")
    data = stored.doc.to_json()
    marks = render.document_marks(data, entity_href=entity_href, speaker_href=speaker_href)
    return page(request, "article.html", article=stored, doc=data, body=render.highlight(data["text"], marks),
                quotes=_quotes(data), entities=_entities(data), timexes=_dicts(data.get("timexes")),
                sources=[_chain(s) for s in _dicts(data.get("sources"))],
                events=_dicts(data.get("events")))


def _dicts(items: Any) -> list[Mapping[str, Any]]:
    """The dict items of an annotation list."""
    return list(render._dicts(items))


def _quotes(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Quotes for the side panel: index (links to the highlighted span), text, speaker."""
    out = []
    for i, q in enumerate(_dicts(data.get("quotes"))):
        speaker = render.quote_speaker(q)
        body = render.quote_body(q)
        text = body.get("text") if isinstance(body.get("text"), str) else ""
        out.append({"index": i, "text": text, "speaker": render.text_of(speaker),
                    "href": speaker_href(speaker) if render.text_of(speaker) else None})
    return out


def _entities(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Distinct entities of the article with their mention counts, most mentioned first."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for ent in _dicts(data.get("entities")):
        name = render.text_of(ent)
        label = render.entity_label(ent)
        row = seen.setdefault((label, name), {"name": name, "label": label, "count": 0,
                                              "href": entity_href(ent)})
        row["count"] += 1
    return sorted(seen.values(), key=lambda r: (-r["count"], r["name"]))


def _chain(source: Mapping[str, Any]) -> list[str]:
    """A reported source as a chain of names (reporter → ... → original source)."""
    for key in ("chain", "path", "via"):
        if isinstance(source.get(key), list):
            names = [render.text_of(x) for x in source[key]]
            return [n for n in names if n]
    name = render.text_of(source) or render.text_of(source.get("source"))
    return [name] if name else []


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(request: Request, store: StoreDep, flt: FormFilters,
                  offset: Annotated[int, Query(ge=0, le=10_000)] = 0) -> HTMLResponse:
    """The most quoted speakers."""
    result = store.speakers(flt, limit=50, offset=offset)
    return page(request, "speakers.html", speakers=result.items, total=result.total)


@router.get("/speakers/{key:path}", response_class=HTMLResponse)
def speaker_page(request: Request, key: str, store: StoreDep,
                 offset: Annotated[int, Query(ge=0, le=10_000)] = 0) -> HTMLResponse:
    """Every quote of one speaker across the corpus."""
    name = _text(key)
    result = store.quotes(None, speaker=name, limit=50, offset=offset) if name else None
    if result is None or result.total == 0:
        return error_page(request, 404, f"Tidak ada kutipan dari pembicara “{key}”.")
    shown = next((r.speaker for r in result.items if r.speaker), None) or key
    return page(request, "speaker.html", name=shown, key=key, quotes=result.items, total=result.total,
                articles=len({r.article_id for r in result.items}))


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, store: StoreDep, flt: FormFilters,
                  label: Annotated[str | None, Query()] = None) -> HTMLResponse:
    """The most mentioned entities."""
    result = store.entities(flt, label=_text(label), limit=100)
    return page(request, "entities.html", entities=result.items, total=result.total)


@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity_page(request: Request, key: str, store: StoreDep) -> HTMLResponse:
    """One entity: mention timeline, co-occurrence network, latest articles."""
    name = _text(key)
    detail = store.entity(name, related=12, latest=20) if name else None
    if detail is None:
        return error_page(request, 404, f"Entitas “{key}” tidak ditemukan.")
    center = detail.entity
    nodes = [charts.Node(center.key, center.name, center.mentions)]
    nodes += [charts.Node(e.key, e.name, e.mentions, href=entity_href(e.key)) for e in detail.cooccurring]
    edges = [charts.Edge(center.key, e.key, e.articles) for e in detail.cooccurring]
    return page(request, "entity.html", entity=center, detail=detail,
                timeline=charts.timeline_svg(_by_month(detail.timeline)),
                network=charts.network_svg(center.key, nodes, edges))


def _by_month(timeline: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Daily counts summed per month when they span more than 60 days, else kept per day."""
    if len(timeline) <= 60:
        return list(timeline)
    months: dict[str, int] = {}
    for day, count in timeline:
        months[day[:7]] = months.get(day[:7], 0) + count
    return sorted(months.items())


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, store: StoreDep, flt: FormFilters,
                offset: Annotated[int, Query(ge=0, le=10_000)] = 0) -> HTMLResponse:
    """The event timeline, grouped by day (empty until the events stage exists)."""
    result = store.events(flt, limit=100, offset=offset)
    days: dict[str, list[dict[str, Any]]] = {}
    for row in result.items:
        data = row.data if isinstance(row.data, Mapping) else {}
        days.setdefault(row.day or "tanpa tanggal", []).append({
            "article_id": row.article_id, "code": row.code,
            "text": render.text_of(data) or data.get("trigger") or data.get("type") or "",
            "actors": [render.text_of(data.get(k)) for k in ("actor1", "actor2", "actor", "target")
                       if render.text_of(data.get(k))],
        })
    return page(request, "events.html", days=sorted(days.items(), reverse=True), total=result.total)


