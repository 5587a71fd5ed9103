import pytest

from chalicelib.adapters import totp_box


def test_a_sealed_secret_opens_only_for_its_user_and_key() -> None:
    key = totp_box.new_key()
    sealed = totp_box.seal("JBSWY3DPEHPK3PXP", key, "u0123456789abcdef")
    assert sealed.startswith("v1:") and "JBSWY3DPEHPK3PXP" not in sealed
    assert totp_box.seal("JBSWY3DPEHPK3PXP", key, "u0123456789abcdef") != sealed  # a fresh nonce each time
    assert totp_box.open_sealed(sealed, key, "u0123456789abcdef") == "JBSWY3DPEHPK3PXP"
    with pytest.raises(totp_box.Unreadable):
        totp_box.open_sealed(sealed, key, "ufedcba9876543210")
    with pytest.raises(totp_box.Unreadable):
        totp_box.open_sealed(sealed, totp_box.new_key(), "u0123456789abcdef")
    with pytest.raises(totp_box.Unreadable):
        totp_box.open_sealed("v1:not base64!", key, "u0123456789abcdef")


def test_a_legacy_clear_secret_reads_as_it_is() -> None:
    assert totp_box.open_sealed("JBSWY3DPEHPK3PXP", totp_box.new_key(), "u0") == "JBSWY3DPEHPK3PXP"
    assert not totp_box.is_sealed("JBSWY3DPEHPK3PXP")
