"""What Stripe's payment events do to a top-up: pure decisions, no I/O, no clock.

The webhook service finds the top-up, asks these rules what to change and which ledger
movement explains the change, and writes both in one conditional transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chalicelib.domain.ledger import EntryKind


@dataclass(frozen=True)
class Movement:
    """A ledger movement that explains a change of a top-up record. `entry_id` is derived
    from the Stripe object it comes from, so it can be applied once only."""

    amount: Decimal              # signed: positive credits the customer, negative debits
    kind: EntryKind
    entry_id: str
    may_go_negative: bool = False  # money Stripe takes back: below zero locks the account
