"""What each function of the panel calls: the declarations infra/access.py turns into IAM.

One entry per function short name of infra/layout.py (route groups, SQS workers, scheduled jobs).
Written in the app's terms; the names of secrets and key prefixes come from the modules that use
them. A declaration grows only with a call the app makes: tests/infra/test_recorded_calls.py
fails on a call no declaration allows and on a function that was never seen.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.secret_names import CONSENT_IP_HASH_KEY as IP_HASH_KEY
from chalicelib.secret_names import MONITOR_WEBHOOK_SECRETS as MONITOR_SECRETS
from chalicelib.secret_names import PROVIDER_API_KEYS as PROVIDER_KEYS
from chalicelib.secret_names import STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, TELEGRAM_BOT_TOKEN
from chalicelib.secret_names import TOTP_SEALING_KEY as SEALING_KEY
from chalicelib.services.legal_disclosure import PACKAGE_PREFIX
from chalicelib.services.legal_holds import HOLD_PREFIX
from chalicelib.store.keys.brand import LOGO_PREFIX
from chalicelib.store.keys.legal import LEGAL_PDF_PREFIX
from chalicelib.store.keys.tickets import ATTACHMENT_PREFIX
from chalicelib.store.schema import GSI1, GSI2, GSI3

# DynamoDB actions by what a function does with the table's items. ConditionCheckItem is how a
# transaction checks an item it does not write; BatchWriteItem and Scan are kept apart, for the
# few that need them.
READ = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query")
WRITE = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem")
READ_WRITE = READ + WRITE
SCAN = ("dynamodb:Scan",)
BOTH_INDEXES = (GSI1, GSI2)

UPLOADS = f"{ATTACHMENT_PREFIX}/"  # users' ticket attachments, each under the uploader's id


@dataclass(frozen=True)
class ObjectAccess:
    """Verbs ("read", "write", "delete", "list") on the objects under one key prefix."""

    prefix: str
    verbs: tuple[str, ...]


LegalFiles = tuple[ObjectAccess, ...]


@dataclass(frozen=True)
class Needs:
    table: tuple[str, ...] = READ
    indexes: tuple[str, ...] = ()
    sends_to: tuple[str, ...] = ()         # queues, by the worker consuming them
    watches_queues: tuple[str, ...] = ()   # queue depth, for the health report
    reads_secrets: tuple[str, ...] = ()
    writes_secrets: tuple[str, ...] = ()
    attachments: tuple[ObjectAccess, ...] = ()
    legal_files: LegalFiles = ()          # the legal bucket, encrypted with the legal KMS key
    sends_mail: bool = False


_JOB_READ_WRITE = Needs(table=READ_WRITE, indexes=BOTH_INDEXES)
# A job that raises staff alerts (services/staff_alerts.py) writes each alert's once-only mark
# and log line and queues it for the mail worker, which finds the staff and sends.
_ALERTS = ("mail_worker",)

NEEDS: dict[str, Needs] = {
    # --- API route groups (infra/layout.py ROUTE_GROUPS) ---
    # Health reads the table's status and the mail queue's depth; the status page reads probes.
    # The brand every page reads, and its logo.
    "public": Needs(table=("dynamodb:DescribeTable", *READ), indexes=BOTH_INDEXES, watches_queues=("mail_worker",),
                    attachments=(ObjectAccess(LOGO_PREFIX, ("read",)),)),
    # Sign-in (the staff TOTP sealing key, created on first use), password reset and change
    # (queued mail), cookie consent (the IP hash key, created on first use).
    "accounts": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=("mail_worker",),
                      reads_secrets=(SEALING_KEY, IP_HASH_KEY), writes_secrets=(SEALING_KEY, IP_HASH_KEY)),
    # Placing, listing, cancelling and refilling orders: all in the table. A new order reaches
    # the dispatcher through the table's stream (the pipe), a cancel through status sync, so
    # neither customer group holds a provider key or sends to the orders queue; a pending order
    # canceled at once queues the customer's "order canceled" mail.
    "orders": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=("mail_worker",)),
    # A credited top-up (webhook, staff) queues the customer's "top-up received" mail.
    "payments": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=("mail_worker",),
                      reads_secrets=(STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET)),
    # Signs uploads and downloads under users' prefixes, checks and removes what was uploaded.
    "tickets": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=("mail_worker",),
                     attachments=(ObjectAccess(UPLOADS, ("read", "write", "delete")),)),
    # Providers (their keys), catalog, customers, corrections (queued mail), retrying a parked
    # order (queued for the dispatcher).
    # The reports read orders by month (GSI3), the staff accounts page lists staff (GSI3) and
    # seals a new account's or a reset's TOTP secret (the sealing key, created on first use).
    # The alerts page stores the Telegram bot token (written, never read back) and sends a test alert.
    # The brand settings sign a logo upload, check it and remove a refused or replaced one.
    "admin": Needs(table=READ_WRITE, indexes=(*BOTH_INDEXES, GSI3), sends_to=("mail_worker", "order_dispatcher"),
                   reads_secrets=(PROVIDER_KEYS, SEALING_KEY),
                   writes_secrets=(PROVIDER_KEYS, SEALING_KEY, TELEGRAM_BOT_TOKEN),
                   attachments=(ObjectAccess(LOGO_PREFIX, ("read", "write", "delete")),)),
    "reseller": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=("mail_worker",)),  # a cancel's mail
    # Erasure removes a user's uploads: listed by prefix, deleted in pages.
    "privacy": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=("mail_worker",),
                     attachments=(ObjectAccess(UPLOADS, ("read", "delete", "list")),)),
    # Monitor webhooks are checked against each monitor's secret, which the console rotates.
    "sla": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, reads_secrets=(MONITOR_SECRETS,),
                 writes_secrets=(MONITOR_SECRETS,)),
    # The authority's PDF (attachments bucket, under legal/), frozen copies and packages.
    "legal": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=("mail_worker",),
                   attachments=(ObjectAccess(LEGAL_PDF_PREFIX, ("read", "write", "delete")),
                                ObjectAccess(UPLOADS, ("read",))),
                   legal_files=(ObjectAccess(HOLD_PREFIX, ("read", "write", "delete")),
                                ObjectAccess(PACKAGE_PREFIX, ("read", "write", "delete")))),
    # --- SQS workers ---
    # Staff alerts: the staff list (GSI3) to fan an alert out into one queued e-mail per person
    # and one Telegram message (the bot token), each retried on its own.
    "mail_worker": Needs(table=READ_WRITE, indexes=(*BOTH_INDEXES, GSI3), sends_mail=True, sends_to=("mail_worker",),
                         reads_secrets=(TELEGRAM_BOT_TOKEN,)),
    # A refused order ends canceled: the customer's mail.
    "order_dispatcher": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=("mail_worker",),
                              reads_secrets=(PROVIDER_KEYS,)),
    # --- scheduled jobs ---
    "release_legal_holds": Needs(table=READ_WRITE, indexes=BOTH_INDEXES,
                                 legal_files=(ObjectAccess(HOLD_PREFIX, ("delete",)),)),
    "purge_personal_data": Needs(table=READ_WRITE + SCAN, indexes=BOTH_INDEXES,
                                 attachments=(ObjectAccess(UPLOADS, ("delete",)),)),
    # Compares every balance with its entries and reports (metric, log and a staff alert); it
    # changes no account.
    "audit_ledgers": Needs(table=READ_WRITE + SCAN, indexes=BOTH_INDEXES, sends_to=_ALERTS),
    "sync_catalog": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, reads_secrets=(PROVIDER_KEYS,)),
    "sweep_orders": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=("order_dispatcher", *_ALERTS)),
    # Settling an order queues the customer's order-end mail.
    "sync_statuses": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=("mail_worker",),
                           reads_secrets=(PROVIDER_KEYS,)),
    "check_providers": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, reads_secrets=(PROVIDER_KEYS,),
                             sends_to=_ALERTS),
    "check_sla_claims": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=_ALERTS),
    # Overdue emergency follow-ups are an error log, a metric and a staff alert; the notices go
    # by the mail worker.
    "check_legal_follow_ups": Needs(table=READ_WRITE, indexes=(GSI2,), sends_to=_ALERTS),
    "reconcile_top_ups": Needs(table=READ_WRITE, indexes=BOTH_INDEXES, sends_to=("mail_worker",),
                               reads_secrets=(STRIPE_SECRET_KEY,)),
    "probe_availability": Needs(table=READ_WRITE, indexes=BOTH_INDEXES),
    "sla_month_report": _JOB_READ_WRITE,
    "sla_daily_summary": _JOB_READ_WRITE,
}
