"""The signed-in user's own account."""

from __future__ import annotations

from chalice.app import Blueprint, Response
from pydantic import Field

from chalicelib.api.http import ANY_SIGNED_IN, Body, Ctx, route
from chalicelib.api.views import user_view
from chalicelib.domain.api_keys import ApiKey
from chalicelib.services import api_keys, passwords

bp = Blueprint(__name__)


class ChangePasswordBody(Body):
    current_password: str = Field(max_length=1000)
    new_password: str = Field(max_length=1000)


@route(bp, "/me", roles=ANY_SIGNED_IN)
def me(ctx: Ctx) -> Response:
    return Response(body={"user": user_view(ctx.me), "csrf_token": ctx.live_session.csrf_token})


@route(bp, "/me/password", methods=["POST"], roles=ANY_SIGNED_IN)
def change_password(ctx: Ctx) -> Response:
    body = ctx.body(ChangePasswordBody)
    revoked = passwords.change_password(ctx.me, body.current_password, body.new_password,
                                       keep_session_hash=ctx.live_session.token_hash)
    return Response(body={"message": "Password changed. Other sessions were signed out.",
                          "signed_out_sessions": revoked})


class NewKeyBody(Body):
    label: str = Field(max_length=60)
    allowed_ips: list[str] = Field(default_factory=list, max_length=20)
    rps_limit: int | None = Field(default=None, ge=1)
    daily_limit: int | None = Field(default=None, ge=1)


def key_view(key: ApiKey) -> dict[str, object]:
    """Never the key itself: only its first characters, to tell keys apart."""
    return {"id": key.key_id, "label": key.label, "prefix": key.prefix, "created_at": key.created_at.isoformat(),
            "last_used_at": key.last_used_at.isoformat() if key.last_used_at else None, "revoked": key.revoked,
            "allowed_ips": list(key.allowed_ips), "rps_limit": key.rps_limit, "daily_limit": key.daily_limit}


@route(bp, "/me/api-keys", roles=ANY_SIGNED_IN)
def list_keys(ctx: Ctx) -> Response:
    return Response(body={"keys": [key_view(k) for k in api_keys.of_user(ctx.me.user_id)]})


@route(bp, "/me/api-keys", methods=["POST"], roles=ANY_SIGNED_IN)
def create_key(ctx: Ctx) -> Response:
    body = ctx.body(NewKeyBody)
    text, key = api_keys.create(ctx.me.user_id, body.label, body.allowed_ips, body.rps_limit, body.daily_limit)
    return Response(body={"key": text, "api_key": key_view(key)}, status_code=201)


@route(bp, "/me/api-keys/{key_id}/revoke", methods=["POST"], roles=ANY_SIGNED_IN)
def revoke_key(ctx: Ctx, key_id: str) -> Response:
    return Response(body={"api_key": key_view(api_keys.revoke(ctx.me.user_id, key_id))})


@route(bp, "/me/api-keys/{key_id}/rotate", methods=["POST"], roles=ANY_SIGNED_IN)
def rotate_key(ctx: Ctx, key_id: str) -> Response:
    text, key = api_keys.rotate(ctx.me.user_id, key_id)
    return Response(body={"key": text, "api_key": key_view(key)}, status_code=201)
