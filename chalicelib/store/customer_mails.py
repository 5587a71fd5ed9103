"""The customer's mail switches (on the user item) and the markers of service mails sent."""

from __future__ import annotations

from datetime import datetime, timedelta

from botocore.exceptions import ClientError

from chalicelib.domain.customer_mails import MailPreferences
from chalicelib.store import dynamo, keys, schema

# A marker only has to outlive every retry of what sent the mail (Stripe retries a webhook
# for 3 days, SQS keeps a message 4): a month is plenty, then it goes by itself.
MARKER_LIFETIME = timedelta(days=30)


def preferences(user_id: str) -> MailPreferences | None:
    """The switches, or None for an unknown or closed account."""
    item = dynamo.get(keys.user(user_id))
    if item is None or "closed_at" in item:
        return None
    return MailPreferences.from_stored(item.get("mail_preferences"), int(item.get("mail_preferences_version", 0)))


def save_preferences(user_id: str, wanted: MailPreferences) -> MailPreferences | None:
    """Write the switches if the stored version is still `wanted.version` (a page left open
    must not undo a newer change); the saved preferences, or None when the version moved on
    or the account is gone."""
    condition = "attribute_exists(pk) AND attribute_not_exists(closed_at) AND "
    if wanted.version == 0:
        condition += "(attribute_not_exists(mail_preferences_version) OR mail_preferences_version = :was)"
    else:
        condition += "mail_preferences_version = :was"
    saved = dynamo.update(keys.user(user_id), "SET mail_preferences = :switches, mail_preferences_version = :now",
                          condition=condition, switches=wanted.switches(), was=wanted.version,
                          now=wanted.version + 1)
    if saved is None:
        return None
    return MailPreferences.from_stored(wanted.switches(), wanted.version + 1)


def claim_sent(marker: str, now: datetime) -> bool:
    """Claim the right to send this mail; False when it was claimed (sent) before."""
    try:
        dynamo.put({**keys.customer_mail_sent(marker), "claimed_at": now.isoformat(),
                    schema.TTL_ATTRIBUTE: int((now + MARKER_LIFETIME).timestamp())},
                   condition="attribute_not_exists(pk)")
    except ClientError as exc:
        if dynamo.is_conditional_failure(exc):
            return False
        raise
    return True


def release_sent(marker: str) -> None:
    """Give the claim back after a failed send, so the queue's retry can send it."""
    dynamo.delete(keys.customer_mail_sent(marker))
