"""Top-ups through localstripe, and Stripe's webhook applied exactly once (P4, O4).

Payments are made on localstripe with the real SDK; deliveries are signed with the webhook
secret exactly as Stripe signs them. localstripe sends no refund or dispute events, so those
events are built from the real charge objects it returns.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from chalicelib.domain.errors import Forbidden, InvalidInput, NotEnoughFunds, NotFound, PaymentDeclined
from chalicelib.domain.ledger import EntryKind
from chalicelib.domain.payments import BonusTier, TopUpStatus
from chalicelib.services import orders
from chalicelib.services.payments import card, reconcile, records, staff, webhook
from chalicelib.store import ledger as ledger_store
from chalicelib.store import payments as payments_store
from tests.support import stripe
from tests.support.accounts import customer
from tests.support.catalog import service
from tests.support.ledger import balance, kinds, ledger_sum


@pytest.fixture
def tiers():
    """Bonus tiers for one test (the setting is panel-wide), restored after."""
    before = payments_store.bonus_tiers()
    yield lambda *pairs: payments_store.save_bonus_tiers(
        [BonusTier(Decimal(a), Decimal(p)) for a, p in pairs], "staff-test", "2026-01-01T00:00:00+00:00")
    payments_store.save_bonus_tiers(before, "staff-test", "2026-01-01T00:00:00+00:00")


def _pay(user_id: str, amount: str, key: str | None = None) -> card.Started:
    return card.start_top_up(user_id, amount, stripe.card(), key or f"key-{time.monotonic_ns()}")


def _succeeded_event(started: card.Started) -> tuple[bytes, str]:
    intent = stripe.stripe_get(f"payment_intents/{started.top_up.payment_intent}")
    return stripe.signed(stripe.event("payment_intent.succeeded", intent))


@pytest.mark.promise("O4")
def test_the_same_webhook_five_times_at_once_credits_once(tiers) -> None:
    tiers(("100", "5"))
    user_id = customer()
    started = _pay(user_id, "100.00")
    assert started.top_up.status == TopUpStatus.PROCESSING
    assert balance(user_id) == 0  # the browser's request credits nothing
    body, signature = _succeeded_event(started)
    with ThreadPoolExecutor(max_workers=5) as pool:
        outcomes = list(pool.map(lambda _: webhook.receive_webhook(body, signature), range(5)))
    assert outcomes.count("credited") == 1
    assert outcomes.count("already applied") == 4
    for _ in range(3):  # and later redeliveries
        assert webhook.receive_webhook(body, signature) == "already applied"
    assert balance(user_id) == Decimal("105.00")
    assert kinds(user_id) == [("top_up", Decimal("100")), ("bonus", Decimal("5"))]
    assert ledger_sum(user_id) == balance(user_id)
    assert card.top_up_of(user_id, started.top_up.top_up_id).status == TopUpStatus.SUCCEEDED


@pytest.mark.promise("O4")
def test_bonus_tiers_give_separate_bonus_entries(tiers) -> None:
    tiers(("50", "2"), ("100", "5"), ("500", "10"))
    user_id = customer()
    for amount in ("20.00", "60.00", "150.00", "500.00"):
        webhook.receive_webhook(*_succeeded_event(_pay(user_id, amount)))
    assert kinds(user_id) == [
        ("top_up", Decimal("20")),
        ("top_up", Decimal("60")), ("bonus", Decimal("1.2")),
        ("top_up", Decimal("150")), ("bonus", Decimal("7.5")),
        ("top_up", Decimal("500")), ("bonus", Decimal("50")),
    ]
    assert balance(user_id) == Decimal("788.70")


def _paid_100_with_30_refunded(tiers):
    """A customer's $100 top-up (5% bonus tier), credited, with $30 of it refunded in Stripe
    (the refund's event not delivered yet): the user id, the started top-up and its charge id."""
    tiers(("100", "5"))
    user_id = customer()
    started = _pay(user_id, "100.00")
    webhook.receive_webhook(*_succeeded_event(started))
    charge_id = started.top_up.stripe_charge_id
    stripe.stripe_post("refunds", {"charge": charge_id, "amount": 3000})
    return user_id, started, charge_id


@pytest.mark.promise("O4")
def test_a_refund_after_a_top_up_debits_once_whatever_the_order_of_deliveries(tiers) -> None:
    user_id, started, charge_id = _paid_100_with_30_refunded(tiers)
    partial = stripe.signed(stripe.event("charge.refunded", stripe.stripe_get(f"charges/{charge_id}")))
    stripe.stripe_post("refunds", {"charge": charge_id, "amount": 7000})
    full = stripe.signed(stripe.event("charge.refunded", stripe.stripe_get(f"charges/{charge_id}")))

    assert webhook.receive_webhook(*partial) == "debited"
    assert webhook.receive_webhook(*partial) == "already applied"
    assert balance(user_id) == Decimal("105.00") - Decimal("30") - Decimal("1.50")
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda _: webhook.receive_webhook(*full), range(4)))
    assert outcomes.count("debited") == 1
    assert webhook.receive_webhook(*partial) == "already applied"  # an old delivery, late
    assert balance(user_id) == Decimal("0")
    assert [k for k, _ in kinds(user_id)] == ["top_up", "bonus", "payment_refund", "bonus_reversal",
                                               "payment_refund", "bonus_reversal"]
    assert ledger_sum(user_id) == balance(user_id)
    top_up = card.top_up_of(user_id, started.top_up.top_up_id)
    assert (top_up.refunded, top_up.bonus_reversed) == (Decimal("100"), Decimal("5"))


