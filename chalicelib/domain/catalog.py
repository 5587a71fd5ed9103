"""Catalog rules: service types, our rate from the provider's, per-user custom rates."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import parse_amount, quantize

MAX_MARKUP_PERCENT = Decimal(1000)


class ServiceType(enum.StrEnum):
    DEFAULT = "Default"
    PACKAGE = "Package"
    SEO = "SEO"
    CUSTOM_COMMENTS = "Custom Comments"
    CUSTOM_COMMENTS_PACKAGE = "Custom Comments Package"
    MENTIONS = "Mentions"
    MENTIONS_WITH_HASHTAGS = "Mentions with Hashtags"
    MENTIONS_CUSTOM_LIST = "Mentions Custom List"
    MENTIONS_HASHTAG = "Mentions Hashtag"
    MENTIONS_USER_FOLLOWERS = "Mentions User Followers"
    MENTIONS_MEDIA_LIKERS = "Mentions Media Likers"
    COMMENT_LIKES = "Comment Likes"
    COMMENT_REPLIES = "Comment Replies"
    POLL = "Poll"
    INVITES_FROM_GROUPS = "Invites from Groups"
    SUBSCRIPTIONS = "Subscriptions"


# Types whose price is the rate itself (a package), not rate x quantity / 1000.
PACKAGE_TYPES = frozenset({ServiceType.PACKAGE, ServiceType.CUSTOM_COMMENTS_PACKAGE})


def parse_service_type(raw: str) -> ServiceType | None:
    """Providers spell types loosely ("custom comments", "Default "); None if unknown."""
    wanted = " ".join(raw.split()).casefold()
    for kind in ServiceType:
        if kind.value.casefold() == wanted:
            return kind
    return None


def our_rate(provider_rate: Decimal, markup_percent: Decimal) -> Decimal:
    """Our price per 1000 (or per package): the provider's plus the markup."""
    return quantize(provider_rate * (Decimal(1) + markup_percent / Decimal(100)))


def parse_markup(raw: object) -> Decimal:
    """A markup percentage as staff type it: 0 or more, at most 2 decimal places, and at most
    MAX_MARKUP_PERCENT (a bigger one is a slip of the keyboard, not a price)."""
    value = parse_amount(raw, field="markup_percent", max_places=2, allow_zero=True)
    if value > MAX_MARKUP_PERCENT:
        raise InvalidInput(f"A markup above {MAX_MARKUP_PERCENT}% is surely a mistake.")
    return value


@dataclass(frozen=True)
class CustomRate:
    """A user's own price for a service: a fixed rate, or a discount off the list rate."""

    fixed_rate: Decimal | None = None
    discount_percent: Decimal | None = None

    def apply(self, list_rate: Decimal) -> Decimal:
        if self.fixed_rate is not None:
            return quantize(self.fixed_rate)
        if self.discount_percent is not None:
            return quantize(list_rate * (Decimal(100) - self.discount_percent) / Decimal(100))
        return list_rate


def rate_for_user(list_rate: Decimal, per_service: CustomRate | None, user_wide: CustomRate | None) -> Decimal:
    """A per-service custom rate wins over a user-wide discount, which wins over the list."""
    if per_service is not None:
        return per_service.apply(list_rate)
    if user_wide is not None:
        return user_wide.apply(list_rate)
    return list_rate


@dataclass(frozen=True)
class Service:
    """A service we sell. Provider fields are internal and never shown to customers."""

    service_id: int
    name: str
    description: str
    category: str
    sort: int
    enabled: bool
    type: ServiceType
    min: int
    max: int
    refill: bool
    cancel: bool
    dripfeed: bool
    provider_id: int
    provider_service: str
    provider_rate: Decimal
    markup_percent: Decimal | None = None  # None: the global markup applies
    provider_available: bool = True
    one_active_order_per_link: bool = False
    refill_window_days: int = 30
    backup_provider_id: int | None = None      # where orders go when the provider keeps refusing them
    backup_provider_service: str | None = None
    provider_name: str = ""  # the provider's own name of it: staff only, never shown to customers

    def list_rate(self, global_markup: Decimal) -> Decimal:
        markup = self.markup_percent if self.markup_percent is not None else global_markup
        return our_rate(self.provider_rate, markup)

    @property
    def orderable(self) -> bool:
        return self.enabled and self.provider_available


@dataclass(frozen=True)
class CatalogChange:
    """What a sync found for one service: reported to staff."""

    service_id: int
    change: str  # "price", "limits", "dropped", "returned", "refused"
    detail: str
