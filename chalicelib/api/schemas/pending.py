"""The contract of the routes whose handlers are not typed yet (api/admin.py, api/payments.py,
api/tickets.py): what api/openapi.py documents for them until their `@route` declares it.

Each entry moves into its route's decorator when the handler returns these models; a test
keeps every entry pointing at a route that still declares nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas import admin, payments, tickets
from chalicelib.api.schemas.common import Page


class StripeEvent(Body):
    """Stripe's event as Stripe sends it; the signature header over the raw body is checked."""

    model_config = ConfigDict(extra="allow", strict=False)

    id: str = Field(max_length=255)
    type: str = Field(max_length=255)


@dataclass(frozen=True)
class Pending:
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: tuple[type[BaseModel], ...] = ()
    status: int = 200
    errors: tuple[int, ...] = ()


def _p(response: type[BaseModel], **kw: object) -> Pending:
    return Pending(response=(response,), **kw)  # type: ignore[arg-type]


PENDING: dict[tuple[str, str], Pending] = {
    # api/admin.py
    ("GET", "/admin/providers"): _p(admin.ProviderList),
    ("POST", "/admin/providers"): _p(admin.ProviderAnswer, body=admin.ProviderBody, status=201),
    ("PATCH", "/admin/providers/{provider_id}"): _p(admin.ProviderAnswer, body=admin.ProviderChanges),
    ("POST", "/admin/providers/{provider_id}/balance"): _p(admin.ProviderBalance),
    ("POST", "/admin/providers/{provider_id}/import"): _p(admin.ImportResultOut, body=admin.ImportBody),
    ("GET", "/admin/orders"): _p(admin.OrdersNeedingStaff),
    ("POST", "/admin/orders/{order_id}/reconcile"): _p(admin.AdminOrderAnswer, body=admin.ReconcileBody,
                                                       errors=(409,)),
    ("GET", "/admin/services"): _p(admin.AdminServiceList),
    ("PATCH", "/admin/services/{service_id}"): _p(admin.AdminServiceAnswer, body=admin.ServiceChanges),
    ("PUT", "/admin/catalog/markup"): _p(admin.MarkupAnswer, body=admin.MarkupBody),
    ("GET", "/admin/users"): _p(admin.UserList, query=admin.UserSearch),
    ("GET", "/admin/users/{user_id}"): _p(admin.UserDetail, query=Page),
    ("POST", "/admin/users/{user_id}/adjust"): _p(admin.AdjustAnswer, body=admin.AdjustBody, status=201,
                                                  errors=(402, 409)),
    ("PUT", "/admin/users/{user_id}/rates"): _p(admin.Ok, body=admin.RateBody),
    # api/payments.py
    ("GET", "/payments/config"): _p(payments.PaymentsConfig),
    ("POST", "/payments/top-ups"): _p(payments.StartedTopUp, body=payments.TopUpBody, status=201,
                                      errors=(402, 409, 429, 503)),
    ("GET", "/payments/top-ups"): _p(payments.TopUpPage, query=Page),
    ("GET", "/payments/top-ups/{top_up_id}"): _p(payments.TopUpAnswer),
    ("POST", "/payments/webhook"): _p(payments.WebhookReceived, body=StripeEvent, errors=(409, 503)),
    ("PUT", "/admin/payments/bonus-tiers"): _p(payments.BonusTiersAnswer, body=payments.BonusTiersBody),
    ("GET", "/admin/top-ups"): _p(payments.TopUpPage, query=payments.MonthPage),
    ("GET", "/admin/users/{user_id}/top-ups"): _p(payments.TopUpPage, query=Page),
    ("POST", "/admin/users/{user_id}/top-ups"): _p(payments.TopUpAnswer, body=payments.ManualTopUpBody, status=201,
                                                   errors=(409, 503)),
    ("POST", "/admin/users/{user_id}/unlock"): _p(payments.Unlocked, body=payments.UnlockBody, errors=(409,)),
    # api/tickets.py
    ("GET", "/tickets/config"): _p(tickets.TicketConfig),
    ("POST", "/tickets/attachments"): _p(tickets.UploadAnswer, body=tickets.UploadBody, status=201, errors=(429,)),
    ("POST", "/tickets"): _p(tickets.TicketThread, body=tickets.OpenBody, status=201, errors=(409, 429)),
    ("GET", "/tickets"): _p(tickets.TicketList),
    ("GET", "/tickets/{number}"): _p(tickets.TicketThread),
    ("POST", "/tickets/{number}/replies"): _p(tickets.TicketReplied, body=tickets.ReplyBody, status=201,
                                              errors=(409,)),
    ("POST", "/tickets/{number}/close"): _p(tickets.TicketAnswer, errors=(409,)),
    ("GET", "/tickets/{number}/attachments/{attachment_id}"): _p(tickets.DownloadAnswer),
    ("GET", "/staff/tickets"): _p(tickets.StaffTicketList, query=tickets.QueueQuery),
    ("GET", "/staff/tickets/breaches"): _p(tickets.Breaches, query=tickets.MonthQuery),
    ("GET", "/staff/canned-replies"): _p(tickets.CannedReplies),
    ("GET", "/staff/users/{user_id}/tickets"): _p(tickets.StaffTicketList),
    ("GET", "/staff/tickets/{number}"): _p(tickets.StaffThread),
    ("POST", "/staff/tickets/{number}/replies"): _p(tickets.StaffTicketAnswer, body=tickets.StaffReplyBody,
                                                    status=201, errors=(409,)),
    ("POST", "/staff/tickets/{number}/notes"): _p(tickets.StaffTicketAnswer, body=tickets.NoteBody, status=201,
                                                  errors=(409,)),
    ("POST", "/staff/tickets/{number}/status"): _p(tickets.StaffTicketAnswer, body=tickets.StatusBody,
                                                   errors=(409,)),
    ("POST", "/staff/tickets/{number}/assign"): _p(tickets.StaffTicketAnswer, body=tickets.AssignBody,
                                                   errors=(409,)),
    ("POST", "/staff/tickets/{number}/classify"): _p(tickets.StaffTicketAnswer, body=tickets.ClassifyBody,
                                                     errors=(409,)),
    ("POST", "/staff/tickets/{number}/merge"): _p(tickets.Merged, body=tickets.MergeBody, errors=(409,)),
    ("GET", "/staff/tickets/{number}/attachments/{attachment_id}"): _p(tickets.DownloadAnswer),
}
