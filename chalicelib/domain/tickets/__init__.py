"""Support tickets (issue 7; SLA sections 2 and 3.2; promises S7-S10), as pure rules.

One module per concern; import the one you need (docs/support.md says the same for people):

* `model`: categories and what each needs, statuses, authors, the ticket and its records.
* `checks`: limits and input checks (subject, message, ids, reason, month, attachments).
* `intake`: a new ticket, the reasons its SLA clock does not start (S9), duplicates, the
  acknowledgement (S7).
* `classification`: priority (high only for balance top-ups, S8) and staff reclassifying (S10).
* `lifecycle`: replies, notes, status changes and pauses, assignment, merging, versions.
* `sla`: the SLA view of a ticket, its place in the staff queue, breaches per user (S11).
* `canned`: canned replies for staff.

The SLA arithmetic itself is `domain/sla_clock`'s; storage formats (keys, the queue's sort key,
attachment object keys) are `store/keys/tickets.py`'s.
"""
