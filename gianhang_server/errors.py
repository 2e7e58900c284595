"""The one error envelope of the API, for our own errors and for FastAPI's."""

from __future__ import annotations

import json
import logging
from typing import Any

log = logging.getLogger("gianhang_server")

HTTP_CODES = {
    400: "malformed",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error answered to the client in the standard envelope."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}


def field_error(field: str, message: str, code: str = "invalid") -> ApiError:
    """A 422 naming one bad field, shaped like FastAPI's own validation details."""
    return ApiError(422, "validation_failed", message, {"fields": [{"field": field, "code": code, "message": message}]})


def envelope(status: int, code: str, message: str, details: Any, request_id: str) -> bytes:
    body = {"error": {"code": code, "message": message, "details": details}, "request_id": request_id}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def request_id_of(scope_or_request: Any) -> str:
    scope = getattr(scope_or_request, "scope", scope_or_request)
    return scope.get("state", {}).get("request_id", "")


async def send_error(
    scope: dict, send, status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> None:
    """Answer an error straight from an ASGI layer, before FastAPI sees the request."""
    body = envelope(status, code, message, details, request_id_of(scope))
    raw_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


def _response(request, status: int, code: str, message: str, details: Any, headers=None):
    from fastapi.responses import JSONResponse

    body = {"error": {"code": code, "message": message, "details": details}, "request_id": request_id_of(request)}
    return JSONResponse(body, status_code=status, headers=headers)


def _field_name(loc: tuple) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        where = parts[0]
        rest = ".".join(parts[1:])
        return rest if where == "body" and rest else f"{where}.{rest}" if rest else where
    return ".".join(parts)


def _message(error: dict) -> str:
    """Pydantic's message, said plainly where its words would show a regular expression."""
    from gianhang_server.schemas import TEXT_PATTERNS

    kind, text = error.get("type", ""), error.get("msg", "")
    if kind == "string_pattern_mismatch":
        explained = TEXT_PATTERNS.get((error.get("ctx") or {}).get("pattern", ""))
        if explained:
            return explained
    return text.removeprefix("Value error, ")


def install_error_handlers(app) -> None:
    """Answer every error of the FastAPI ``app`` in the envelope (imported here so that the
    command-line tools do not load the web framework)."""
    from fastapi import Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(ApiError)
    async def on_api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _response(request, exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = []
        for error in exc.errors():
            loc = tuple(error.get("loc", ()))
            if error.get("type") == "json_invalid":
                return _response(request, 400, "malformed", "The body is not valid JSON.", None)
            fields.append({"field": _field_name(loc), "code": error.get("type", "invalid"), "message": _message(error)})
        return _response(request, 422, "validation_failed", "Some fields are not valid.", {"fields": fields})

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code
        if exc.status_code == 404 and message == "Not Found":
            message = "No such route."
        return _response(request, exc.status_code, code, message, None, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _response(request, 500, "server_error", "The server failed; retry later.", None)
