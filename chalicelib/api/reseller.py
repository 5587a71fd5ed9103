"""POST /api/v2: the standard panel API for resellers and other panels.

Form-encoded (the standard), multipart or JSON bodies; GET with a query string is accepted
but not advertised (a key in a URL ends up in logs of proxies we do not control). Errors
answer HTTP 200 with {"error": ...}, as panel tools expect, except throttling (429)."""

from __future__ import annotations

import json
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

from chalice.app import Blueprint, Request, Response

from chalicelib.api.http import client_ip
from chalicelib.domain.errors import DomainError, TooManyRequests
from chalicelib.observability import logger
from chalicelib.services import api_keys, reseller

bp = Blueprint(__name__)
MAX_BODY = 1024 * 1024  # 10,000 comment lines fit
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


class BadRequest(Exception):
    pass


def _params(request: Request) -> dict[str, str]:
    if request.method == "GET":
        return {k: str(v) for k, v in (request.query_params or {}).items()}
    body = request.raw_body or b""
    raw = body if isinstance(body, bytes) else body.encode("utf-8")
    if len(raw) > MAX_BODY:
        raise BadRequest("Request body too large")
    kind = request.headers.get("content-type", FORM).split(";")[0].strip().lower()
    try:
        if kind == MULTIPART:
            head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
            message = BytesParser(policy=HTTP).parsebytes(head + raw)
            return {str(part.get_param("name", header="content-disposition")): _text(part.get_payload(decode=True))
                    for part in message.iter_parts()}
        if kind == "application/json":
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise BadRequest("Incorrect request")
            return {str(k): v if isinstance(v, str) else json.dumps(v) if isinstance(v, list | dict) else str(v)
                    for k, v in data.items()}
        return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=200))
    except (UnicodeDecodeError, ValueError, AttributeError, RecursionError) as exc:
        raise BadRequest("Incorrect request") from exc


def _text(payload: Any) -> str:
    if not isinstance(payload, bytes):
        raise BadRequest("Incorrect request")
    return payload.decode("utf-8")


def _answer(body: Any, status: int = 200, headers: dict[str, str | list[str]] | None = None) -> Response:
    return Response(body=body, status_code=status, headers=headers or {})


@bp.route("/v2", methods=["POST", "GET"], content_types=[FORM, MULTIPART, "application/json"])
def api_v2() -> Response:
    request = bp.current_request
    try:
        params = _params(request)
        if not params.get("key"):
            return _answer({"error": "Invalid API key"})
        if not params.get("action"):
            return _answer({"error": reseller.INCORRECT_REQUEST})
        key = api_keys.authenticate(params["key"], client_ip(request))
        return _answer(reseller.handle(params, key))
    except BadRequest as exc:
        return _answer({"error": str(exc)}, 413 if "too large" in str(exc) else 200)
    except TooManyRequests as exc:
        return _answer({"error": exc.message}, 429, {"Retry-After": str(exc.retry_after_seconds)})
    except reseller.ApiError as exc:
        return _answer({"error": exc.message})
    except DomainError as exc:
        logger.info("reseller request refused", extra={"code": exc.code})
        return _answer({"error": exc.message})
