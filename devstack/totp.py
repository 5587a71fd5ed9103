"""Prints the local admin's current TOTP code (local stack convenience: `make totp`)."""

from __future__ import annotations

import json

import pyotp

from devstack.seed import ADMIN_FILE

if __name__ == "__main__":
    admin = json.loads(ADMIN_FILE.read_text())
    print(f"{admin['email']}: {pyotp.TOTP(admin['totp_secret']).now()}")
