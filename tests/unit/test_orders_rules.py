from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.catalog import CustomRate, ServiceType, our_rate, parse_service_type, rate_for_user
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import parse_amount
from chalicelib.domain.orders import ServiceTerms, prepare

LINK = "https://instagram.com/p/abc"
TODAY = date(2026, 11, 30)


def terms(kind: ServiceType, rate: str = "0.90", lo: int = 10, hi: int = 10_000, drip: bool = True) -> ServiceTerms:
    return ServiceTerms(service_id=1, type=kind, min=lo, max=hi, rate=Decimal(rate), dripfeed=drip)


@pytest.mark.parametrize(("kind", "body", "quantity", "charge"), [
    (ServiceType.DEFAULT, {"link": LINK, "quantity": 1000}, 1000, "0.90000"),
    (ServiceType.DEFAULT, {"link": LINK, "quantity": "150"}, 150, "0.13500"),
    (ServiceType.DEFAULT, {"link": LINK, "quantity": 100, "runs": 5, "interval": 30}, 500, "0.45000"),
    (ServiceType.PACKAGE, {"link": LINK}, 1, "0.90000"),
    (ServiceType.SEO, {"link": LINK, "quantity": 100, "keywords": "a\nb"}, 100, "0.09000"),
    (ServiceType.CUSTOM_COMMENTS, {"link": LINK, "comments": "nice\n\ngreat\r\nwow\n" * 5}, 15, "0.01350"),
    (ServiceType.CUSTOM_COMMENTS_PACKAGE, {"link": LINK, "comments": "one\ntwo"}, 1, "0.90000"),
    (ServiceType.MENTIONS, {"link": LINK, "quantity": 20, "usernames": "a\nb"}, 20, "0.01800"),
    (ServiceType.MENTIONS_WITH_HASHTAGS, {"link": LINK, "quantity": 20, "usernames": "a", "hashtags": "#x"}, 20,
     "0.01800"),
    (ServiceType.MENTIONS_CUSTOM_LIST, {"link": LINK, "usernames": "\n".join(f"u{i}" for i in range(12))}, 12,
     "0.01080"),
    (ServiceType.MENTIONS_HASHTAG, {"link": LINK, "quantity": 30, "hashtag": "#smm"}, 30, "0.02700"),
    (ServiceType.MENTIONS_USER_FOLLOWERS, {"link": LINK, "quantity": 30, "username": "bob"}, 30, "0.02700"),
    (ServiceType.MENTIONS_MEDIA_LIKERS, {"link": LINK, "quantity": 30, "media": LINK}, 30, "0.02700"),
    (ServiceType.COMMENT_LIKES, {"link": LINK, "quantity": 30, "username": "bob"}, 30, "0.02700"),
    (ServiceType.COMMENT_REPLIES, {"link": LINK, "username": "bob", "comments": "\n".join("x" * 10)}, 10,
     "0.00900"),
    (ServiceType.POLL, {"link": LINK, "quantity": 40, "answer_number": "2"}, 40, "0.03600"),
    (ServiceType.SUBSCRIPTIONS, {"username": "bob", "min": 50, "max": 100, "delay": 0, "posts": 3}, 300, "0.27000"),
])
def test_every_type_is_validated_and_priced(kind, body, quantity, charge) -> None:
    draft = prepare(terms(kind), body, TODAY)
    assert draft.quantity == quantity
    assert draft.charge == Decimal(charge)


