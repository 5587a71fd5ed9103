"""The staff console (admins): providers, catalog, services, users, orders needing staff.

api/admin.py names these models lazily (`contract.lazy`): only a staff request imports them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from chalicelib.api.contract import Body, Query
from chalicelib.api.schemas.accounts import UserOut
from chalicelib.api.schemas.common import Cursor, Money, Out
from chalicelib.api.schemas.orders import EntryOut, OrderOut, ServiceOut
from chalicelib.domain.catalog import CustomRate, Service
from chalicelib.domain.money import show
from chalicelib.domain.orders import Order, OrderStatus
from chalicelib.domain.providers import Provider

# --- request bodies and queries -------------------------------------------------------------


class ProviderBody(Body):
    name: str = Field(max_length=100)
    api_url: str = Field(max_length=500)
    api_key: str = Field(max_length=500)


class ProviderChanges(Body):
    name: str | None = Field(default=None, max_length=100)
    api_url: str | None = Field(default=None, max_length=500)
    api_key: str | None = Field(default=None, max_length=500)
    enabled: bool | None = None
    low_balance_usd: str | None = Field(default=None, max_length=20,
                                        description="Warn under this balance; absent: unchanged.")
    clear_low_balance: bool = Field(default=False, description="Use the panel-wide threshold again.")


class ImportBody(Body):
    services: list[str] | None = Field(default=None, max_length=5000)


class ServiceChanges(Body):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    category: str | None = Field(default=None, min_length=1, max_length=100)
    sort: int | None = Field(default=None, ge=0, le=1_000_000)
    enabled: bool | None = None
    markup_percent: str | None = Field(default=None, max_length=20)
    clear_markup: bool = False
    one_active_order_per_link: bool | None = None
    refill_window_days: int | None = Field(default=None, ge=0, le=365)
    backup_provider_id: int | None = Field(default=None, ge=1)
    backup_provider_service: str | None = Field(default=None, min_length=1, max_length=50)
    clear_backup: bool = False


class MarkupBody(Body):
    markup_percent: str = Field(max_length=20)


class AdjustBody(Body):
    amount: str = Field(max_length=30)
    direction: str = Field(pattern="^(credit|debit)$")
    reason: str = Field(min_length=1, max_length=500)


class RateBody(Body):
    service: int | None = None
    fixed_rate: str | None = Field(default=None, max_length=30)
    discount_percent: str | None = Field(default=None, max_length=10)


class ReconcileBody(Body):
    action: str = Field(pattern="^(mark_sent|cancel|retry|settle)$")
    provider_order: str | None = Field(default=None, max_length=100)
    remains: str | None = Field(default=None, max_length=12)  # settle: units the provider did not deliver


class UserSearch(Query):
    email: str | None = Field(default=None, description="Required: the e-mail address to look up.")


# --- answers --------------------------------------------------------------------------------


class ProviderOut(Out):
    """Staff only. The API key itself is never returned, only its last characters."""

    id: int
    name: str
    api_url: str
    enabled: bool
    api_key: str

    @classmethod
    def of(cls, provider: Provider) -> ProviderOut:
        return cls(id=provider.provider_id, name=provider.name, api_url=provider.api_url, enabled=provider.enabled,
                   api_key=provider.key_hint)


class LastBalance(Out):
    """The provider's balance as the health job last saw it."""

    balance: str
    currency: str
    checked_at: str


class ProviderListed(ProviderOut):
    last_balance: LastBalance | None = None
    low_balance_usd: str | None = Field(default=None, description="This provider's own threshold; null: the "
                                                                     "panel-wide one applies.")
    low_balance_threshold: str = Field(default="0", description="The threshold that applies.")
    low_balance: bool = Field(default=False, description="The last balance seen is under the threshold.")


class ProviderList(Out):
    providers: list[ProviderListed]


class ProviderAnswer(Out):
    provider: ProviderOut


class ProviderBalance(Out):
    balance: str
    currency: str


class ImportResultOut(Out):
    imported: list[int]
    already_imported: int
    skipped: list[str]


class AdminOrderOut(OrderOut):
    """Staff see where an order went and why it waits."""

    user_id: str
    internal_status: OrderStatus
    provider_id: int
    provider_service: str
    provider_order: str | None
    review_reason: str | None
    stuck: bool
    upstream_status: str | None
    attempts: int

    @classmethod
    def of(cls, order: Order) -> AdminOrderOut:
        return cls(**OrderOut.fields_of(order), user_id=order.user_id, internal_status=order.status,
                   provider_id=order.provider_id, provider_service=order.provider_service,
                   provider_order=order.provider_order, review_reason=order.review_reason, stuck=order.stuck,
                   upstream_status=order.upstream_status, attempts=order.attempts)


class OrdersNeedingStaff(Out):
    needs_review: list[AdminOrderOut]
    stuck: list[AdminOrderOut]


class AdminOrderAnswer(Out):
    order: AdminOrderOut


class AdminServiceOut(ServiceOut):
    enabled: bool
    sort: int
    provider_id: int
    provider_service: str
    provider_rate: Money
    markup_percent: str | None
    provider_available: bool
    one_active_order_per_link: bool
    refill_window_days: int
    backup_provider_id: int | None
    backup_provider_service: str | None
    provider_name: str = Field(description="The provider's own name of the service: staff only.")

    @classmethod
    def of_listed(cls, service: Service, list_rate: Decimal) -> AdminServiceOut:
        shown = ServiceOut.of(service, list_rate).model_dump()
        return cls(**shown, enabled=service.enabled, sort=service.sort, provider_id=service.provider_id,
                   provider_service=service.provider_service, provider_rate=show(service.provider_rate),
                   markup_percent=str(service.markup_percent) if service.markup_percent is not None else None,
                   provider_available=service.provider_available,
                   one_active_order_per_link=service.one_active_order_per_link,
                   refill_window_days=service.refill_window_days, backup_provider_id=service.backup_provider_id,
                   backup_provider_service=service.backup_provider_service, provider_name=service.provider_name)


class AdminServiceList(Out):
    markup_percent: str
    services: list[AdminServiceOut]


class AdminServiceAnswer(Out):
    service: AdminServiceOut


class MarkupAnswer(Out):
    markup_percent: str


class UserList(Out):
    users: list[UserOut]


class CustomRateOut(Out):
    service: int | None = Field(description="The service; null: a discount on every service.")
    fixed_rate: str | None
    discount_percent: str | None

    @classmethod
    def of(cls, service: int | None, rate: CustomRate) -> CustomRateOut:
        return cls(service=service, fixed_rate=str(rate.fixed_rate) if rate.fixed_rate is not None else None,
                   discount_percent=str(rate.discount_percent) if rate.discount_percent is not None else None)


class UserDetail(Out):
    user: UserOut
    balance: Money
    withdrawable: Money = Field(description="At most this can be refunded or paid out: the balance less its "
                                            "service credit and bonus.")
    locked: str | None = Field(description="Why the account is locked (a negative balance); null when not.")
    staff_lock: str | None = Field(default=None, description="Why staff locked the account (no ordering, no API "
                                   "use); null when not.")
    ledger: list[EntryOut]
    ledger_next_cursor: Cursor
    custom_rates: list[CustomRateOut]


class AdjustAnswer(Out):
    entry: EntryOut
    balance: Money


class Ok(Out):
    ok: Literal[True]
