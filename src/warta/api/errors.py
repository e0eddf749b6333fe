"""Errors of the HTTP API, answered as ``{"error": {"code", "message"}}``, and the API-key check."""

from __future__ import annotations

import hmac
from typing import Any

API_KEY_ENV = "WARTA_API_KEY"

STATUS_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "invalid_request", 429: "too_many_requests",
    500: "internal_error", 503: "unavailable",
}


class ApiError(Exception):
    """An error answered as ``{"error": {"code", "message"}}`` with its HTTP status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The JSON error body."""
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


def check_api_key(expected: str | None, given: str | None) -> None:
    """Raise ApiError unless writes are enabled and ``given`` matches (constant-time)."""
    if not expected:
        raise ApiError(403, "writes_disabled",
                       f"writes are disabled: no API key is configured (set {API_KEY_ENV} on the server)")
    if not given:
        raise ApiError(401, "missing_api_key", "send the API key in the X-API-Key header")
    if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8")):
        raise ApiError(401, "invalid_api_key", "the X-API-Key header does not match the server's key")
