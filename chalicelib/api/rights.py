"""Data-subject rights of the signed-in user (P6): export, deletion, corrections, objections.
Every route acts on the caller's own account: none takes a user id."""

from __future__ import annotations

from chalice.app import Blueprint
from pydantic import BaseModel

from chalicelib.api.contract import lazy
from chalicelib.api.http import ANY_SIGNED_IN, Ctx, Reply, route, session_cookie
from chalicelib.api.schemas.accounts import UserOut
from chalicelib.api.schemas.rights import (
    AccountDeleted,
    DeleteAccountBody,
    DeletionInfo,
    EmailChangeBody,
    EmailChanged,
    EmailChangeRequested,
    EmailConfirmBody,
    Preferences,
    PreferencesBody,
    UsernameBody,
    UsernameChanged,
)
from chalicelib.domain.accounts import Role
from chalicelib.services import corrections, rights

bp = Blueprint(__name__)
CUSTOMERS = frozenset({Role.CUSTOMER})
EXPORT = lazy("chalicelib.api.schemas.rights_export")


@route(bp, "/me/export", roles=ANY_SIGNED_IN, response=EXPORT.DataExport, errors=[429])
def export(ctx: Ctx) -> Reply[BaseModel]:
    """Everything held about the caller, as a JSON file to download."""
    from chalicelib.api.schemas.rights_export import DataExport

    found = rights.export(ctx.me)
    name = f"my-data-{found.generated_at.date().isoformat()}.json"
    return Reply(DataExport.of(found), headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                "Cache-Control": "no-store"})


@route(bp, "/me/delete", roles=CUSTOMERS, response=DeletionInfo)
def deletion_info(ctx: Ctx) -> DeletionInfo:
    """What deleting the account means now: the balance left behind, orders still running."""
    return DeletionInfo.of(rights.deletion_preview(ctx.me))


@route(bp, "/me/delete", methods=["POST"], roles=CUSTOMERS, body=DeleteAccountBody, response=AccountDeleted,
       errors=[409, 429])
def delete_account(ctx: Ctx, body: DeleteAccountBody) -> Reply[AccountDeleted]:
    """Delete the account: signed out everywhere, personal data erased, financial records
    kept pseudonymised. A wrong password changes nothing (403)."""
    erased = rights.delete_account(ctx.me, body.password, body.accept_balance_loss, ctx.client_ip)
    return Reply(AccountDeleted.of(erased), headers={"Set-Cookie": session_cookie("", 0)})


@route(bp, "/me/username", methods=["POST"], roles=ANY_SIGNED_IN, body=UsernameBody, response=UsernameChanged,
       errors=[409, 429])
def change_username(ctx: Ctx, body: UsernameBody) -> UsernameChanged:
    """Correct the username (registration's rules); the old one is freed."""
    return UsernameChanged(user=UserOut.of(corrections.change_username(ctx.me, body.username)))


@route(bp, "/me/email", methods=["POST"], roles=ANY_SIGNED_IN, body=EmailChangeBody,
       response=EmailChangeRequested, status=202, errors=[409, 429])
def request_email_change(ctx: Ctx, body: EmailChangeBody) -> EmailChangeRequested:
    """Correct the e-mail address: a link is mailed to the new one; the old one works until then."""
    pending = corrections.request_email_change(ctx.me, body.email, body.password)
    return EmailChangeRequested(message=f"We sent a confirmation link to {pending}. Your address changes when "
                                        "you open it.", pending_email=pending)


@route(bp, "/account/email/confirm", methods=["POST"], body=EmailConfirmBody, response=EmailChanged,
       errors=[409, 429])
def confirm_email_change(ctx: Ctx, body: EmailConfirmBody) -> EmailChanged:
    """Open the link mailed to the new address: it becomes the account's address."""
    email = corrections.confirm_email_change(body.token, ctx.client_ip)
    return EmailChanged(message="Your e-mail address was changed.", email=email)


@route(bp, "/me/preferences", roles=ANY_SIGNED_IN, response=Preferences)
def preferences(ctx: Ctx) -> Preferences:
    """The caller's objections to optional processing (marketing mail)."""
    return Preferences(marketing_opt_out=corrections.marketing_opt_out(ctx.me))


@route(bp, "/me/preferences", methods=["POST"], roles=ANY_SIGNED_IN, body=PreferencesBody, response=Preferences)
def set_preferences(ctx: Ctx, body: PreferencesBody) -> Preferences:
    """Object to (or accept again) marketing mail."""
    return Preferences(marketing_opt_out=corrections.set_marketing_opt_out(ctx.me, body.marketing_opt_out))
