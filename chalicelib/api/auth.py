"""Registration, sign-in (with the staff TOTP step), sign-out and password reset."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.http import ANY_SIGNED_IN, Ctx, Reply, route, session_cookie
from chalicelib.api.schemas.accounts import (
    ForgotBody,
    LoginBody,
    Notice,
    PasswordReset,
    RegisterBody,
    Registered,
    ResetBody,
    SignedIn,
    SignedOut,
    TotpBody,
    TotpRequired,
    UserOut,
)
from chalicelib.services import accounts, limits, passwords
from chalicelib.settings import get_settings

bp = Blueprint(__name__)


def _signed_in(issued: accounts.IssuedSession) -> Reply[SignedIn]:
    return Reply(SignedIn(user=UserOut.of(issued.user), csrf_token=issued.record.csrf_token),
                 headers={"Set-Cookie": session_cookie(issued.token, get_settings().session_absolute_seconds)})


@route(bp, "/auth/register", methods=["POST"], body=RegisterBody, response=Registered, status=201,
       errors=[409, 429])
def register(ctx: Ctx, body: RegisterBody) -> Registered:
    """Open a customer account."""
    limits.take("new accounts from your network",
                limits.per_ip("register", ctx.client_ip, get_settings().registrations_per_ip))
    return Registered(user=UserOut.of(accounts.register(body.username, body.email, body.password, body.adult)))


@route(bp, "/auth/login", methods=["POST"], body=LoginBody, response=(SignedIn, TotpRequired), errors=[401, 429])
def login(ctx: Ctx, body: LoginBody) -> Reply[SignedIn] | TotpRequired:
    """Sign in; staff get a TOTP challenge instead of a session."""
    outcome = accounts.sign_in(body.email, body.password, ctx.client_ip)
    if isinstance(outcome, accounts.TotpRequired):
        return TotpRequired(totp_required=True, challenge=outcome.challenge)
    return _signed_in(outcome)


@route(bp, "/auth/login/totp", methods=["POST"], body=TotpBody, response=SignedIn, errors=[401, 429])
def login_totp(ctx: Ctx, body: TotpBody) -> Reply[SignedIn]:
    """The staff sign-in's second step."""
    return _signed_in(accounts.complete_totp(body.challenge, body.code, ctx.client_ip))


@route(bp, "/auth/logout", methods=["POST"], roles=ANY_SIGNED_IN, response=SignedOut)
def logout(ctx: Ctx) -> Reply[SignedOut]:
    """End this session and clear its cookie."""
    accounts.sign_out_session(ctx.live_session.token_hash)
    return Reply(SignedOut(signed_out=True), headers={"Set-Cookie": session_cookie("", 0)})


@route(bp, "/auth/password/forgot", methods=["POST"], body=ForgotBody, response=Notice, status=202, errors=[429])
def forgot_password(ctx: Ctx, body: ForgotBody) -> Notice:
    """Mail a reset link (the same answer whether or not the address has an account)."""
    passwords.request_password_reset(body.email, ctx.client_ip)
    return Notice(message="If an account uses this address, a reset link is on its way. It expires in "
                          f"{get_settings().password_reset_ttl_seconds // 60} minutes.")


@route(bp, "/auth/password/reset", methods=["POST"], body=ResetBody, response=PasswordReset, errors=[429])
def reset_password(ctx: Ctx, body: ResetBody) -> PasswordReset:
    """Set a new password from a mailed link; signs out everywhere."""
    revoked = passwords.reset_password(body.token, body.password, ctx.client_ip, revoke_api_keys=body.revoke_api_keys)
    return PasswordReset(message="Your password was changed. Sign in with the new one.", revoked_api_keys=revoked)
