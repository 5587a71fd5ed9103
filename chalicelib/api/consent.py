"""The cookie registry (C8) and consent proof (C9): both public, signed in or not."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.http import Ctx, read_session_cookie, route
from chalicelib.api.schemas.consent import ConsentBody, ConsentRecorded, CookieRegistry
from chalicelib.domain import errors
from chalicelib.services import accounts, consent
from chalicelib.settings import get_settings

bp = Blueprint(__name__)


@route(bp, "/cookies", response=CookieRegistry)
def cookie_registry(ctx: Ctx) -> CookieRegistry:
    """Every cookie and storage key the site sets, by category, and the registry's revision."""
    return CookieRegistry.of(consent.registry(), get_settings().ga_measurement_id)


@route(bp, "/consent", methods=["POST"], body=ConsentBody, raw_body=True, response=ConsentRecorded, status=201,
       errors=(413, 415, 429))
def record_consent(ctx: Ctx) -> ConsentRecorded:
    """Record a cookie choice (first choice, change or withdrawal) as proof of consent."""
    # No CSRF token exists before sign-in. The route only appends a record, reads JSON only
    # (a cross-site form cannot send it without a preflight we never allow) and is throttled.
    limit = get_settings().consent_max_body_bytes
    if len(ctx.request.raw_body or b"") > limit:
        raise errors.PayloadTooLarge(f"A consent choice is at most {limit} bytes.")
    body = ctx.body(ConsentBody)
    record = consent.record_choice(
        body.consent_id, body.action, body.accepted, body.rejected, body.revision,
        ip=ctx.client_ip, user_agent=str(ctx.request.headers.get("user-agent", "")), user_id=_signed_in(ctx),
    )
    return ConsentRecorded.of(record)


def _signed_in(ctx: Ctx) -> str | None:
    """The signed-in user's id, or None for a visitor (an expired session is a visitor)."""
    token = read_session_cookie(ctx.request)
    if not token:
        return None
    try:
        return accounts.resolve_session(token).user.user_id
    except errors.NotAuthenticated:
        return None
