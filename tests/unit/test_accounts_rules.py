import bcrypt
import pytest

from chalicelib.domain import accounts
from chalicelib.domain.errors import InvalidInput


@pytest.mark.parametrize(("raw", "expected"), [
    ("Ann@Example.COM", "ann@example.com"),
    ("  bob@example.org ", "bob@example.org"),
    ("Zoë@Example.com", "zoë@example.com"),
])
def test_emails_are_normalised(raw: str, expected: str) -> None:
    assert accounts.normalize_email(raw) == expected


@pytest.mark.parametrize("raw", ["", "no-at-sign", "a@b", "a@@example.com", "a@localhost", "x" * 250 + "@example.com"])
def test_invalid_emails_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        accounts.normalize_email(raw)


@pytest.mark.parametrize("name", ["bob", "Zoë_99", "<script>alert(1)</script>", "a" * 32])
def test_usernames_accept_printable_text(name: str) -> None:
    assert accounts.normalize_username(name) == name


@pytest.mark.parametrize("name", ["ab", "a" * 33, "has space", "tab\there", "zero\u200bwidth", "new\nline"])
def test_usernames_refuse_short_long_blank_and_invisible(name: str) -> None:
    with pytest.raises(InvalidInput):
        accounts.normalize_username(name)


def test_username_identity_ignores_case() -> None:
    assert accounts.username_key("Bob") == accounts.username_key("bOB")


def test_password_policy_bounds() -> None:
    accounts.check_password_policy("x" * 10)
    accounts.check_password_policy("x" * 72)
    with pytest.raises(InvalidInput, match="at least 10"):
        accounts.check_password_policy("x" * 9)
    with pytest.raises(InvalidInput, match="at most 72 bytes"):
        accounts.check_password_policy("x" * 73)
    # 24 three-byte characters are 72 bytes; one more goes over although it is only 25 characters.
    accounts.check_password_policy("€" * 24)
    with pytest.raises(InvalidInput, match="at most 72 bytes"):
        accounts.check_password_policy("€" * 25)


@pytest.mark.promise("P2")
def test_password_hash_is_bcrypt_with_the_requested_cost_and_not_the_password() -> None:
    hashed = accounts.hash_password("correct horse battery", rounds=5)
    assert hashed.startswith("$2b$05$")
    assert "correct horse" not in hashed
    assert bcrypt.checkpw(b"correct horse battery", hashed.encode())
    assert accounts.verify_password("correct horse battery", hashed)
    assert not accounts.verify_password("correct horse batterz", hashed)
    assert not accounts.verify_password("x" * 80, hashed)


@pytest.mark.promise("P2")
def test_production_cost_is_twelve() -> None:
    from chalicelib.settings import Settings

    assert Settings.model_fields["bcrypt_rounds"].default == 12


def test_mask_email_hides_the_local_part() -> None:
    assert accounts.mask_email("alice@example.com") == "a***@example.com"


@pytest.mark.promise("P1")
def test_user_entity_has_no_field_for_real_name_address_phone_or_card() -> None:
    from dataclasses import fields

    names = {f.name for f in fields(accounts.User)}
    assert names == {"user_id", "email", "username", "password_hash", "role", "created_at",
                     "totp_secret", "totp_last_step", "credentials_version", "disabled"}
