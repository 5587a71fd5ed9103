"""Payments: card top-ups through Stripe, Stripe's webhook, reconciliation, and staff's tools.

The browser never credits anything: `card.start_top_up` creates and confirms a PaymentIntent
and records the top-up as pending; only Stripe's signed webhook (`webhook.receive_webhook`)
or the hourly `reconcile.reconcile_pending` moves money. Every movement has a deterministic
ledger entry id derived from the Stripe object it comes from, and joins a conditional write of
the top-up record, so any number of deliveries, in any order and at the same time, changes the
balance once.

Modules, by concern (callers import the one they need):
- `records`: the top-up record's one versioned update (`change`), idempotency key hashes, views.
- `card`: the add-funds flow: configuration, start, replay, Stripe's answer, history.
- `webhook`: Stripe's deliveries: verify, dispatch by type, credit, refund, dispute, bonus.
- `reconcile`: top-ups whose webhook never came.
- `staff`: manual top-ups, unlocking an account, bonus tiers.
"""
