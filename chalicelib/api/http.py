"""What every route shares: body parsing, authentication, CSRF, roles and error mapping.

Handlers stay thin: `@route` gives them a `Ctx` with the parsed caller (and the parsed body
and query when the route declares their models), serialises the response model they return,
and turns any DomainError into one JSON error shape, its status found by the error's class
hierarchy (`status_of`). Path ids, months and query filters are read by `api/params.py`.
Every `@route` is also recorded in `ROUTES`, the contract `api/openapi.py` documents.
"""

from __future__ import annotations

import functools
import hmac
import ipaddress
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any, TypeVar

from chalice.app import Blueprint, Request, Response
from pydantic import BaseModel, ValidationError

from chalicelib.api import params
from chalicelib.api.contract import ROUTES, Body, ModelRef, Query, Reply, RouteSpec, load, render
from chalicelib.domain import errors, validation
from chalicelib.domain.accounts import Role, User
from chalicelib.domain.audit_log import SYSTEM
from chalicelib.observability import logger
from chalicelib.services import accounts, audit_log
from chalicelib.settings import get_settings
from chalicelib.store.ledger import Account
from chalicelib.store.sessions import SessionRecord

STATUS_BY_ERROR: dict[type[errors.DomainError], int] = {
    errors.InvalidInput: 400,
    errors.NotAuthenticated: 401,
    errors.NotEnoughFunds: 402,
    errors.PaymentDeclined: 402,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.PayloadTooLarge: 413,
    errors.UnsupportedMediaType: 415,
    errors.TooManyRequests: 429,
    errors.Unavailable: 503,
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ANY_SIGNED_IN = frozenset(Role)
CSRF_HEADER = "x-csrf-token"

M = TypeVar("M", bound=BaseModel)
__all__ = ["ROUTES", "Body", "Ctx", "Query", "Reply", "RouteSpec", "route"]


@dataclass
class Ctx:
    request: Request
    session: SessionRecord | None = None
    user: User | None = None
    account: Account | None = None

    @property
    def me(self) -> User:
        assert self.user is not None, "route declared no roles but reads the user"
        return self.user

    @property
    def live_session(self) -> SessionRecord:
        assert self.session is not None
        return self.session

    @property
    def client_ip(self) -> str:
        return client_ip(self.request)

    def body(self, model: type[M]) -> M:
        return parse_body(self.request, model)

    def json_object(self) -> dict[str, Any]:
        return parse_object(self.request)

    def query(self, name: str) -> str | None:
        return query_value(self.request, name)

    def page(self, default: int = 50) -> tuple[int, str | None]:
        """`?limit=&cursor=` of a paged list: (page size, where to continue). Typed routes
        declare `query=Page` instead; both read the limit with `params.page_size`."""
        return params.page_size(self.query("limit"), default), self.query("cursor")


ORIGIN_VERIFY_HEADER = "x-origin-verify"


def client_ip(request: Request) -> str:
    """The viewer's IP. `CloudFront-Viewer-Address` is trusted only on a request that also
    carries the origin secret CloudFront (or the dev gateway) adds in `x-origin-verify`;
    anyone can send the viewer header straight to API Gateway. Otherwise, and when no
    secret is configured, the connection's source IP. It goes into login records, so it
    must not be forgeable."""
    source = str(request.context.get("identity", {}).get("sourceIp", "0.0.0.0"))  # noqa: S104
    secret = get_settings().origin_verify_secret
    given = request.headers.get(ORIGIN_VERIFY_HEADER, "")
    viewer = request.headers.get("cloudfront-viewer-address", "")
    if not secret or not viewer or not hmac.compare_digest(given.encode(), secret.encode()):
        return source
    host = str(viewer).rsplit(":", 1)[0].strip("[]")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return source


def query_value(request: Request, name: str) -> str | None:
    given: Any = request.query_params or {}
    value = given.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def parse_query(request: Request, model: type[M]) -> M:
    """The query string through `model`: only its fields are read, blank values are absent."""
    data = {}
    for name, info in model.model_fields.items():
        value = query_value(request, info.alias or name)
        if value is not None:
            data[info.alias or name] = value
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise errors.InvalidInput(validation.describe(exc), fields=validation.fields(exc)) from exc


def parse_body(request: Request, model: type[M]) -> M:
    data = parse_object(request)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise errors.InvalidInput(validation.describe(exc), fields=validation.fields(exc)) from exc


def parse_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object (size- and depth-limited), for bodies whose shape a domain
    rule checks. Only `application/json` is read: a cross-site form can send text/plain or
    form bodies without a preflight, never JSON, so this keeps public POSTs out of reach of
    other sites' forms."""
    media_type = str(request.headers.get("content-type", "")).split(";")[0].strip().lower()
    if media_type != "application/json":
        raise errors.UnsupportedMediaType("Send the request body as JSON with 'Content-Type: application/json'.")
    raw = request.raw_body or b""
    if len(raw) > get_settings().max_body_bytes:
        raise errors.PayloadTooLarge(f"Request body is larger than {get_settings().max_body_bytes // 1024} KB.")
    if not raw.strip():
        raise errors.InvalidInput("Request body is empty; send a JSON object.")
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise errors.InvalidInput("Request body is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise errors.InvalidInput("Request body must be a JSON object.")
    if _depth(data) > MAX_JSON_DEPTH:
        raise errors.InvalidInput(f"Request body nests deeper than {MAX_JSON_DEPTH} levels.")
    return data


MAX_JSON_DEPTH = 8


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")  # NaN, Infinity: Python accepts them, JSON does not


def _depth(value: Any) -> int:
    """How deeply a parsed body nests (iteratively: a hostile body cannot exhaust the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def status_of(exc: errors.DomainError) -> int | None:
    """The HTTP status of an error: that of its nearest class in STATUS_BY_ERROR, so a
    subclass answers like its parent (a NoSuchTicket(NotFound) is a 404). None: unmapped."""
    for cls in type(exc).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return None


def error_response(exc: errors.DomainError) -> Response:
    status = status_of(exc)
    if status is None:
        # A refusal nobody gave a status: a bug of ours, not the caller's; say so loudly.
        logger.error("domain error without an HTTP status", extra={"error": type(exc).__name__})
        return Response(body={"error": "Something went wrong on our side; please try again later.",
                              "code": "internal_error"}, status_code=500)
    body: dict[str, Any] = {"error": exc.message, "code": exc.code}
    if exc.fields:
        body["fields"] = exc.fields
    headers: dict[str, str | list[str]] = {}
    if isinstance(exc, errors.TooManyRequests):
        headers["Retry-After"] = str(exc.retry_after_seconds)
    return Response(body=body, status_code=status, headers=headers)


def session_cookie_name() -> str:
    # The __Host- prefix makes browsers refuse the cookie unless Secure, host-only, path=/.
    return "__Host-session" if get_settings().cookie_secure else "session"


def read_session_cookie(request: Request) -> str:
    header = request.headers.get("cookie", "")
    try:
        jar = SimpleCookie(header)
    except CookieError:
        return ""
    morsel = jar.get(session_cookie_name())
    return str(morsel.value) if morsel else ""


def session_cookie(token: str, max_age: int) -> str:
    parts = [f"{session_cookie_name()}={token}", "Path=/", "HttpOnly", "SameSite=Lax", f"Max-Age={max_age}"]
    if get_settings().cookie_secure:
        parts.append("Secure")
    return "; ".join(parts)


def endpoint(roles: Iterable[Role] | None = None,
             spec: RouteSpec | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wrap a route handler. `roles=None`: public; otherwise a live session with one of the
    roles is required, and state-changing methods must echo the session's CSRF token. With a
    `spec`, the declared body and query models are parsed (after authentication) and passed
    as `body=` and `query=`, and a returned model is serialised with the spec's status."""
    allowed = frozenset(roles) if roles is not None else None

    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(handler)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            request: Request = wrapper.blueprint.current_request  # type: ignore[attr-defined]
            try:
                ctx = Ctx(request=request)
                if allowed is not None:
                    resolved = accounts.resolve_session(read_session_cookie(request))
                    ctx.session, ctx.user, ctx.account = resolved.record, resolved.user, resolved.account
                    if ctx.user.role not in allowed:
                        raise errors.Forbidden("You do not have access to this page.")
                    if request.method not in SAFE_METHODS:
                        check_csrf(request, ctx.session)
                if spec is not None and spec.body is not None and not spec.raw_body:
                    kwargs["body"] = parse_body(request, load(spec.body))
                if spec is not None and spec.query is not None:
                    kwargs["query"] = parse_query(request, load(spec.query))
                with audit_log.acting(ctx.user.user_id if ctx.user else SYSTEM):  # who the log names
                    return render(handler(ctx, *args, **kwargs), spec)
            except errors.DomainError as exc:
                logger.info("request refused", extra={"code": exc.code, "path": request.path})
                return error_response(exc)

        return wrapper

    return decorate


def check_csrf(request: Request, session: SessionRecord) -> None:
    given = request.headers.get(CSRF_HEADER, "")
    if not given or not hmac.compare_digest(given.encode(), session.csrf_token.encode()):
        raise errors.Forbidden("Missing or invalid CSRF token. Reload the page and try again.")


def route(bp: Blueprint, path: str, methods: list[str] | None = None, roles: Iterable[Role] | None = None, *,
          body: ModelRef | None = None, raw_body: bool = False, query: ModelRef | None = None,
          response: ModelRef | tuple[ModelRef, ...] = (), status: int = 200,
          errors: Iterable[int] = (), other: Mapping[int, ModelRef] | None = None,
          ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`@route(bp, "/me", roles=ANY_SIGNED_IN, response=SignedIn)`: register an `endpoint` on a
    blueprint and record its contract in `ROUTES`. `body`/`query`: request models (parsed and
    passed to the handler as `body=`/`query=`); `response`: the model(s) answered with `status`;
    `errors`: statuses the route answers beyond the ones its roles, body and path imply (e.g.
    402, 409, 429); `other`: further statuses answered with a model that is not the error shape.
    A model may be named lazily (`contract.lazy(module).Name`): imported on the route's first use."""
    responses = response if isinstance(response, tuple) else (response,)
    verbs = methods or ["GET"]
    roles_set = frozenset(roles) if roles is not None else None

    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        summary = (handler.__doc__ or "").strip().split("\n")[0]
        specs = [RouteSpec(path=path, method=verb, handler=f"{handler.__module__}.{handler.__name__}",
                           summary=summary, roles=roles_set, body=body, raw_body=raw_body, query=query,
                           response=responses, status=status, errors=tuple(errors), other=dict(other or {}))
                 for verb in verbs]
        ROUTES.extend(specs)
        wrapped = endpoint(roles_set, specs[0])(handler)
        wrapped.blueprint = bp  # type: ignore[attr-defined]
        bp.route(path, methods=verbs)(wrapped)
        return wrapped

    return decorate
