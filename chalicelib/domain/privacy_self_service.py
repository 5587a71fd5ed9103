"""What customers do themselves, as entries of the privacy request register (P6): each
action, the kind of request it answers and the outcome recorded. Pure, like
`domain/privacy_requests.py`; the rights services register them through one hook
(`services/privacy_requests.self_service`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from chalicelib.domain.privacy_requests import Change, Channel, IdentityCheck, PrivacyRequest, RequestType, Status


class SelfService(StrEnum):
    """What a customer did themselves, and what it means in the register."""

    EXPORT = "export"
    DELETION = "deletion"
    DELETION_REFUSED = "deletion_refused"
    EMAIL_CORRECTED = "email_corrected"
    USERNAME_CORRECTED = "username_corrected"
    MARKETING_OPT_OUT = "marketing_opt_out"


SELF_SERVICE_TYPES = MappingProxyType({
    SelfService.EXPORT: RequestType.ACCESS, SelfService.DELETION: RequestType.ERASURE,
    SelfService.DELETION_REFUSED: RequestType.ERASURE, SelfService.EMAIL_CORRECTED: RequestType.RECTIFICATION,
    SelfService.USERNAME_CORRECTED: RequestType.RECTIFICATION, SelfService.MARKETING_OPT_OUT: RequestType.OBJECTION,
})
SELF_SERVICE_OUTCOMES = MappingProxyType({
    SelfService.EXPORT: "The customer downloaded an export of their data from their account.",
    SelfService.DELETION: "The customer deleted their account; its personal data was erased.",
    # Neutral on purpose: whatever stood in the way (a preservation hold, say) is never named here.
    SelfService.DELETION_REFUSED: "The account could not be deleted at that time; the customer was asked to "
                                  "contact support.",
    SelfService.EMAIL_CORRECTED: "The customer changed their e-mail address (confirmed from the new address).",
    SelfService.USERNAME_CORRECTED: "The customer changed their username.",
    SelfService.MARKETING_OPT_OUT: "The customer objected to marketing e-mail; none is sent to them.",
})
SELF_SERVICE_IDENTITY = "signed in to the account"


def self_service_request(number: int, action: SelfService, user_id: str, now: datetime) -> PrivacyRequest:
    """A customer's own action, registered as already decided (completed, or refused)."""
    status = Status.REFUSED if action == SelfService.DELETION_REFUSED else Status.COMPLETED
    outcome = SELF_SERVICE_OUTCOMES[action]
    return PrivacyRequest(
        number=number, request_type=SELF_SERVICE_TYPES[action], channel=Channel.SELF_SERVICE, received_at=now,
        status=status, summary=f"Self-service: {action.value.replace('_', ' ')}", created_by=user_id,
        created_at=now, updated_at=now, account_id=user_id, identity=IdentityCheck.VERIFIED,
        identity_note=SELF_SERVICE_IDENTITY, outcome=outcome, decided_by=user_id, decided_at=now,
        history=(Change("status", None, status.value, user_id, now, outcome),),
    )
