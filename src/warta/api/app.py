"""The FastAPI application: JSON API, dashboard, offline OpenAPI docs, limits and errors.

``create_app`` wires a store (``warta.store.open_store``), the API key, the request-size limit,
the JSON error shape and the documentation pages (Swagger UI and ReDoc served from installed
package files, never from a CDN). ``serve`` runs it with uvicorn on 127.0.0.1 by default.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from warta import __version__
from warta.api.errors import API_KEY_ENV, STATUS_CODES, ApiError, error_body

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 2 * 1024 * 1024
"""Largest request body accepted (413 above)."""
DOCS_STATIC = "/static-docs"
UI_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
          "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline' blob:; worker-src 'self' blob:; object-src 'none'; "
            "frame-ancestors 'none'")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]




def _json_bytes(status: int, code: str, message: str) -> bytes:
    """An encoded JSON error body for the raw ASGI layer."""
    return json.dumps(error_body(code, message), ensure_ascii=False).encode("utf-8")


class GuardMiddleware:
    """Pure ASGI middleware: request-body limit (413) and security headers on every answer."""

    def __init__(self, app: Any, *, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared and the actual body size, then add headers on the way out."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _send_error(send, 400, "bad_request", "Content-Length is not a number")
                return
            if int(declared) > self.max_body:
                await _send_error(send, 413, "payload_too_large",
                                  f"request body over the {self.max_body} byte limit")
                return
        if declared is not None or b"transfer-encoding" in headers:
            body, ok = await _read_body(receive, self.max_body)
            if not ok:
                await _send_error(send, 413, "payload_too_large",
                                  f"request body over the {self.max_body} byte limit")
                return
            receive = _replay(body, receive)
        path = scope.get("path", "")
        csp = DOCS_CSP if path in ("/docs", "/redoc") else UI_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                         (b"x-frame-options", b"DENY"), (b"content-security-policy", csp.encode())]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _read_body(receive: Receive, limit: int) -> tuple[bytes, bool]:
    """Read the whole request body; ``ok`` is False as soon as it passes ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", False
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), True


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive callable that hands the buffered body once, then waits on the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _send_error(send: Send, status: int, code: str, message: str) -> None:
    """Answer a raw ASGI request with the JSON error body."""
    body = _json_bytes(status, code, message)
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def _wants_html(request: Request) -> bool:
    """True for dashboard paths, which get an HTML error page."""
    return request.url.path.startswith("/ui")


def _install_error_handlers(app: FastAPI) -> None:
    """Every error leaves as the JSON error body (the dashboard gets an HTML page)."""

    async def api_error(request: Request, exc: ApiError) -> Any:
        return _error_response(request, exc.status, exc.code, exc.message)

    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        code = STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        if exc.status_code == 405:
            message = f"method {request.method} is not allowed on {request.url.path}"
        response = _error_response(request, exc.status_code, code, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    async def validation_error(request: Request, exc: RequestValidationError) -> Any:
        details = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
                    "type": str(e.get("type", ""))} for e in exc.errors()]
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"])
        message = f"{where}: {first['msg']}" if where else first["msg"]
        if _wants_html(request):
            return _error_response(request, 422, "invalid_request", message)
        return JSONResponse(error_body("invalid_request", message, details), status_code=422)

    async def unexpected(request: Request, exc: Exception) -> Any:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error_response(request, 500, "internal_error", "internal error; see the server log")

    app.add_exception_handler(ApiError, api_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, unexpected)


def _error_response(request: Request, status: int, code: str, message: str) -> Any:
    """JSON error for the API, a small HTML page for the dashboard."""
    if _wants_html(request):
        from warta.web.views import error_page

        return error_page(request, status, message)
    return JSONResponse(error_body(code, message), status_code=status)


def _docs_assets() -> Path:
    """The folder with the Swagger UI and ReDoc files shipped by ``fastapi_offline``."""
    return Path(str(resources.files("fastapi_offline") / "static"))


def _install_docs(app: FastAPI) -> None:
    """Swagger UI at /docs and ReDoc at /redoc, both loading only local assets."""
    app.mount(DOCS_STATIC, StaticFiles(directory=_docs_assets()), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_STATIC}/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url="/openapi.json",
            title=f"{app.title} — API",
            redoc_js_url=f"{DOCS_STATIC}/redoc.standalone.js",
            redoc_favicon_url=f"{DOCS_STATIC}/favicon.png",
            with_google_fonts=False,
        )


def create_app(store_url: str | None = None, *, api_key: str | None = None) -> FastAPI:
    """Build the warta web application (JSON API + dashboard).

    Args:
        store_url: store to serve, e.g. ``sqlite:///warta.db`` or ``postgresql://...``; None means
            the store's default (``$WARTA_DB``, else warta.db in the user's data directory).
        api_key: key that write requests must send in ``X-API-Key``; default ``$WARTA_API_KEY``.
            With neither, writes are disabled (403).

    Returns:
        The FastAPI application; its store is ``app.state.store`` (the caller closes it; ``serve``
        does when the server stops).
    """
    from warta.api.routes import router as api_router
    from warta.store import open_store
    from warta.web.views import router as ui_router
    from warta.web.views import static_dir

    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV) or None
    store = open_store(store_url)
    app = FastAPI(
        title="warta",
        version=__version__,
        description="Structured data from Indonesian news: articles with entities, quotes, speakers, "
        "time expressions and events. Writes need the `X-API-Key` header (server key from "
        f"`{API_KEY_ENV}`). Every error answers `{{\"error\": {{\"code\", \"message\"}}}}`.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        responses={422: {"model": _error_model(), "description": "invalid request"}},
    )
    app.state.store = store
    app.state.api_key = key
    _install_error_handlers(app)
    _install_docs(app)
    app.include_router(api_router)
    app.include_router(ui_router)
    app.mount("/ui/static", StaticFiles(directory=static_dir()), name="ui-static")
    app.add_middleware(GuardMiddleware, max_body=MAX_BODY_BYTES)
    return app


def _error_model() -> type:
    """The error body model (imported late to keep this module's imports light)."""
    from warta.api.schemas import ErrorBody

    return ErrorBody


def serve(url: str | None = None, host: str = "127.0.0.1", port: int = 8000, *,
          access_log: bool = False) -> None:
    """Serve the API and dashboard with uvicorn until interrupted.

    Args:
        url: store URL (see ``create_app``).
        host: address to bind; 127.0.0.1 unless you mean to expose it.
        port: TCP port.
        access_log: log every request (off by default: it costs throughput).
    """
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("binding %s: the API is reachable from other machines", host)
    app = create_app(url)
    try:
        uvicorn.run(app, host=host, port=port, access_log=access_log, log_level="info")
    finally:
        app.state.store.close()
