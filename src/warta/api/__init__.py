"""The HTTP API and dashboard: ``create_app`` builds the FastAPI app, ``serve`` runs it (uvicorn)."""

from __future__ import annotations

from warta.api.app import MAX_BODY_BYTES, ApiError, create_app, serve

__all__ = ["MAX_BODY_BYTES", "ApiError", "create_app", "serve"]
