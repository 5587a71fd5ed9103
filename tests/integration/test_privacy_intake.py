"""How requests enter the privacy request register (promise P6), on DynamoDB Local: a
"Privacy request" ticket opens its entry with the ticket, once; customers' own actions are
registered as decided entries, once each; a deletion refused under a hold is registered as
refused in neutral words."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.accounts import User
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.privacy_requests import Channel, IdentityCheck, PrivacyRequest, RequestType, Status
from chalicelib.domain.privacy_self_service import SelfService
from chalicelib.domain.sessions import secret_hash
from chalicelib.services import corrections, privacy_requests, rights
from chalicelib.services.privacy_requests import View
from chalicelib.services.tickets import customer as desk
from chalicelib.store import corrections as corrections_store
from chalicelib.store import holds, tickets, users
from tests.support.accounts import PASSWORD, customer

ASK = "Under UK GDPR please send me a copy of all personal data you hold about me."


def every_entry() -> list[PrivacyRequest]:
    return privacy_requests.listing(View.ALL, 1000, None).requests


def of_account(user_id: str) -> list[PrivacyRequest]:
    return [r for r in every_entry() if r.account_id == user_id]


def user(user_id: str) -> User:
    found = users.get(user_id)
    assert found is not None
    return found


# --- tickets ------------------------------------------------------------------------------------

@pytest.mark.promise("P6")
def test_a_privacy_ticket_opens_its_register_entry_with_the_ticket(fresh_table) -> None:
    user_id = customer()
    ticket, messages = desk.open_ticket(user_id, "My data please", "privacy_request", ASK, request_type="access")
    [entry] = every_entry()
    assert (entry.channel, entry.request_type, entry.status) == (Channel.TICKET, RequestType.ACCESS, Status.RECEIVED)
    assert (entry.account_id, entry.ticket_number, entry.created_by) == (user_id, ticket.number, user_id)
    assert entry.received_at == ticket.created_at
    assert privacy_requests.entry_of_ticket(ticket.number) == entry.display
    # It is a support ticket too: timed as standard, acknowledged at once (docs/support.md).
    assert ticket.timed and ticket.priority.value == "standard" and len(messages) == 2


@pytest.mark.promise("P6")
def test_a_resubmitted_privacy_ticket_opens_no_second_entry(fresh_table) -> None:
    user_id = customer()
    first, _ = desk.open_ticket(user_id, "My data please", "privacy_request", ASK, request_type="access")
    again, _ = desk.open_ticket(user_id, "My data please", "privacy_request", ASK, request_type="access")
    assert again.duplicate_of == first.number
    [entry] = every_entry()
    assert entry.ticket_number == first.number
    other, _ = desk.open_ticket(user_id, "Erase me", "privacy_request", "Please also erase my account afterwards.",
                                request_type="erasure")
    assert {e.ticket_number for e in every_entry()} == {first.number, other.number}


def test_the_entry_and_the_ticket_are_written_together_or_not_at_all(fresh_table) -> None:
    """A ticket whose entry cannot be written is not written either: here the next ticket's
    claim is already taken (as a retried transaction would find it)."""
    from chalicelib.domain.privacy_requests import new_request
    from chalicelib.store import counters, dynamo
    from chalicelib.store import privacy_requests as register_store

    user_id = customer()
    number = counters.next_id("ticket") + 1
    now = datetime.now(UTC)
    stray = new_request(999_999, RequestType.ACCESS, Channel.TICKET, now, now, "x", "stray", account_id=user_id)
    dynamo.transact_write(register_store.insert_actions(stray, privacy_requests.ticket_source(number)))
    with pytest.raises(tickets.AlsoRefused):
        desk.open_ticket(user_id, "My data please", "privacy_request", ASK, request_type="access")
    assert tickets.get(number) is None
    assert tickets.of_user(user_id) == []
    assert [e.number for e in every_entry()] == [999_999]


@pytest.mark.parametrize(("category", "request_type", "message"), [
    ("privacy_request", None, "Choose what kind of privacy request"),
    ("privacy_request", "everything", "Unknown request type"),
    ("other", "access", "only with the category 'Privacy request'"),
])
def test_a_privacy_ticket_needs_its_request_type_and_a_refusal_writes_nothing(
        fresh_table, category: str, request_type: str | None, message: str) -> None:
    user_id = customer()
    with pytest.raises(InvalidInput, match=message):
        desk.open_ticket(user_id, "My data", category, ASK, request_type=request_type)
    assert tickets.of_user(user_id) == [] and every_entry() == []


# --- self-service -------------------------------------------------------------------------------

@pytest.mark.promise("P6")
def test_an_export_is_registered_as_a_completed_self_service_request(fresh_table) -> None:
    user_id = customer()
    rights.export(user(user_id))
    [entry] = of_account(user_id)
    assert (entry.channel, entry.request_type, entry.status) == (Channel.SELF_SERVICE, RequestType.ACCESS,
                                                                 Status.COMPLETED)
    assert entry.identity == IdentityCheck.VERIFIED and entry.outcome and entry.decided_by == user_id
    assert privacy_requests.listing(View.OPEN, 10, None).requests == []  # decided: not in the open list


@pytest.mark.promise("P6")
def test_the_hook_registers_one_entry_per_action_however_often_it_runs(fresh_table) -> None:
    user_id = customer()
    for _ in range(3):
        privacy_requests.self_service(user_id, SelfService.EXPORT, f"{user_id}#2031-01-01T00:00:00+00:00")
    assert len(of_account(user_id)) == 1
    privacy_requests.self_service(user_id, SelfService.EXPORT, f"{user_id}#2031-01-01T00:05:00+00:00")
    assert len(of_account(user_id)) == 2  # another export, another entry


@pytest.mark.promise("P6")
def test_corrections_and_a_new_marketing_objection_are_registered(fresh_table) -> None:
    user_id = customer()
    corrections.change_username(user(user_id), f"renamed{secrets.token_hex(3)}")
    corrections.set_marketing_opt_out(user(user_id), True)
    corrections.set_marketing_opt_out(user(user_id), True)   # already objected: nothing new
    corrections.set_marketing_opt_out(user(user_id), False)  # withdrawing the objection is no request
    token, old = secrets.token_urlsafe(16), user(user_id).email
    corrections_store.put_email_change(secret_hash(token), user_id, old, f"new-{secrets.token_hex(4)}@example.com",
                                       datetime.now(UTC) + timedelta(hours=1))
    corrections.confirm_email_change(token, "192.0.2.10")
    kinds = sorted(e.request_type.value for e in of_account(user_id))
    assert kinds == ["objection", "rectification", "rectification"]
    assert all(e.status == Status.COMPLETED and e.channel == Channel.SELF_SERVICE for e in of_account(user_id))


@pytest.mark.promise("P6")
def test_an_account_deletion_is_registered_once_as_completed(fresh_table) -> None:
    user_id = customer()
    rights.delete_account(user(user_id), PASSWORD, False, "192.0.2.11")
    [entry] = of_account(user_id)
    assert (entry.request_type, entry.status) == (RequestType.ERASURE, Status.COMPLETED)
    privacy_requests.self_service(user_id, SelfService.DELETION, user_id)  # a rerun
    assert len(of_account(user_id)) == 1


@pytest.mark.promise("P6")
def test_a_deletion_refused_under_a_hold_is_registered_as_refused_without_naming_the_hold(fresh_table) -> None:
    user_id = customer()
    holds.place(user_id, "preservation request LE-77", "legal-1", datetime.now(UTC))
    with pytest.raises(Conflict) as refused:
        rights.delete_account(user(user_id), PASSWORD, False, "192.0.2.12")
    assert "hold" not in refused.value.message.lower()
    with pytest.raises(Conflict):
        rights.delete_account(user(user_id), PASSWORD, False, "192.0.2.12")  # the same day: one entry
    [entry] = of_account(user_id)
    assert (entry.request_type, entry.status) == (RequestType.ERASURE, Status.REFUSED)
    shown = f"{entry.summary} {entry.outcome} {[c.reason for c in entry.history]}".lower()
    assert "hold" not in shown and "le-77" not in shown and "preservation" not in shown
    assert users.get(user_id) is not None and users.get(user_id).email  # type: ignore[union-attr]


@pytest.mark.promise("P6")
def test_one_action_registered_from_several_threads_at_once_is_one_entry(fresh_table) -> None:
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    user_id = customer()
    start = Barrier(6)

    def hook(_: int) -> None:
        start.wait()
        privacy_requests.self_service(user_id, SelfService.DELETION, user_id)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(hook, range(6)))
    [entry] = of_account(user_id)
    assert entry.status == Status.COMPLETED


@pytest.mark.promise("P6")
def test_concurrent_marketing_objections_register_one_entry(fresh_table) -> None:
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    user_id = customer()
    start = Barrier(6)

    def object_(_: int) -> None:
        start.wait()
        corrections.set_marketing_opt_out(user(user_id), True)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(object_, range(6)))
    assert [e.request_type for e in of_account(user_id)] == [RequestType.OBJECTION]
