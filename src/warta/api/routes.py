"""JSON endpoints: articles, search, entities, speakers and quotes, sources, portals, events.

Handlers are plain ``def`` functions (run in the threadpool) that translate query parameters into
``warta.store.Filters`` and store calls, and store results into JSON. Every error is an
``ApiError`` and leaves as ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Security
from fastapi.responses import Response
from fastapi.security import APIKeyHeader

from warta import __version__
from warta.api import schemas
from warta.api.errors import ApiError, check_api_key
from warta.api.schemas import ArticleIn, ErrorBody, Health
from warta.errors import WartaError
from warta.model import Document
from warta.store import Filters, Provenance, Store, StoredArticle

log = logging.getLogger(__name__)

MAX_ID = 2**53
"""Largest article id accepted in a path (keeps database integer types from overflowing)."""
MAX_OFFSET = 10_000
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "not found"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "missing or wrong X-API-Key"},
    403: {"model": ErrorBody, "description": "writes disabled (no API key configured)"},
    413: {"model": ErrorBody, "description": "request body over 2 MB"},
}

router = APIRouter()
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="the server's WARTA_API_KEY; needed for writes")

Limit = Annotated[int, Query(ge=1, le=100, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="results to skip")]
Text = Annotated[str | None, Query(max_length=200)]
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="article id")]


def _clean(value: str | None, name: str) -> str | None:
    """A query string value without control characters; blank means absent."""
    if value is None or not value.strip():
        return None
    if any(ord(ch) < 32 or 0xD800 <= ord(ch) < 0xE000 for ch in value):
        raise ApiError(422, "invalid_request", f"{name}: control characters are not allowed")
    return value.strip()


async def filters(
    portal: Text = None,
    date_from: Annotated[date | None, Query(description="first publication day (YYYY-MM-DD)")] = None,
    date_to: Annotated[date | None, Query(description="last publication day (YYYY-MM-DD)")] = None,
    entity: Text = None,
    speaker: Text = None,
    event_code: Annotated[str | None, Query(max_length=20)] = None,
) -> Filters:
    """The common filters of the read endpoints."""
    if date_from and date_to and date_from > date_to:
        raise ApiError(422, "invalid_request", "date_from is after date_to")
    return Filters(
        portal=_clean(portal, "portal"),
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        entity=_clean(entity, "entity"),
        speaker=_clean(speaker, "speaker"),
        event_code=_clean(event_code, "event_code"),
    )


FiltersDep = Annotated[Filters, Depends(filters)]


async def store_of(request: Request) -> Store:
    """The application's store."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(store_of)]


async def require_key(request: Request, key: Annotated[str | None, Security(api_key_header)] = None) -> None:
    """Allow the request only with the configured API key."""
    check_api_key(request.app.state.api_key, key)


def article_json(stored: StoredArticle, **extra: Any) -> dict[str, Any]:
    """A stored article as JSON: the Document fields, with ``id`` the store's article id."""
    data = stored.doc.to_json()
    data["document_id"] = data.pop("id")
    return {
        "id": stored.article_id,
        **data,
        "revision": stored.revision,
        "canonical_url": stored.canonical_url,
        "stored_at": stored.stored_at,
        "provenance": stored.provenance.to_json(),
        "revisions": [r.to_json() for r in stored.revisions],
        **extra,
    }


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Encode JSON once, without FastAPI's response validation (the models document the shape)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call the store; a WartaError (e.g. a bad query) becomes a 422 answer."""
    try:
        return fn(*args, **kwargs)
    except WartaError as err:
        raise ApiError(422, "invalid_request", str(err)) from None


def provenance() -> Provenance:
    """The provenance of analyses made by this server."""
    from importlib import import_module

    for module, name in (("warta.store.provenance", "current_provenance"),
                         ("warta.store.ingest", "current_provenance")):
        try:
            fn = getattr(import_module(module), name)
        except (ImportError, AttributeError):
            continue
        return fn()
    return Provenance(warta_version=__version__)


@router.get("/health", response_model=Health, tags=["meta"])
def health(request: Request, store: StoreDep) -> dict[str, Any]:
    """Liveness and corpus size."""
    return {"status": "ok", "articles": store.stats().articles,
            "writes_enabled": bool(request.app.state.api_key)}


@router.get("/articles", response_model=schemas.ArticlePage, tags=["articles"])
async def list_articles(store: StoreDep, flt: FiltersDep, limit: Limit = 20, offset: Offset = 0,
                  order: Annotated[str, Query(pattern="^(newest|oldest|stored)$")] = "newest",
                  ) -> Response:
    """Stored articles matching the filters, newest first."""
    return json_response(_call(store.list_articles, flt, limit=limit, offset=offset, order=order).to_json())


@router.get("/articles/{article_id}", response_model=schemas.Article, responses=ERRORS, tags=["articles"])
async def get_article(article_id: ArticleId, store: StoreDep) -> Response:
    """One article with all its annotations (entities, quotes, sources, time expressions, events)."""
    stored = store.get(article_id)
    if stored is None:
        raise ApiError(404, "not_found", f"no article with id {article_id}")
    return json_response(article_json(stored))


