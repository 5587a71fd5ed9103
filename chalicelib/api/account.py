"""The signed-in user's own account."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.http import ANY_SIGNED_IN, Ctx, route
from chalicelib.api.schemas.accounts import (
    ApiKeyAnswer,
    ApiKeyList,
    ApiKeyOut,
    ChangePasswordBody,
    KeyLimitsBody,
    NewApiKey,
    NewKeyBody,
    PasswordChanged,
    SignedIn,
    UserOut,
)
from chalicelib.api.schemas.mail_preferences import MailPreferencesBody, MailPreferencesOut
from chalicelib.services import api_keys, customer_mails, passwords
from chalicelib.settings import get_settings

bp = Blueprint(__name__)


@route(bp, "/me", roles=ANY_SIGNED_IN, response=SignedIn)
def me(ctx: Ctx) -> SignedIn:
    """The signed-in user and the session's CSRF token."""
    return SignedIn(user=UserOut.of(ctx.me), csrf_token=ctx.live_session.csrf_token)


@route(bp, "/me/password", methods=["POST"], roles=ANY_SIGNED_IN, body=ChangePasswordBody,
       response=PasswordChanged, errors=[429])
def change_password(ctx: Ctx, body: ChangePasswordBody) -> PasswordChanged:
    """Change the password; every other session is signed out."""
    revoked = passwords.change_password(ctx.me, body.current_password, body.new_password,
                                       keep_session_hash=ctx.live_session.token_hash)
    return PasswordChanged(message="Password changed. Other sessions were signed out.", signed_out_sessions=revoked)


@route(bp, "/me/api-keys", roles=ANY_SIGNED_IN, response=ApiKeyList)
def list_keys(ctx: Ctx) -> ApiKeyList:
    """The caller's reseller API keys (never the keys themselves)."""
    settings = get_settings()
    return ApiKeyList(keys=[ApiKeyOut.of(k) for k in api_keys.of_user(ctx.me.user_id)],
                      max_rps_limit=settings.api_default_rps, max_daily_limit=settings.api_default_daily)


@route(bp, "/me/api-keys", methods=["POST"], roles=ANY_SIGNED_IN, body=NewKeyBody, response=NewApiKey, status=201)
def create_key(ctx: Ctx, body: NewKeyBody) -> NewApiKey:
    """A new reseller API key; its text is answered this once."""
    text, key = api_keys.create(ctx.me.user_id, body.label, body.allowed_ips, body.rps_limit, body.daily_limit)
    return NewApiKey(key=text, api_key=ApiKeyOut.of(key))


@route(bp, "/me/api-keys/{key_id}/revoke", methods=["POST"], roles=ANY_SIGNED_IN, response=ApiKeyAnswer)
def revoke_key(ctx: Ctx, key_id: str) -> ApiKeyAnswer:
    """Revoke one of the caller's keys."""
    return ApiKeyAnswer(api_key=ApiKeyOut.of(api_keys.revoke(ctx.me.user_id, key_id)))


@route(bp, "/me/api-keys/{key_id}/limits", methods=["PUT"], roles=ANY_SIGNED_IN, body=KeyLimitsBody,
       response=ApiKeyAnswer)
def set_key_limits(ctx: Ctx, key_id: str, body: KeyLimitsBody) -> ApiKeyAnswer:
    """Change one of the caller's live keys' per-second and daily limits (up to the panel's own)."""
    return ApiKeyAnswer(api_key=ApiKeyOut.of(api_keys.set_limits(ctx.me.user_id, key_id, body.rps_limit,
                                                                  body.daily_limit)))


@route(bp, "/me/api-keys/{key_id}/rotate", methods=["POST"], roles=ANY_SIGNED_IN, response=NewApiKey, status=201)
def rotate_key(ctx: Ctx, key_id: str) -> NewApiKey:
    """Replace a key by a new one with the same settings; the new text is answered once."""
    text, key = api_keys.rotate(ctx.me.user_id, key_id)
    return NewApiKey(key=text, api_key=ApiKeyOut.of(key))


@route(bp, "/account/mail-preferences", roles=ANY_SIGNED_IN, response=MailPreferencesOut)
def mail_preferences(ctx: Ctx) -> MailPreferencesOut:
    """Which service mails the caller gets (order completed, partial, canceled; top-up received)."""
    return MailPreferencesOut.of(customer_mails.preferences(ctx.me))


@route(bp, "/account/mail-preferences", methods=["PUT"], roles=ANY_SIGNED_IN, body=MailPreferencesBody,
       response=MailPreferencesOut, errors=[409])
def set_mail_preferences(ctx: Ctx, body: MailPreferencesBody) -> MailPreferencesOut:
    """Switch service mails on or off; `version` must be the one last read."""
    return MailPreferencesOut.of(customer_mails.set_preferences(ctx.me, body.wanted()))
