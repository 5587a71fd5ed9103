"""The request of each service type of API v2, as a pydantic discriminated union.

Kept apart from domain/orders.py and imported on first use: building fifteen models at
import would slow every cold start, and only placing an order needs them."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter

from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.numbers import whole_number

LINK_MAX = 2000
LINE_MAX = 1000
LINES_MAX = 10_000


def _count(value: Any) -> Any:
    """Whole numbers from JSON numbers or form text ("100"); never booleans or fractions."""
    if isinstance(value, bool):
        raise ValueError("must be a whole number")
    if isinstance(value, str):
        number = whole_number(value, max_digits=9)
        if number is None:
            raise ValueError("must be a whole number")
        return number
    return value


# A link typed without a scheme starts with a host name that has a dot in it ("instagram.com/x",
# "www.tiktok.com/@y", "t.me:443/g"). Only such a link gets "https://" in front: "ftp://x",
# "javascript:alert(1)" or "localhost/x" are not host-first links and stay refused.
_HOST_FIRST = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d{1,5})?(?=[/?#]|$)")


def with_scheme(value: str) -> str:
    """The standard API's leniency, on every path: a link without a scheme means https."""
    if "://" not in value and _HOST_FIRST.match(value):
        return f"https://{value}"
    return value


def _link(value: str) -> str:
    value = with_scheme(value)
    if len(value) > LINK_MAX:
        raise ValueError(f"link is longer than {LINK_MAX} characters")
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname or " " in value:
        raise ValueError("link must be a full http:// or https:// address")
    return value


def _lines(value: Any) -> list[str]:
    """One item per line (comments, usernames, keywords, hashtags); blank lines dropped."""
    if not isinstance(value, str):
        raise ValueError("must be text with one item per line")
    lines = [line.strip() for line in value.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise ValueError("needs at least one line")
    if len(lines) > LINES_MAX:
        raise ValueError(f"has more than {LINES_MAX} lines")
    if any(len(line) > LINE_MAX for line in lines):
        raise ValueError(f"has a line longer than {LINE_MAX} characters")
    return lines


Count = Annotated[int, BeforeValidator(_count), Field(ge=1, le=100_000_000)]
Link = Annotated[str, AfterValidator(_link)]
Lines = Annotated[list[str], BeforeValidator(_lines)]
Short = Annotated[str, Field(min_length=1, max_length=200)]


class _Order(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)


class DefaultOrder(_Order):
    type: Literal[ServiceType.DEFAULT]
    link: Link
    quantity: Count
    runs: Count | None = None
    interval: Count | None = None


class PackageOrder(_Order):
    type: Literal[ServiceType.PACKAGE]
    link: Link


class SeoOrder(_Order):
    type: Literal[ServiceType.SEO]
    link: Link
    quantity: Count
    keywords: Lines


class CustomCommentsOrder(_Order):
    type: Literal[ServiceType.CUSTOM_COMMENTS]
    link: Link
    comments: Lines


class CustomCommentsPackageOrder(_Order):
    type: Literal[ServiceType.CUSTOM_COMMENTS_PACKAGE]
    link: Link
    comments: Lines


class MentionsOrder(_Order):
    type: Literal[ServiceType.MENTIONS]
    link: Link
    quantity: Count
    usernames: Lines


class MentionsWithHashtagsOrder(_Order):
    type: Literal[ServiceType.MENTIONS_WITH_HASHTAGS]
    link: Link
    quantity: Count
    usernames: Lines
    hashtags: Lines


class MentionsCustomListOrder(_Order):
    type: Literal[ServiceType.MENTIONS_CUSTOM_LIST]
    link: Link
    usernames: Lines


class MentionsHashtagOrder(_Order):
    type: Literal[ServiceType.MENTIONS_HASHTAG]
    link: Link
    quantity: Count
    hashtag: Short


class MentionsUserFollowersOrder(_Order):
    type: Literal[ServiceType.MENTIONS_USER_FOLLOWERS]
    link: Link
    quantity: Count
    username: Short


class MentionsMediaLikersOrder(_Order):
    type: Literal[ServiceType.MENTIONS_MEDIA_LIKERS]
    link: Link
    quantity: Count
    media: Link


class CommentLikesOrder(_Order):
    type: Literal[ServiceType.COMMENT_LIKES]
    link: Link
    quantity: Count
    username: Short


class CommentRepliesOrder(_Order):
    type: Literal[ServiceType.COMMENT_REPLIES]
    link: Link
    username: Short
    comments: Lines


class PollOrder(_Order):
    type: Literal[ServiceType.POLL]
    link: Link
    quantity: Count
    answer_number: Count


class InvitesFromGroupsOrder(_Order):
    type: Literal[ServiceType.INVITES_FROM_GROUPS]
    link: Link
    quantity: Count
    groups: Lines


def _expiry(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), "%d/%m/%Y").date()
        except ValueError as exc:
            raise ValueError("expiry must be a date written d/m/Y, like 31/12/2026") from exc
    return value


class SubscriptionsOrder(_Order):
    type: Literal[ServiceType.SUBSCRIPTIONS]
    username: Short
    min: Count
    max: Count
    delay: Annotated[int, BeforeValidator(lambda v: _count(v) if v != 0 and v != "0" else 0)]
    # Charged up front, so the number of future posts must be bounded.
    posts: Count
    old_posts: Annotated[int, BeforeValidator(_count), Field(ge=0, le=1000)] | None = None
    expiry: Annotated[date, BeforeValidator(_expiry)] | None = None


OrderRequest = Annotated[
    DefaultOrder | PackageOrder | SeoOrder | CustomCommentsOrder | CustomCommentsPackageOrder | MentionsOrder
    | MentionsWithHashtagsOrder | MentionsCustomListOrder | MentionsHashtagOrder | MentionsUserFollowersOrder
    | MentionsMediaLikersOrder | CommentLikesOrder | CommentRepliesOrder | PollOrder | InvitesFromGroupsOrder
    | SubscriptionsOrder,
    Field(discriminator="type"),
]
_MODELS: tuple[type[_Order], ...] = (
    DefaultOrder, PackageOrder, SeoOrder, CustomCommentsOrder, CustomCommentsPackageOrder, MentionsOrder,
    MentionsWithHashtagsOrder, MentionsCustomListOrder, MentionsHashtagOrder, MentionsUserFollowersOrder,
    MentionsMediaLikersOrder, CommentLikesOrder, CommentRepliesOrder, PollOrder, InvitesFromGroupsOrder,
    SubscriptionsOrder,
)


@cache
def fields_of(kind: ServiceType) -> frozenset[str]:
    """The parameters a service type takes (its model's fields but the type tag)."""
    for model in _MODELS:
        if get_args(model.model_fields["type"].annotation) == (kind,):
            return frozenset(model.model_fields) - {"type"}
    raise KeyError(kind)


def lenient(kind: ServiceType, params: dict[str, Any]) -> dict[str, Any]:
    """The standard API's leniency that resellers' scripts rely on: a parameter the type does
    not take is ignored (scripts send one set of fields to every service), and so is an empty
    one (`runs=&interval=` means "no drip-feed"); what remains is validated as strictly as ever."""
    taken = fields_of(kind)
    return {name: value for name, value in params.items()
            if name in taken and not (isinstance(value, str) and not value.strip())}


@cache
def order_adapter() -> TypeAdapter[Any]:
    """Built on first use: compiling the union's validator at import would slow cold starts."""
    return TypeAdapter(OrderRequest)


