"""How refusals look over HTTP: `{"error": {"code", "message"}}` with a fitting status."""

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from server.engine import ErrorCode, RuleError

_STATUS = {
    ErrorCode.ROOM_NOT_FOUND: 404,
    ErrorCode.DECK_NOT_FOUND: 404,
    ErrorCode.BAD_TOKEN: 401,
    ErrorCode.NOT_ALLOWED: 403,
    ErrorCode.STORE_UNAVAILABLE: 503,
    ErrorCode.RATE_LIMITED: 429,
}


def error_response(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status)


async def on_rule_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RuleError)
    return error_response(_STATUS.get(error.code, 422), error.code, error.message)


async def on_store_unavailable(request: Request, error: Exception) -> JSONResponse:
    request.app.state.metrics.store_errors.inc()
    return error_response(503, ErrorCode.STORE_UNAVAILABLE, "The store is not answering.")


async def on_invalid_request(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        {"field": ".".join(str(part) for part in e["loc"] if part != "body"), "message": e["msg"]}
        for e in error.errors()
    ]
    summary = "; ".join(f"{p['field'] or 'body'}: {p['message']}" for p in problems)
    return error_response(422, ErrorCode.INVALID_SETTINGS, summary, problems=problems)


async def on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
    return error_response(error.status_code, code, str(error.detail))