@pytest.mark.promise("O1", "O4")
def test_a_dispute_that_drives_the_balance_below_zero_locks_ordering_until_staff_resolve_it() -> None:
    user_id = customer()
    started = _pay(user_id, "50.00")
    webhook.receive_webhook(*_succeeded_event(started))
    svc = service(provider_rate="1.00")
    orders.place(user_id, svc.service_id, {"link": "https://instagram.com/p/spent", "quantity": 40_000})
    assert balance(user_id) == Decimal("10.00")
    dispute = {"id": "dp_test" + started.top_up.payment_intent[3:], "object": "dispute", "amount": 5000,
               "charge": started.top_up.stripe_charge_id, "payment_intent": started.top_up.payment_intent,
               "status": "needs_response", "currency": "usd"}
    created = stripe.signed(stripe.event("charge.dispute.created", dispute))
    assert webhook.receive_webhook(*created) == "debited"
    assert webhook.receive_webhook(*created) == "already applied"
    assert balance(user_id) == Decimal("-40.00")
    assert ledger_sum(user_id) == balance(user_id)
    with pytest.raises(Forbidden, match="on hold"):
        orders.place(user_id, svc.service_id, {"link": "https://instagram.com/p/more", "quantity": 10})

    won = stripe.signed(stripe.event("charge.dispute.closed", {**dispute, "status": "won"}))
    assert webhook.receive_webhook(*won) == "credited back"
    assert webhook.receive_webhook(*won) == "already applied"
    assert webhook.receive_webhook(*created) == "already applied"  # a late first delivery
    assert balance(user_id) == Decimal("10.00")
    with pytest.raises(Forbidden):  # locked until staff say otherwise, even when positive again
        orders.place(user_id, svc.service_id, {"link": "https://instagram.com/p/more", "quantity": 10})
    with pytest.raises(InvalidInput):
        staff.unlock("staff-1", user_id, "  ")
    staff.unlock("staff-1", user_id, "dispute won, balance positive")
    with pytest.raises(InvalidInput, match="not locked"):
        staff.unlock("staff-1", user_id, "again")
    orders.place(user_id, svc.service_id, {"link": "https://instagram.com/p/more", "quantity": 10})
    assert [k for k, _ in kinds(user_id)] == ["top_up", "order_charge", "dispute", "dispute_won", "order_charge"]


def test_a_lost_dispute_first_heard_of_at_closing_debits_once() -> None:
    user_id = customer()
    started = _pay(user_id, "20.00")
    webhook.receive_webhook(*_succeeded_event(started))
    dispute = {"id": "dp_lost" + started.top_up.payment_intent[3:], "object": "dispute", "amount": 2000,
               "charge": started.top_up.stripe_charge_id, "status": "lost", "currency": "usd"}
    lost = stripe.signed(stripe.event("charge.dispute.closed", dispute))
    assert webhook.receive_webhook(*lost) == "debited"
    late_created = stripe.signed(stripe.event("charge.dispute.created", {**dispute, "status": "needs_response"}))
    assert webhook.receive_webhook(*late_created) == "already applied"
    assert webhook.receive_webhook(*lost) == "already applied"
    assert balance(user_id) == Decimal("0")
    account = ledger_store.account(user_id)
    assert account is not None and account.locked is None  # not below zero: no lock


