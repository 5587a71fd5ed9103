"""Domain errors. The API layer maps each class to one HTTP status in one place."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the user can act on; `message` is shown to people as is."""

    code = "error"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class InvalidInput(DomainError):
    code = "invalid_input"


class PayloadTooLarge(DomainError):
    code = "payload_too_large"


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"


class NotAuthenticated(DomainError):
    code = "not_authenticated"


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class TooManyRequests(DomainError):
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class NotEnoughFunds(DomainError):
    code = "not_enough_funds"

    def __init__(self) -> None:
        # The standard panel API's own wording, which resellers' tools recognise.
        super().__init__("Not enough funds on balance")


class PaymentDeclined(DomainError):
    """The payment processor refused the payment (declined card, failed authentication)."""

    code = "payment_declined"


class Unavailable(DomainError):
    """A service we depend on could not be reached; nothing was changed, try again."""

    code = "unavailable"
