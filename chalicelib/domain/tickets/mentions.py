"""Which orders a ticket names: the ids the customer gave in the order field, then any written in
the subject or a message as "order 1234", "order #1234", "order id: 1234" or "orders 12, 13"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from chalicelib.domain.tickets.model import Ticket

MAX_MENTIONED = 20
MAX_ORDER_ID = 10**12
_MENTION = re.compile(r"\border(?:s)?\s*(?:id|no\.?|number)?\s*[:#]?\s*((?:#?\d{1,12}(?:\s*(?:,|and|&)\s*)?)+)",
                      re.IGNORECASE)
_NUMBER = re.compile(r"\d{1,12}")


def mentioned_order_ids(ticket: Ticket, texts: Iterable[str]) -> tuple[int, ...]:
    """The ticket's order ids first, then those written in its subject and `texts` (its messages),
    each once, in order of appearance; at most MAX_MENTIONED."""
    found = list(ticket.order_ids)
    for text in (ticket.subject, *texts):
        for mention in _MENTION.finditer(text):
            found.extend(int(n) for n in _NUMBER.findall(mention.group(1)))
    ids = [i for i in dict.fromkeys(found) if 0 < i < MAX_ORDER_ID]
    return tuple(ids[:MAX_MENTIONED])