def test_forged_altered_old_and_unsigned_deliveries_change_nothing() -> None:
    user_id = customer()
    started = _pay(user_id, "30.00")
    intent = stripe.stripe_get(f"payment_intents/{started.top_up.payment_intent}")
    good = stripe.event("payment_intent.succeeded", intent)
    forged = stripe.signed(good, secret="whsec_guessed")
    body, signature = stripe.signed(good)
    altered = body.replace(b'"amount": 3000', b'"amount": 3001')
    assert altered != body
    old = stripe.signed(good, at=int(time.time()) - 3600)
    for payload, header in (forged, (altered, signature), old, (body, None), (body, "t=1,v1=00"), (b"\xff", signature)):
        with pytest.raises(InvalidInput, match="signature"):
            webhook.receive_webhook(payload, header)
    assert balance(user_id) == 0
    assert ledger_store.entries(user_id) == []


def test_events_for_unknown_or_mismatched_payments_and_unused_types_are_ignored() -> None:
    user_id = customer()
    started = _pay(user_id, "30.00")
    intent = stripe.stripe_get(f"payment_intents/{started.top_up.payment_intent}")
    cases = {
        "unknown top-up": {**intent, "id": "pi_nobody", "metadata": {"topup_id": "999999999", "user_id": "u1"}},
        "other account": {**intent, "metadata": {**intent["metadata"], "user_id": customer()}},
        "other amount": {**intent, "amount": 300000},
        "other currency": {**intent, "currency": "eur"},
    }
    for name, obj in cases.items():
        outcome = webhook.receive_webhook(*stripe.signed(stripe.event("payment_intent.succeeded", obj)))
        assert outcome.startswith("ignored"), name
    assert webhook.receive_webhook(*stripe.signed(stripe.event("customer.created", {"id": "cus_1"}))) == \
        "ignored: event type not used"
    assert webhook.receive_webhook(*stripe.signed(stripe.event("charge.refunded", {"id": "ch_unknown"}))) == \
        "ignored: unknown charge"
    assert balance(user_id) == 0


def test_an_idempotency_key_starts_one_payment_and_declines_change_nothing() -> None:
    user_id = customer()
    first = card.start_top_up(user_id, "40.00", stripe.card(), "same-key")
    again = card.start_top_up(user_id, "40.00", stripe.card(), "same-key")
    assert again.top_up.top_up_id == first.top_up.top_up_id
    assert again.top_up.payment_intent == first.top_up.payment_intent
    with pytest.raises(InvalidInput, match="different top-up"):
        card.start_top_up(user_id, "41.00", stripe.card(), "same-key")
    with pytest.raises(PaymentDeclined, match="declined"):
        card.start_top_up(user_id, "40.00", stripe.card(stripe.DECLINED), "other-key")
    statuses = [t.status for t in card.history(user_id)[0]]
    assert statuses == [TopUpStatus.FAILED, TopUpStatus.PROCESSING]
    assert balance(user_id) == 0


def test_three_d_secure_hands_the_browser_a_client_secret_and_waits_for_the_webhook() -> None:
    user_id = customer()
    started = card.start_top_up(user_id, "25.00", stripe.card(stripe.THREE_D_SECURE), "3ds-key")
    assert started.top_up.status == TopUpStatus.REQUIRES_ACTION
    assert started.client_secret and started.client_secret.startswith(started.top_up.payment_intent)
    replay = card.start_top_up(user_id, "25.00", stripe.card(stripe.THREE_D_SECURE), "3ds-key")
    assert replay.client_secret == started.client_secret
    assert balance(user_id) == 0


@pytest.mark.parametrize(("amount", "message"), [
    ("4.99", "smallest"), ("5000.01", "largest"), ("ten", "number"), ("10.001", "2 decimal"), ("", "amount"),
    (10.5, "amount"), (None, "amount"), ("NaN", "number"),
])
def test_bad_amounts_are_refused_before_stripe_is_called(amount: object, message: str) -> None:
    user_id = customer()
    with pytest.raises(InvalidInput, match=message):
        card.start_top_up(user_id, amount, stripe.card(), "k")
    with pytest.raises(InvalidInput, match="card"):
        card.start_top_up(user_id, "10.00", "4242424242424242", "k")
    assert card.history(user_id)[0] == []


