"""The signed-in user's own account."""

from __future__ import annotations

from chalice.app import Blueprint, Response
from pydantic import Field

from chalicelib.api.http import ANY_SIGNED_IN, Body, Ctx, route
from chalicelib.api.views import user_view
from chalicelib.services import accounts

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
    revoked = accounts.change_password(ctx.me, body.current_password, body.new_password,
                                       keep_session_hash=ctx.live_session.token_hash)
    return Response(body={"message": "Password changed. Other sessions were signed out.",
                          "signed_out_sessions": revoked})
