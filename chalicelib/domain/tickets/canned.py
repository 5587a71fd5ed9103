"""Canned replies: texts staff insert into a reply and edit before sending. Admins keep the list
(stored, `store/canned_replies.py`); `INITIAL` is what a new panel starts with. A canned reply
never names a provider: customers must not learn where orders are sent."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from chalicelib.domain.errors import InvalidInput

TITLE_MAX_CHARS = 100
TEXT_MAX_CHARS = 4000
MAX_CANNED_REPLIES = 100
ID_MAX_CHARS = 60


@dataclass(frozen=True)
class CannedReply:
    reply_id: str
    title: str
    text: str


INITIAL: tuple[CannedReply, ...] = (
    CannedReply("need-order-ids", "Ask for order ids",
                "Thank you for contacting us. Please send the ID of each order concerned (you find them on the "
                "Orders page), and describe step by step what you expected and what happened."),
    CannedReply("need-top-up-details", "Ask for top-up details",
                "Thank you for contacting us. Please send the top-up ID from your add-funds history, the amount "
                "and the date of the payment, and a screenshot of the payment confirmation if you have one."),
    CannedReply("need-screenshot", "Ask for a screenshot or log",
                "To look into this we need a screenshot of the problem or the error message / log you received. "
                "Please attach it to your reply."),
    CannedReply("refill-requested", "Refill requested",
                "We have requested a refill from the provider. Refills usually start within 24-72 hours."),
    CannedReply("cancel-requested", "Cancellation requested",
                "We have asked the provider to cancel the order. If it is canceled, the undelivered part is "
                "refunded to your balance automatically."),
    CannedReply("legal-request-elsewhere", "Law-enforcement request: point to the legal address",
                "Requests from law-enforcement, judicial or other government authorities are not handled by "
                "customer support and this ticket cannot be processed as one. Please send the request, as set out "
                "in our law-enforcement guidelines (/legal/law-enforcement), to our dedicated legal address shown "
                "there. We will not act on it in this ticket."),
    CannedReply("resolved", "Resolved",
                "This should now be resolved. If anything is still wrong, reply to this ticket and we will "
                "look again."),
)


def _text(raw: object, field: str, label: str, limit: int) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInput(f"Write a {label}.", fields={field: "required"})
    text = unicodedata.normalize("NFC", raw.strip())
    if len(text) > limit:
        raise InvalidInput(f"The {label} is too long: at most {limit:,} characters.", fields={field: "too_long"})
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
        raise InvalidInput(f"The {label} contains control characters.", fields={field: "invalid"})
    return text


def check_title(raw: object) -> str:
    title = _text(raw, "title", "title", TITLE_MAX_CHARS)
    if "\n" in title:
        raise InvalidInput("The title must be one line.", fields={"title": "invalid"})
    return title


def check_text(raw: object) -> str:
    return _text(raw, "text", "text", TEXT_MAX_CHARS)


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")


def id_from_title(title: str) -> str:
    """A new reply's id: its title in lowercase words joined by hyphens ("Ask for order ids" ->
    "ask-for-order-ids"); a title without a letter or digit has none."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = _NOT_SLUG.sub("-", plain).strip("-")[:ID_MAX_CHARS].strip("-")
    if not slug:
        raise InvalidInput("The title needs at least one letter or digit.", fields={"title": "invalid"})
    return slug


def is_reply_id(text: str) -> bool:
    return bool(_ID.match(text))


# A provider called "A" or "Go" cannot be told from ordinary words: matching it would refuse
# nearly every reply. Shorter names are not looked for.
MIN_PROVIDER_NAME_LENGTH = 3


def provider_named(text: str, provider_names: Iterable[str]) -> str | None:
    """The first provider whose name (of at least MIN_PROVIDER_NAME_LENGTH characters) appears
    in `text` as a whole word (any case), or None."""
    folded = text.casefold()
    for name in provider_names:
        wanted = name.strip().casefold()
        if len(wanted) >= MIN_PROVIDER_NAME_LENGTH and re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", folded):
            return name.strip()
    return None


def check_no_provider(title: str, text: str, provider_names: Iterable[str]) -> None:
    """Refuse a canned reply that names a provider (in its title or text)."""
    names = list(provider_names)
    for field, value in (("title", title), ("text", text)):
        found = provider_named(value, names)
        if found:
            raise InvalidInput(f"A canned reply must not name a provider; the {field} mentions \"{found}\".",
                               fields={field: "names_provider"})
