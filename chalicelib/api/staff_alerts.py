"""Staff alerts in the console (admins only): the Telegram chat alerts also go to, a test alert,
and the alerts sent lately (services/staff_alerts.py). Setting and removing Telegram is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api.contract import lazy
from chalicelib.api.http import Ctx, route
from chalicelib.domain.accounts import Role
from chalicelib.services import staff_alerts

if TYPE_CHECKING:
    from chalicelib.api.schemas.staff_alerts import AlertSettingsOut, AlertsPage, TelegramBody, TestSent

bp = Blueprint(__name__)
ADMIN = [Role.ADMIN]
S = lazy("chalicelib.api.schemas.staff_alerts")


@route(bp, "/admin/alerts", roles=ADMIN, response=S.AlertsPage)
def alerts_page(ctx: Ctx) -> AlertsPage:
    """The alert settings, who receives each alert, and the alerts sent this month and last."""
    from chalicelib.api.schemas import staff_alerts as s

    return s.AlertsPage.of(staff_alerts.settings(), staff_alerts.recent())


@route(bp, "/admin/alerts/telegram", methods=["PUT"], roles=ADMIN, body=S.TelegramBody,
       response=S.AlertSettingsOut, errors=[409])
def set_telegram(ctx: Ctx, body: TelegramBody) -> AlertSettingsOut:
    """Send alerts to a Telegram chat too (the bot token is stored as a secret)."""
    from chalicelib.api.schemas import staff_alerts as s

    return s.AlertSettingsOut.of(staff_alerts.set_telegram(ctx.me.user_id, body.bot_token, body.chat_id))


@route(bp, "/admin/alerts/telegram", methods=["DELETE"], roles=ADMIN, response=S.AlertSettingsOut,
       errors=[400, 409])
def remove_telegram(ctx: Ctx) -> AlertSettingsOut:
    """Stop sending alerts to Telegram and forget the bot token."""
    from chalicelib.api.schemas import staff_alerts as s

    return s.AlertSettingsOut.of(staff_alerts.remove_telegram(ctx.me.user_id))


@route(bp, "/admin/alerts/test", methods=["POST"], roles=ADMIN, response=S.TestSent)
def send_test(ctx: Ctx) -> TestSent:
    """Send a test alert to every admin's e-mail and, when set up, to Telegram."""
    from chalicelib.api.schemas import staff_alerts as s

    return s.TestSent(sent=staff_alerts.send_test(ctx.me.user_id))