@router.post("/articles", status_code=201, response_model=schemas.Article, responses=WRITE_ERRORS,
             tags=["articles"], dependencies=[Depends(require_key)])
def post_article(body: ArticleIn, store: StoreDep) -> Response:
    """Analyse an article (text or HTML page) and store it; answers the stored article."""
    from warta.pipeline import analyze

    content = body.text if body.text is not None else body.html
    try:
        doc: Document = analyze(content or "", url=body.url, title=body.title, date=body.date,
                                source=body.source)
    except WartaError as err:
        raise ApiError(422, "unusable_article", str(err)) from None
    if not doc.text.strip():
        raise ApiError(422, "unusable_article", "no article text found (empty after cleaning)")
    result = _call(store.put, doc, provenance=provenance())
    stored = store.get(result.article_id)
    if stored is None:
        raise ApiError(500, "internal_error", "the article was stored but cannot be read back")
    return json_response(article_json(stored, status=result.status), 201,
                         headers={"Location": f"/articles/{result.article_id}"})


@router.get("/search", response_model=schemas.HitPage, tags=["articles"])
def search(store: StoreDep, flt: FiltersDep,
           q: Annotated[str, Query(min_length=1, max_length=200, description="words and \"phrases\"")],
           limit: Limit = 20, offset: Offset = 0) -> Response:
    """Full-text search over titles and bodies, best first, with snippets."""
    query = _clean(q, "q")
    if query is None:
        raise ApiError(422, "invalid_request", "q: give at least one word")
    return json_response(_call(store.search, query, flt, limit=limit, offset=offset).to_json())


@router.get("/entities", response_model=schemas.EntityPage, tags=["entities"])
def entities(store: StoreDep, flt: FiltersDep, limit: Limit = 50, offset: Offset = 0,
             label: Annotated[str | None, Query(max_length=20)] = None,
             prefix: Text = None) -> dict[str, Any]:
    """Entities by mention count; optionally one label (PER, ORG, LOC, ...) or a name prefix."""
    return _call(store.entities, flt, label=_clean(label, "label"), prefix=_clean(prefix, "prefix"),
                 limit=limit, offset=offset).to_json()


@router.get("/entities/{key:path}", response_model=schemas.EntityDetail, responses=ERRORS, tags=["entities"])
def entity(key: Annotated[str, Path(max_length=200)], store: StoreDep, flt: FiltersDep,
           related: Annotated[int, Query(ge=0, le=50)] = 10,
           latest: Annotated[int, Query(ge=0, le=50)] = 10) -> dict[str, Any]:
    """One entity: mentions per day, co-occurring entities and the latest articles."""
    name = _clean(key, "key")
    found = _call(store.entity, name, flt, related=related, latest=latest) if name else None
    if found is None:
        raise ApiError(404, "not_found", f"no entity {key!r}")
    return found.to_json()


@router.get("/speakers", response_model=schemas.SpeakerPage, tags=["speakers"])
def speakers(store: StoreDep, flt: FiltersDep, limit: Limit = 50, offset: Offset = 0,
             prefix: Text = None) -> dict[str, Any]:
    """Quoted speakers by number of quotes."""
    return _call(store.speakers, flt, prefix=_clean(prefix, "prefix"), limit=limit,
                 offset=offset).to_json()


@router.get("/speakers/{key:path}/quotes", response_model=schemas.QuotePage, responses=ERRORS,
            tags=["speakers"])
def speaker_quotes(key: Annotated[str, Path(max_length=200)], store: StoreDep, flt: FiltersDep,
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Every quote of one speaker (key or name) across the corpus, newest first."""
    name = _clean(key, "key")
    page = _call(store.quotes, flt, speaker=name, limit=limit, offset=offset) if name else None
    if page is None or (page.total == 0 and offset == 0):
        raise ApiError(404, "not_found", f"no quotes of speaker {key!r}")
    return page.to_json()


@router.get("/quotes", response_model=schemas.QuotePage, tags=["speakers"])
def quotes(store: StoreDep, flt: FiltersDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Quotes of matching articles, newest first."""
    return _call(store.quotes, flt, limit=limit, offset=offset).to_json()


@router.get("/sources", response_model=schemas.SourcePage, tags=["sources"])
def sources(store: StoreDep, flt: FiltersDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Reported sources (who the news cites: people, agencies, outlets) by mention count."""
    return _call(store.sources, flt, limit=limit, offset=offset).to_json()


@router.get("/portals", response_model=list[schemas.PortalCount], tags=["sources"])
def portals(store: StoreDep, flt: FiltersDep) -> list[dict[str, Any]]:
    """News portals with article counts and first/last publication day."""
    return [p.to_json() for p in _call(store.portals, flt)]


@router.get("/events", response_model=schemas.EventPage, tags=["events"])
def events(store: StoreDep, flt: FiltersDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Events of matching articles, newest first (empty until the events stage exists)."""
    return _call(store.events, flt, limit=limit, offset=offset).to_json()