@pytest.mark.promise("O4")
def test_manual_top_ups_are_their_own_ledger_kind_and_idempotent() -> None:
    user_id = customer()
    made = [staff.manual_top_up("staff-9", user_id, "250.00", "bank_transfer", "BACS ref 8812", "mt-1")
            for _ in range(3)]
    assert len({t.top_up_id for t in made}) == 1
    entries = ledger_store.entries(user_id)
    assert [(e.kind, e.amount, e.staff_id) for e in entries] == [(EntryKind.MANUAL_TOP_UP, Decimal("250"), "staff-9")]
    assert "BACS ref 8812" in (entries[0].reason or "")
    made_top_up = card.history(user_id)[0][0]
    assert (made_top_up.method.value, made_top_up.reference, made_top_up.status.value) == (
        "bank_transfer", "BACS ref 8812", "succeeded")
    for method, reference in (("card", "x"), ("cash", "x"), ("crypto", " "), ("crypto", "x" * 201)):
        with pytest.raises(InvalidInput):
            staff.manual_top_up("staff-9", user_id, "10.00", method, reference, f"mt-{method}-{len(reference)}")
    with pytest.raises(NotFound):
        staff.manual_top_up("staff-9", "u-nobody", "10.00", "crypto", "tx 0xabc", "mt-nobody")
    assert balance(user_id) == Decimal("250.00")


def test_a_debit_never_makes_an_unlocked_negativebalance() -> None:
    """Only movements that lock may go below zero: orders still stop at zero."""
    user_id = customer("1.00")
    svc = service(provider_rate="1.00")
    with pytest.raises(NotEnoughFunds):
        orders.place(user_id, svc.service_id, {"link": "https://instagram.com/p/x", "quantity": 2000})
    assert balance(user_id) == Decimal("1.00")


@pytest.mark.promise("O4")
def test_reconciling_credits_a_payment_whose_webhook_never_came_and_cancels_abandoned_3ds(fresh_table, clock) -> None:
    from datetime import timedelta

    paid_user, abandoned_user = customer(), customer()
    paid = _pay(paid_user, "45.00")  # localstripe's webhook goes nowhere here: "lost"
    abandoned = card.start_top_up(abandoned_user, "25.00", stripe.card(stripe.THREE_D_SECURE), "abandon")
    assert reconcile.reconcile_pending()["credited"] == 0  # too young to chase
    clock.at += timedelta(minutes=31)
    counts = reconcile.reconcile_pending()
    assert counts["credited"] == 1
    assert balance(paid_user) == Decimal("45.00")
    assert card.top_up_of(abandoned_user, abandoned.top_up.top_up_id).status == TopUpStatus.REQUIRES_ACTION
    assert webhook.receive_webhook(*_succeeded_event(paid)) == "already applied"  # the webhook, late
    clock.at += timedelta(hours=24)
    reconcile.reconcile_pending()
    assert card.top_up_of(abandoned_user, abandoned.top_up.top_up_id).status == TopUpStatus.FAILED
    assert stripe.stripe_get(f"payment_intents/{abandoned.top_up.payment_intent}")["status"] == "canceled"
    assert balance(paid_user) == Decimal("45.00") and balance(abandoned_user) == 0


def test_a_refund_stripe_sends_in_a_shape_we_cannot_read_is_refused_so_stripe_sends_it_again() -> None:
    from chalicelib.domain.errors import Unavailable

    user_id = customer()
    started = _pay(user_id, "40.00")
    webhook.receive_webhook(*_succeeded_event(started))
    charge = stripe.stripe_get(f"charges/{started.top_up.stripe_charge_id}")
    unreadable = stripe.signed(stripe.event("charge.refunded", {**charge, "amount_refunded": "10.00"}))
    with pytest.raises(Unavailable):
        webhook.receive_webhook(*unreadable)
    assert balance(user_id) == Decimal("40.00") and kinds(user_id) == [("top_up", Decimal("40"))]


def _drive_below_zero(user_id: str) -> None:
    """$50 paid, $40 spent, then the $50 disputed: the balance is -40.00 and the account locked."""
    started = _pay(user_id, "50.00")
    webhook.receive_webhook(*_succeeded_event(started))
    orders.place(user_id, service(provider_rate="1.00").service_id,
                 {"link": "https://instagram.com/p/spent", "quantity": 40_000})
    dispute = {"id": "dp_neg" + started.top_up.payment_intent[3:], "object": "dispute", "amount": 5000,
               "charge": started.top_up.stripe_charge_id, "payment_intent": started.top_up.payment_intent,
               "status": "needs_response", "currency": "usd"}
    assert webhook.receive_webhook(*stripe.signed(stripe.event("charge.dispute.created", dispute))) == "debited"
    assert balance(user_id) == Decimal("-40.00")


