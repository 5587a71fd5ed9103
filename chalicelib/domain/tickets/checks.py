"""Input checks for tickets: the limits, and the parsers that turn what a person typed into the
model's values or refuse it with a message that person understands (400, nothing changed).

Attachments are checked here for what the caller declares (name, type, size); whether an upload
key belongs to its uploader is the key format's business (`store/keys/tickets.py`).
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Collection
from types import MappingProxyType
from typing import TypeVar

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.privacy_requests import RequestType, parse_type
from chalicelib.domain.sla_clock import Priority
from chalicelib.domain.tickets.model import Category, Status

SUBJECT_MAX_CHARS = 200
MAX_ORDER_IDS = 10
MAX_ATTACHMENTS = 5
FILENAME_MAX_CHARS = 200
MAX_ID = 10**12
REASON_MAX_CHARS = 500

CONTENT_TYPE_NAMES = MappingProxyType({
    "image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WebP", "text/plain": "plain text",
    "application/pdf": "PDF",
})

_Choice = TypeVar("_Choice", bound=enum.StrEnum)


def _choice(raw: object, kind: type[_Choice], field: str) -> _Choice:
    """One of an enum's values, written loosely ("Balance top-up" finds balance_top_up)."""
    text = raw.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(raw, str) else ""
    try:
        return kind(text)
    except ValueError:
        names = ", ".join(member.value for member in kind)
        raise InvalidInput(f"Unknown {field}; choose one of: {names}.", fields={field: "unknown"}) from None


def parse_category(raw: object) -> Category:
    return _choice(raw, Category, "category")


def privacy_request_type(category: Category, raw: object) -> RequestType | None:
    """What a "Privacy request" ticket asks for: needed in that category, refused in any other."""
    if category != Category.PRIVACY_REQUEST:
        if raw is not None:
            raise InvalidInput("A request type goes only with the category 'Privacy request'.",
                               fields={"request_type": "unused"})
        return None
    if raw is None:
        raise InvalidInput("Choose what kind of privacy request this is.", fields={"request_type": "required"})
    return parse_type(raw)


def parse_status(raw: object) -> Status:
    return _choice(raw, Status, "status")


def parse_priority(raw: object) -> Priority:
    return _choice(raw, Priority, "priority")


def check_subject(raw: object) -> str:
    subject = " ".join(raw.split()) if isinstance(raw, str) else ""
    if not subject:
        raise InvalidInput("Write a subject for your ticket.", fields={"subject": "required"})
    if len(subject) > SUBJECT_MAX_CHARS:
        raise InvalidInput(f"The subject is too long: at most {SUBJECT_MAX_CHARS} characters.",
                           fields={"subject": "too_long"})
    return subject


def check_message(raw: object, max_bytes: int, *, field: str = "message") -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInput("Write a message: describe the problem step by step.", fields={field: "required"})
    text = raw.strip()
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise InvalidInput(f"The message is too long ({size:,} bytes); the limit is {max_bytes:,} bytes. "
                           "Attach long logs as a text file instead.", fields={field: "too_long"})
    return text


def check_id(raw: object, what: str, field: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw < MAX_ID:
        raise InvalidInput(f"'{field}' must be {what} (a whole number).", fields={field: "invalid"})
    return raw


def check_order_ids(raw: object) -> tuple[int, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InvalidInput("'order_ids' must be a list of order ids.", fields={"order_ids": "invalid"})
    ids = tuple(dict.fromkeys(check_id(item, "an order id", "order_ids") for item in raw))
    if len(ids) > MAX_ORDER_IDS:
        raise InvalidInput(f"Name at most {MAX_ORDER_IDS} orders in one ticket.", fields={"order_ids": "too_many"})
    return ids


def check_into(raw: object) -> int:
    """The number of the ticket a duplicate is merged into."""
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise InvalidInput("'into' must be the number of the original ticket.", fields={"into": "invalid"})
    return raw


def check_upload_keys(raw: object) -> list[str]:
    """The upload keys a message attaches, as sent (whose they are is checked against S3)."""
    if not isinstance(raw, list) or not all(isinstance(k, str) for k in raw):
        raise InvalidInput("'attachments' must be a list of upload keys.", fields={"attachments": "invalid"})
    return raw


def check_reason(raw: object) -> str | None:
    if raw is None:
        return None
    text = " ".join(raw.split()) if isinstance(raw, str) else None
    if text is None or len(text) > REASON_MAX_CHARS:
        raise InvalidInput(f"'reason' must be text of at most {REASON_MAX_CHARS} characters.",
                           fields={"reason": "invalid"})
    return text or None


# --- attachments -------------------------------------------------------------------------------

def allowed_types_text(allowed: Collection[str]) -> str:
    return ", ".join(CONTENT_TYPE_NAMES.get(t, t) for t in allowed)


def check_content_type(raw: object, allowed: Collection[str]) -> str:
    content_type = raw.split(";")[0].strip().lower() if isinstance(raw, str) else ""
    if content_type not in allowed:
        raise InvalidInput(f"This type of file cannot be attached; allowed are {allowed_types_text(allowed)}.",
                           fields={"content_type": "forbidden"})
    return content_type


def check_size(raw: object, max_bytes: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw <= 0:
        raise InvalidInput("'size' must be the file's size in bytes.", fields={"size": "invalid"})
    if raw > max_bytes:
        raise InvalidInput(f"The file is too large ({_megabytes(raw)}); the largest attachment is "
                           f"{_megabytes(max_bytes)}.", fields={"size": "too_large"})
    return raw


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_filename(raw: object) -> str:
    """A display name only (never a path or key): the last path part, printable, trimmed."""
    text = raw if isinstance(raw, str) else ""
    name = unicodedata.normalize("NFKC", text.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    if not name or name in {".", ".."}:
        raise InvalidInput("The file needs a name.", fields={"filename": "required"})
    if len(name) > FILENAME_MAX_CHARS:
        raise InvalidInput(f"The file name is too long: at most {FILENAME_MAX_CHARS} characters.",
                           fields={"filename": "too_long"})
    return name
