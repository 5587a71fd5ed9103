"""Reading the test stack's local outbox (the mail adapter's "outbox" transport)."""

from __future__ import annotations

import email
import email.message
import email.policy
from pathlib import Path

from chalicelib.settings import get_settings


def mails_to(address: str) -> list[str]:
    """Subject and text of every mail to `address`, oldest first."""
    outbox = Path(get_settings().mail_outbox_dir)
    found = []
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            found.append(f"{message['Subject']}\n{message.get_body().get_content()}")
    return found


def latest_mail_to(address: str) -> str:
    """Subject and text of the newest mail to `address`; fails the test when there is none."""
    found = mails_to(address)
    if not found:
        raise AssertionError(f"no mail to {address} in {get_settings().mail_outbox_dir}")
    return found[-1]


def latest_message_to(address: str) -> email.message.EmailMessage:
    """The newest mail to `address` with its headers (From, Subject); fails when there is none."""
    outbox = Path(get_settings().mail_outbox_dir)
    found = [m for m in (email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                         for p in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns))
             if m["To"] == address]
    if not found:
        raise AssertionError(f"no mail to {address} in {get_settings().mail_outbox_dir}")
    return found[-1]  # type: ignore[return-value]