@pytest.mark.promise("O1", "O4")
def test_a_payment_into_an_account_below_zero_counts_even_if_the_balance_stays_below(fresh_table, clock) -> None:
    """A card payment is credited whatever balance it leaves: by its webhook, and by the
    reconciler when the webhook never came. The account stays locked for staff."""
    from datetime import timedelta

    user_id = customer()
    _drive_below_zero(user_id)
    first = _pay(user_id, "20.00")
    assert webhook.receive_webhook(*_succeeded_event(first)) == "credited"
    assert balance(user_id) == Decimal("-20.00")
    second = _pay(user_id, "15.00")  # its webhook is lost
    clock.at += timedelta(minutes=31)
    assert reconcile.reconcile_pending()["credited"] == 1
    assert balance(user_id) == Decimal("-5.00") and ledger_sum(user_id) == balance(user_id)
    assert card.top_up_of(user_id, second.top_up.top_up_id).status == TopUpStatus.SUCCEEDED
    with pytest.raises(Forbidden, match="on hold"):
        orders.place(user_id, service(provider_rate="1.00").service_id,
                     {"link": "https://instagram.com/p/more", "quantity": 10})


def test_one_top_up_the_reconciler_cannot_settle_does_not_stop_the_others(fresh_table, clock) -> None:
    from datetime import timedelta

    from chalicelib.store import dynamo, keys

    gone_user, paid_user = customer(), customer()
    _pay(gone_user, "30.00")
    _pay(paid_user, "45.00")
    dynamo.delete(keys.user(gone_user))  # an account that no longer exists: crediting it fails
    clock.at += timedelta(minutes=31)
    counts = reconcile.reconcile_pending()
    assert (counts["credited"], counts["unresolved"]) == (1, 1)
    assert balance(paid_user) == Decimal("45.00")


@pytest.mark.promise("O4")
def test_a_refund_and_a_dispute_at_the_same_time_take_back_money_and_bonus_once(tiers) -> None:
    user_id, started, charge_id = _paid_100_with_30_refunded(tiers)
    refund = stripe.signed(stripe.event("charge.refunded", stripe.stripe_get(f"charges/{charge_id}")))
    dispute = stripe.signed(stripe.event("charge.dispute.created", {
        "id": "dp_race" + started.top_up.payment_intent[3:], "object": "dispute", "amount": 5000,
        "charge": charge_id, "payment_intent": started.top_up.payment_intent, "status": "needs_response",
        "currency": "usd"}))
    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(lambda delivery: webhook.receive_webhook(*delivery), [refund, dispute] * 3))
    assert sorted(outcomes) == ["already applied"] * 4 + ["debited"] * 2
    top_up = card.top_up_of(user_id, started.top_up.top_up_id)
    assert (top_up.refunded, top_up.bonus_reversed) == (Decimal("30"), Decimal("4"))  # 5% of the 80 taken back
    assert balance(user_id) == Decimal("105") - Decimal("30") - Decimal("50") - Decimal("4")
    assert ledger_sum(user_id) == balance(user_id)


def test_a_top_up_change_that_keeps_losing_the_race_gives_up_and_changes_nothing() -> None:
    """The versioned update reads, decides and writes on the version read; a record changed by
    someone else each time is read again a bounded number of times, then the caller is told."""
    from dataclasses import replace

    from chalicelib.domain.errors import Unavailable
    from chalicelib.domain.payment_events import Movement, TopUpChange

    user_id = customer()
    started = _pay(user_id, "20.00")
    webhook.receive_webhook(*_succeeded_event(started))
    decided = []

    def decide(current):
        decided.append(current.version)
        assert payments_store.replace(current, replace(current, version=current.version + 1))  # a rival write
        return TopUpChange(replace(current, refunded=Decimal("5.00")), "debited",
                           Movement(Decimal("-5"), EntryKind.PAYMENT_REFUND, f"race#{current.top_up_id}"))

    with pytest.raises(Unavailable):
        records.change(started.top_up.top_up_id, decide)
    assert len(decided) == records.MAX_ATTEMPTS and decided == sorted(set(decided))  # each time a fresh read
    assert card.top_up_of(user_id, started.top_up.top_up_id).refunded == 0
    assert kinds(user_id) == [("top_up", Decimal("20"))] and balance(user_id) == Decimal("20.00")
