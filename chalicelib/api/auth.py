"""Registration, sign-in (with the staff TOTP step), sign-out and password reset."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint, Response
from pydantic import Field

from chalicelib.api.http import ANY_SIGNED_IN, Body, Ctx, route, session_cookie
from chalicelib.api.views import user_view
from chalicelib.services import accounts, limits, passwords
from chalicelib.settings import get_settings

bp = Blueprint(__name__)


class RegisterBody(Body):
    username: str = Field(max_length=200)
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)
    adult: bool


class LoginBody(Body):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)


class TotpBody(Body):
    challenge: str = Field(max_length=200)
    code: str = Field(max_length=12)


class ForgotBody(Body):
    email: str = Field(max_length=320)


class ResetBody(Body):
    token: str = Field(max_length=200)
    password: str = Field(max_length=1000)
    # Opt-in on the reset page: also revoke every reseller API key of the account.
    revoke_api_keys: bool = False


def _signed_in(issued: accounts.IssuedSession) -> Response:
    body: dict[str, Any] = {"user": user_view(issued.user), "csrf_token": issued.record.csrf_token}
    return Response(body=body, status_code=200,
                    headers={"Set-Cookie": session_cookie(issued.token, get_settings().session_absolute_seconds)})


@route(bp, "/auth/register", methods=["POST"])
def register(ctx: Ctx) -> Response:
    body = ctx.body(RegisterBody)
    limits.take("new accounts from your network",
                limits.per_ip("register", ctx.client_ip, get_settings().registrations_per_ip))
    user = accounts.register(body.username, body.email, body.password, body.adult)
    return Response(body={"user": user_view(user)}, status_code=201)


@route(bp, "/auth/login", methods=["POST"])
def login(ctx: Ctx) -> Response:
    body = ctx.body(LoginBody)
    outcome = accounts.sign_in(body.email, body.password, ctx.client_ip)
    if isinstance(outcome, accounts.TotpRequired):
        return Response(body={"totp_required": True, "challenge": outcome.challenge}, status_code=200)
    return _signed_in(outcome)


@route(bp, "/auth/login/totp", methods=["POST"])
def login_totp(ctx: Ctx) -> Response:
    body = ctx.body(TotpBody)
    return _signed_in(accounts.complete_totp(body.challenge, body.code, ctx.client_ip))


@route(bp, "/auth/logout", methods=["POST"], roles=ANY_SIGNED_IN)
def logout(ctx: Ctx) -> Response:
    accounts.sign_out_session(ctx.live_session.token_hash)
    return Response(body={"signed_out": True}, status_code=200,
                    headers={"Set-Cookie": session_cookie("", 0)})


@route(bp, "/auth/password/forgot", methods=["POST"])
def forgot_password(ctx: Ctx) -> Response:
    passwords.request_password_reset(ctx.body(ForgotBody).email, ctx.client_ip)
    return Response(
        body={"message": "If an account uses this address, a reset link is on its way. It expires in "
                         f"{get_settings().password_reset_ttl_seconds // 60} minutes."},
        status_code=202,
    )


@route(bp, "/auth/password/reset", methods=["POST"])
def reset_password(ctx: Ctx) -> Response:
    body = ctx.body(ResetBody)
    revoked = passwords.reset_password(body.token, body.password, ctx.client_ip, revoke_api_keys=body.revoke_api_keys)
    return Response(body={"message": "Your password was changed. Sign in with the new one.",
                          "revoked_api_keys": revoked}, status_code=200)
