"""Uniqueness and single-use rules hold under concurrency (real DynamoDB Local)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from chalicelib.domain.errors import Conflict
from chalicelib.domain.sessions import secret_hash
from chalicelib.services import accounts, clock
from chalicelib.store import tokens, users


def test_concurrent_registrations_of_one_email_create_one_account(unique_email) -> None:
    def attempt(n: int) -> str:
        try:
            accounts.register(f"racer{n}-{unique_email[5:11]}", unique_email, "a-good-password", True)
            return "created"
        except Conflict:
            return "conflict"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, range(8)))
    assert outcomes.count("created") == 1
    assert outcomes.count("conflict") == 7
    assert users.get_by_email(unique_email) is not None


def test_a_reset_token_can_be_used_once_even_when_raced(unique_email) -> None:
    user = accounts.register("tok" + unique_email[5:11], unique_email, "a-good-password", True)
    token_hash = secret_hash("token-" + unique_email)
    now = clock.now()
    tokens.put_password_reset(token_hash, user.user_id, now + timedelta(minutes=5), user.credentials_version)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: tokens.take_password_reset(token_hash, now), range(6)))
    assert results.count(user.user_id) == 1
    assert results.count(None) == 5


def test_two_reset_links_raced_change_the_password_once(unique_email) -> None:
    from chalicelib.domain.errors import InvalidInput
    from chalicelib.services import passwords

    user = accounts.register("two" + unique_email[5:11], unique_email, "a-good-password", True)
    now = clock.now()
    links = [f"link-{n}-{unique_email}" for n in range(6)]
    for link in links:
        tokens.put_password_reset(secret_hash(link), user.user_id, now + timedelta(minutes=5), 0)

    def use(n: int) -> str:
        try:
            passwords.reset_password(links[n], f"new-password-{n}", f"192.0.2.{n + 1}")
            return f"new-password-{n}"
        except InvalidInput:
            return "refused"

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(use, range(6)))
    winners = [o for o in outcomes if o != "refused"]
    assert len(winners) == 1, outcomes
    stored = users.get(user.user_id)
    assert stored is not None and stored.credentials_version == 1
    from chalicelib.domain.accounts import verify_password

    assert verify_password(winners[0], stored.password_hash)


def test_a_keys_per_second_limit_holds_when_raced(monkeypatch) -> None:
    """Sixteen threads share one instant: exactly the key's per-second limit gets through."""
    from chalicelib.domain.errors import TooManyRequests
    from chalicelib.services import api_keys
    from tests.support.accounts import customer

    text, _key = api_keys.create(customer(), "racer", rps_limit=5)
    monkeypatch.setattr(api_keys.time, "monotonic", lambda: 5000.0)  # no refill during the race

    def call(_n: int) -> str:
        try:
            api_keys.authenticate(text, "203.0.113.9")
            return "allowed"
        except TooManyRequests:
            return "refused"

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(call, range(48)))
    assert outcomes.count("allowed") == 5 and outcomes.count("refused") == 43
