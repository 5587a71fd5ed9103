"""The staff second factor under parallel guessing (real DynamoDB Local)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pyotp

from chalicelib.domain.accounts import Role
from chalicelib.domain.errors import NotAuthenticated, TooManyRequests
from chalicelib.services import accounts, clock
from chalicelib.settings import get_settings


def test_parallel_wrong_codes_never_check_more_than_the_limit(unique_email) -> None:
    _user, password, secret = accounts.create_staff(unique_email, Role.SUPPORT)
    challenges = []
    for _ in range(24):
        outcome = accounts.sign_in(unique_email, password, "192.0.2.10")
        assert isinstance(outcome, accounts.TotpRequired)
        challenges.append(outcome.challenge)
    right = pyotp.TOTP(secret).at(clock.now())
    wrong = "000000" if right != "000000" else "111111"

    def guess(challenge: str) -> str:
        try:
            accounts.complete_totp(challenge, wrong, "192.0.2.10")
            return "signed in"
        except NotAuthenticated:
            return "checked"
        except TooManyRequests:
            return "locked"

    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(guess, challenges))
    limit = get_settings().totp_failures_before_lock
    assert outcomes.count("checked") == limit, outcomes
    assert outcomes.count("locked") == len(challenges) - limit
    # Locked: even the right code on a fresh challenge is refused now.
    fresh = accounts.sign_in(unique_email, password, "192.0.2.10")
    assert isinstance(fresh, accounts.TotpRequired)
    try:
        accounts.complete_totp(fresh.challenge, right, "192.0.2.10")
        raise AssertionError("the locked factor accepted a code")
    except TooManyRequests as exc:
        assert exc.retry_after_seconds > 60
