"""Telling the user about a request (promise L10; guidelines Section 11), as pure rules.

* By default the user is told, by e-mail, when a request about their account is accepted.
* Staff may withhold the notice only with one of the recorded grounds (a gag order, another
  legal prohibition, a risk to someone's life, a risk that evidence is destroyed) and a note
  saying what it rests on (the order's reference, the risk).
* A withheld notice is sent later, with a note, when the ground lapses; a sent notice is final.
* A request that resolves to no account has nobody to tell (`no_account`).
"""

from __future__ import annotations

from enum import StrEnum

from chalicelib.domain.errors import Conflict, InvalidInput


class Notice(StrEnum):
    NOT_DUE = "not_due"          # not accepted (yet)
    SENT = "sent"
    WITHHELD = "withheld"
    NO_ACCOUNT = "no_account"    # the identifier resolves to no account: nobody to tell


class NoticeGround(StrEnum):
    GAG_ORDER = "gag_order"
    LEGAL_PROHIBITION = "legal_prohibition"
    RISK_TO_LIFE = "risk_to_life"
    EVIDENCE_DESTRUCTION = "evidence_destruction"


GROUND_LABELS = {
    NoticeGround.GAG_ORDER: "A court's non-disclosure (gag) order",
    NoticeGround.LEGAL_PROHIBITION: "The law forbids telling the user",
    NoticeGround.RISK_TO_LIFE: "Telling the user would put someone's life at risk",
    NoticeGround.EVIDENCE_DESTRUCTION: "Telling the user risks the destruction of evidence",
}

MAX_NOTE = 2000


def parse_ground(value: object) -> NoticeGround | None:
    if value is None:
        return None
    try:
        return NoticeGround(str(value).strip().lower())
    except ValueError:
        raise InvalidInput("A notice can be withheld only on one of these grounds: "
                           f"{', '.join(g.value for g in NoticeGround)}.", fields={"ground": "unknown"}) from None


def _note(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise InvalidInput(f"Write {what}: it is recorded.", fields={"note": "required"})
    if len(value.strip()) > MAX_NOTE:
        raise InvalidInput(f"The note is at most {MAX_NOTE} characters.", fields={"note": "too_long"})
    return value.strip()


def on_accept(account_id: str | None, withhold: NoticeGround | None,
              note: str | None) -> tuple[Notice, NoticeGround | None, str | None]:
    """The notice when a request is accepted: sent by default; withheld only with a ground and a note."""
    if withhold is not None:
        return Notice.WITHHELD, withhold, _note(note, "what the ground rests on (order, risk)")
    if account_id is None:
        return Notice.NO_ACCOUNT, None, None
    return Notice.SENT, None, None


def send_later(current: Notice, note: str | None) -> str:
    """A withheld notice sent once its ground lapsed: the note says why it may go now."""
    if current is not Notice.WITHHELD:
        raise Conflict(f"The notice is {current.value.replace('_', ' ')}: only a withheld notice can be sent later.",
                       fields={"notice": current.value})
    return _note(note, "why the ground has lapsed")
