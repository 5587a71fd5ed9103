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
    tokens.put_password_reset(token_hash, user.user_id, now + timedelta(minutes=5))
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: tokens.take_password_reset(token_hash, now), range(6)))
    assert results.count(user.user_id) == 1
    assert results.count(None) == 5
