"""Outgoing e-mail: Amazon SES in the cloud, or .eml files in a local outbox folder.

The transport is a setting, not a branch on the environment: a deployed stage could use
the outbox too (for a demo) and the local stack could point at SES.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import boto3

from chalicelib.observability import logger
from chalicelib.settings import get_settings


@lru_cache(maxsize=1)
def _ses() -> Any:
    return boto3.client("sesv2")


def send(to: str, subject: str, text: str, *, sender: str | None = None) -> None:
    """Send one plain-text mail; `sender`: the From (services/brand.py gives the brand's name and
    address), the `mail_from` setting when absent."""
    settings = get_settings()
    sender = sender or settings.mail_from
    if settings.mail_transport == "outbox":
        from email.message import EmailMessage  # only the local outbox needs it

        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(text)
        outbox = settings.mail_outbox_dir
        outbox.mkdir(parents=True, exist_ok=True)
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(4)}.eml"
        (outbox / name).write_bytes(bytes(message))
        logger.info("mail written to local outbox", extra={"outbox_file": str(outbox / name)})
        return
    _ses().send_email(
        FromEmailAddress=sender,
        Destination={"ToAddresses": [to]},
        Content={"Simple": {"Subject": {"Data": subject}, "Body": {"Text": {"Data": text}}}},
    )
