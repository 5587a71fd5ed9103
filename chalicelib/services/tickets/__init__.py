"""Support ticket use cases (issue 7; promises S7-S11, O5), one module per side of the desk.

* `customer`: customers open, list, read, reply to and close their own tickets; anyone else's
  ticket is "not found", exactly like a missing one (O5).
* `staff`: staff (support and admins) reply, write internal notes, change statuses, assign,
  reclassify and merge duplicates.
* `staff_views`: what staff read: the queue sorted by first-response deadline, one ticket with
  its SLA view, a customer's tickets, canned replies.
* `attachments`: presigned uploads, checking named uploads, download links.
* `reply_mail`: the mail that tells a customer support replied (queued, sent by the worker).
* `breaches`: the SLA's monthly count of first-response breaches per user (S11).
* `changes`: the one versioned write every change goes through (`change_ticket`), and the
  ticket-number parser.

Each change reads the ticket, applies a pure rule of `domain/tickets`, and writes it back on
condition its version did not move, together with any message it adds; on a conflict it reads
again, so a concurrent close makes a reply fail cleanly instead of landing.
"""
