"""The standard API's leniency (domain.order_requests): links without a scheme, empty and
unknown parameters, and the "Invites from Groups" type."""

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.catalog import ServiceType, parse_service_type
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.order_requests import fields_of, lenient, with_scheme
from chalicelib.domain.orders import ServiceTerms, prepare

TODAY = date(2026, 11, 30)


def terms(kind: ServiceType = ServiceType.DEFAULT, drip: bool = True) -> ServiceTerms:
    return ServiceTerms(service_id=1, type=kind, min=10, max=10_000, rate=Decimal("1.00"), dripfeed=drip)


@pytest.mark.parametrize(("typed", "stored"), [
    ("instagram.com/x", "https://instagram.com/x"),
    ("www.tiktok.com/@y", "https://www.tiktok.com/@y"),
    ("t.me:443/group", "https://t.me:443/group"),
    ("youtube.com", "https://youtube.com"),
    ("youtu.be?v=1", "https://youtu.be?v=1"),
    ("http://instagram.com/x", "http://instagram.com/x"),
])
def test_a_link_without_a_scheme_means_https(typed, stored) -> None:
    assert prepare(terms(), {"link": typed, "quantity": 100}, TODAY).link == stored


@pytest.mark.parametrize("typed", [
    "ftp://instagram.com/x", "javascript:alert(1)", "localhost/x", "instagram", "instagram.com /x",
    "//instagram.com/x", "mailto:me@instagram.com", "", "x" * 2001 + ".com",
])
def test_links_that_stay_refused(typed) -> None:
    with pytest.raises(InvalidInput, match="link"):
        prepare(terms(), {"link": typed, "quantity": 100}, TODAY)


def test_only_host_first_text_gets_a_scheme() -> None:
    assert with_scheme("instagram.com/x") == "https://instagram.com/x"
    assert with_scheme("javascript:alert(1)") == "javascript:alert(1)"
    assert with_scheme("ftp://a.com") == "ftp://a.com"


def test_the_media_link_of_mentions_media_likers_is_normalised_too() -> None:
    draft = prepare(terms(ServiceType.MENTIONS_MEDIA_LIKERS),
                    {"link": "instagram.com/p/a", "quantity": 100, "media": "instagram.com/p/b"}, TODAY)
    assert (draft.link, draft.fields()["media"]) == ("https://instagram.com/p/a", "https://instagram.com/p/b")


def test_empty_optional_parameters_are_ignored_when_lenient() -> None:
    body = {"link": "instagram.com/x", "quantity": "100", "runs": "", "interval": " ", "comments": ""}
    draft = prepare(terms(drip=False), body, TODAY, lenient=True)
    assert (draft.quantity, draft.runs, draft.interval, draft.charge) == (100, None, None, Decimal("0.10000"))
    assert draft.fields() == {"quantity": 100}


def test_unknown_parameters_are_ignored_when_lenient_and_refused_otherwise() -> None:
    body = {"link": "https://a.com/x", "quantity": "100", "username": "bob", "lang": "en", "utm": "x"}
    assert prepare(terms(), body, TODAY, lenient=True).fields() == {"quantity": 100}
    with pytest.raises(InvalidInput, match="'lang' is not used by this service"):
        prepare(terms(), body, TODAY)


def test_leniency_never_excuses_a_bad_or_missing_value() -> None:
    with pytest.raises(InvalidInput, match="'quantity' is required"):
        prepare(terms(), {"link": "a.com/x", "quantity": ""}, TODAY, lenient=True)
    with pytest.raises(InvalidInput, match="both runs and interval"):
        prepare(terms(), {"link": "a.com/x", "quantity": "100", "runs": "3", "interval": ""}, TODAY, lenient=True)
    with pytest.raises(InvalidInput, match="whole number"):
        prepare(terms(), {"link": "a.com/x", "quantity": "1e3"}, TODAY, lenient=True)


def test_lenient_keeps_only_the_types_own_non_empty_parameters() -> None:
    params = {"link": "a.com", "quantity": "5", "groups": "g1", "runs": "", "x": "1"}
    assert lenient(ServiceType.DEFAULT, params) == {"link": "a.com", "quantity": "5"}
    assert lenient(ServiceType.INVITES_FROM_GROUPS, params) == {"link": "a.com", "quantity": "5", "groups": "g1"}


def test_every_type_has_its_parameters() -> None:
    assert {kind: fields_of(kind) for kind in ServiceType}[ServiceType.INVITES_FROM_GROUPS] == {
        "link", "quantity", "groups"}
    assert fields_of(ServiceType.SUBSCRIPTIONS) == {"username", "min", "max", "delay", "posts", "old_posts",
                                                    "expiry"}


def test_invites_from_groups_takes_a_link_a_quantity_and_groups_one_per_line() -> None:
    assert parse_service_type("invites  from groups") == ServiceType.INVITES_FROM_GROUPS
    draft = prepare(terms(ServiceType.INVITES_FROM_GROUPS),
                    {"link": "t.me/mychannel", "quantity": "500", "groups": "t.me/a\r\n\nt.me/b\n"}, TODAY)
    assert (draft.link, draft.quantity, draft.charge) == ("https://t.me/mychannel", 500, Decimal("0.50000"))
    assert draft.fields() == {"quantity": 500, "groups": "t.me/a\nt.me/b"}
    with pytest.raises(InvalidInput, match="'groups' is required"):
        prepare(terms(ServiceType.INVITES_FROM_GROUPS), {"link": "t.me/c", "quantity": "500"}, TODAY)
    with pytest.raises(InvalidInput, match="'groups' needs at least one line"):
        prepare(terms(ServiceType.INVITES_FROM_GROUPS), {"link": "t.me/c", "quantity": "500", "groups": "\n"}, TODAY)