@pytest.mark.parametrize(("kind", "body", "message"), [
    (ServiceType.DEFAULT, {"link": "ftp://x.com/a", "quantity": 100}, "http:// or https://"),
    (ServiceType.DEFAULT, {"link": "https://x.com/" + "a" * 2000, "quantity": 100}, "2000"),
    (ServiceType.DEFAULT, {"link": "javascript:alert(1)", "quantity": 100}, "http:// or https://"),
    (ServiceType.DEFAULT, {"link": LINK, "quantity": 5}, "Quantity less than minimal 10"),
    (ServiceType.DEFAULT, {"link": LINK, "quantity": 10_001}, "Quantity more than maximum 10000"),
    (ServiceType.DEFAULT, {"link": LINK, "quantity": 1.5}, "'quantity'"),
    (ServiceType.DEFAULT, {"link": LINK, "quantity": True}, "whole number"),
    (ServiceType.DEFAULT, {"link": LINK, "quantity": "-5"}, "whole number"),
    (ServiceType.DEFAULT, {"link": LINK}, "'quantity' is required"),
    (ServiceType.DEFAULT, {"link": LINK, "quantity": 100, "runs": 1, "interval": 10}, "Runs must be between"),
    (ServiceType.DEFAULT, {"link": LINK, "quantity": 100, "runs": 3, "interval": 5000}, "Interval must be"),
    (ServiceType.DEFAULT, {"link": LINK, "quantity": 100, "runs": 3}, "both runs and interval"),
    (ServiceType.DEFAULT, {"link": LINK, "quantity": 100, "comments": "x"}, "'comments' is not used"),
    (ServiceType.CUSTOM_COMMENTS, {"link": LINK, "comments": "\n \n"}, "at least one line"),
    (ServiceType.CUSTOM_COMMENTS, {"link": LINK, "comments": "a\n" * 3}, "Quantity less than minimal 10"),
    (ServiceType.CUSTOM_COMMENTS, {"link": LINK, "comments": "a\n" * 10_001}, "more than 10000 lines"),
    (ServiceType.SUBSCRIPTIONS, {"username": "b", "min": 90, "max": 50, "delay": 0, "posts": 1}, "min must not"),
    (ServiceType.SUBSCRIPTIONS, {"username": "b", "min": 50, "max": 90, "delay": 7, "posts": 1}, "Delay must"),
    (ServiceType.SUBSCRIPTIONS, {"username": "b", "min": 50, "max": 90, "delay": 0}, "'posts' is required"),
    (ServiceType.SUBSCRIPTIONS, {"username": "b", "min": 50, "max": 90, "delay": 0, "posts": 1,
                                 "expiry": "01/01/2001"}, "future date"),
])
def test_bad_orders_are_refused_with_a_clear_message(kind, body, message) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")):
        prepare(terms(kind), body, TODAY)


def test_a_subscription_expiry_must_be_after_the_day_it_is_ordered_on() -> None:
    """The day comes from the caller (the service's clock), never from the machine's."""
    body = {"username": "b", "min": 50, "max": 90, "delay": 0, "posts": 1}
    with pytest.raises(InvalidInput, match="future date"):
        prepare(terms(ServiceType.SUBSCRIPTIONS), {**body, "expiry": "30/11/2026"}, TODAY)
    assert prepare(terms(ServiceType.SUBSCRIPTIONS), {**body, "expiry": "01/12/2026"}, TODAY).quantity == 90
    with pytest.raises(InvalidInput, match="future date"):
        prepare(terms(ServiceType.SUBSCRIPTIONS), {**body, "expiry": "01/12/2026"}, date(2026, 12, 1))


def test_drip_feed_needs_a_service_that_offers_it() -> None:
    with pytest.raises(InvalidInput, match="does not offer drip-feed"):
        prepare(terms(ServiceType.DEFAULT, drip=False), {"link": LINK, "quantity": 100, "runs": 2, "interval": 5},
                TODAY)


def test_fields_sent_upstream_are_the_types_own() -> None:
    draft = prepare(terms(ServiceType.CUSTOM_COMMENTS), {"link": LINK, "comments": "\n".join("abcdefghijkl")}, TODAY)
    assert draft.fields() == {"comments": "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl"}


def test_rates() -> None:
    assert our_rate(Decimal("1.00"), Decimal("25")) == Decimal("1.25000")
    fixed, half_off = CustomRate(fixed_rate=Decimal("1.5")), CustomRate(discount_percent=Decimal(50))
    assert rate_for_user(Decimal("2"), fixed, half_off) == Decimal("1.50000")
    assert rate_for_user(Decimal("2"), None, CustomRate(discount_percent=Decimal(10))) == Decimal("1.80000")
    assert rate_for_user(Decimal("2"), None, None) == Decimal("2")


def test_provider_type_spellings() -> None:
    assert parse_service_type("custom  comments") is ServiceType.CUSTOM_COMMENTS
    assert parse_service_type("Default ") is ServiceType.DEFAULT
    assert parse_service_type("Something new") is None


@pytest.mark.parametrize("raw", ["-1", "0", "abc", "1e400", "NaN", "1.123456", 1.5, None, True, "1000000"])
def test_amounts_must_be_positive_plain_numbers(raw) -> None:
    with pytest.raises(InvalidInput):
        parse_amount(raw)


def test_amounts() -> None:
    assert parse_amount("12.5") == Decimal("12.50000")
    assert parse_amount(7) == Decimal("7.00000")
