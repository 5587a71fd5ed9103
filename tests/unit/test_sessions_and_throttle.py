from datetime import UTC, datetime, timedelta

from chalicelib.adapters.random_tokens import url_safe
from chalicelib.domain.sessions import SessionWindow, same_secret, secret_hash
from chalicelib.domain.throttle import Window

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
WINDOW = SessionWindow(idle=timedelta(hours=12), absolute=timedelta(days=14))


def test_secrets_are_random_and_stored_as_hashes() -> None:
    a, b = url_safe(), url_safe()
    assert a != b and len(a) >= 43
    assert secret_hash(a) != a and len(secret_hash(a)) == 64
    assert same_secret(a, a) and not same_secret(a, b)


def test_session_expiry_slides_but_never_past_the_absolute_deadline() -> None:
    expires, deadline = WINDOW.first_expiry(T0)
    assert expires == T0 + timedelta(hours=12)
    assert deadline == T0 + timedelta(days=14)
    later = T0 + timedelta(hours=6)
    assert WINDOW.slid_expiry(later, deadline) == later + timedelta(hours=12)
    near_end = deadline - timedelta(hours=1)
    assert WINDOW.slid_expiry(near_end, deadline) == deadline


def test_refresh_is_written_only_when_it_moves_the_expiry_enough() -> None:
    expires, deadline = WINDOW.first_expiry(T0)
    every = timedelta(minutes=5)
    assert not WINDOW.needs_refresh(T0 + timedelta(minutes=1), expires, deadline, every)
    assert WINDOW.needs_refresh(T0 + timedelta(minutes=6), expires, deadline, every)


def test_fixed_window() -> None:
    window = Window(seconds=900, limit=5)
    assert window.start(1000) == 900
    assert window.retry_after(1000) == 800
    assert not window.exceeded(4)
    assert window.exceeded(5)


def test_throttle_subject_groups_ipv6_by_64_and_keeps_ipv4_whole() -> None:
    from chalicelib.domain.throttle import ip_subject

    assert ip_subject("203.0.113.7") == "203.0.113.7"
    assert ip_subject("203.0.113.8") != ip_subject("203.0.113.7")
    assert ip_subject("2001:db8:1:2::1") == ip_subject("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64"
    assert ip_subject("2001:db8:1:3::1") != ip_subject("2001:db8:1:2::1")
    assert ip_subject("::ffff:203.0.113.7") == "203.0.113.7"
    assert ip_subject("not an ip") == "not an ip"
