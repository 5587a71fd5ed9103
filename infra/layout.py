"""Which Lambda function serves what: the API split into route groups, one function per SQS
worker and one per scheduled job, each with its memory and timeout.

The one place that knows the split. The CDK stacks build a function per entry, infra/access.py
grants each entry exactly what it calls, and a test asserts every route of app.py belongs to
exactly one group, so a new blueprint cannot ship without a decision about where it runs.

Function names are `smm-panel-<stage>-<name>`, the names Chalice itself would give, so
`panel jobs run NAME --stage dev` finds a deployed job by the handler's name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

APP_NAME = "smm-panel"

# bcrypt at cost 12 takes about 250 ms of one full vCPU; Lambda gives a full vCPU at 1769 MB and
# a proportional share below. 1024 MB answers a sign-in in well under a second; the groups that
# never hash a password stay at 512 MB, the static and read-only ones at 256 MB.
BCRYPT_MEMORY_MB = 1024
API_MEMORY_MB = 512
SMALL_MEMORY_MB = 256

# API Gateway gives up on an integration after 29 s; an API function must stop before that so
# the client gets our error, not a gateway timeout.
API_TIMEOUT_SECONDS = 28


@dataclass(frozen=True)
class RouteGroup:
    """One API function: the blueprint modules (chalicelib/api/<module>.py) whose routes it serves."""

    name: str
    modules: tuple[str, ...]
    memory_mb: int
    timeout_seconds: int = API_TIMEOUT_SECONDS


ROUTE_GROUPS: tuple[RouteGroup, ...] = (
    # Health, the OpenAPI document, the public status page and brand: no personal data, no secrets.
    RouteGroup("public", ("health", "openapi", "status", "brand"), SMALL_MEMORY_MB),
    # Sign-up, sign-in, password reset and change, sessions, cookie consent: bcrypt.
    RouteGroup("accounts", ("auth", "account", "consent"), BCRYPT_MEMORY_MB),
    RouteGroup("orders", ("orders",), API_MEMORY_MB),
    # Stripe top-ups and the signed webhook: the only group that reads the Stripe secrets.
    RouteGroup("payments", ("payments",), API_MEMORY_MB),
    # Customer tickets and the staff support desk; signs attachment upload and download URLs.
    RouteGroup("tickets", ("tickets",), API_MEMORY_MB),
    # Staff operations: catalog, providers (their keys), customers, corrections, audit log, reports,
    # staff accounts, staff alerts (the Telegram bot token), brand settings.
    RouteGroup("admin", ("admin", "audit_log", "brand_admin", "catalog", "customers", "order_desk", "reports",
                         "staff_accounts", "staff_alerts"), API_MEMORY_MB),
    # The standard panel API (/api/v2) for resellers' tools: the busiest group, own concurrency.
    RouteGroup("reseller", ("reseller",), API_MEMORY_MB),
    # Data-subject rights: access, export, erasure (confirmed with the password, so bcrypt).
    RouteGroup("privacy", ("rights", "privacy_requests"), BCRYPT_MEMORY_MB),
    # Availability SLA: claims, credits, monitor webhooks and the monitoring console.
    RouteGroup("sla", ("sla", "monitoring"), API_MEMORY_MB),
    # Law-enforcement requests, preservation holds and disclosure packages (the legal bucket).
    RouteGroup("legal", ("legal", "legal_requests", "legal_holds"), API_MEMORY_MB),
)

# SQS workers, by handler name in app.py. The dispatcher calls providers for a batch of up to ten
# orders, so it gets a minute; each queue's visibility timeout is six times its worker's timeout,
# as AWS recommends, so a message is never handed out again while a worker still holds it.
WORKER_TIMEOUT_SECONDS = {"mail_worker": 30, "order_dispatcher": 60}
WORKER_MEMORY_MB = {"mail_worker": SMALL_MEMORY_MB, "order_dispatcher": API_MEMORY_MB}
VISIBILITY_TIMEOUT_FACTOR = 6

# Scheduled jobs: a job may walk the whole table (purge, ledger audit) so it gets the most time
# Lambda allows; most finish in seconds.
JOB_TIMEOUT_SECONDS = 900
JOB_MEMORY_MB = API_MEMORY_MB


def function_name(stage: str, name: str) -> str:
    return f"{APP_NAME}-{stage}-{name}"


def group_of_module(module: str) -> RouteGroup:
    """The group serving a blueprint module (`chalicelib.api.orders` or `orders`)."""
    short = module.rsplit(".", 1)[-1]
    matches = [group for group in ROUTE_GROUPS if short in group.modules]
    if len(matches) != 1:
        raise LookupError(f"blueprint module {short!r} belongs to {len(matches)} route groups in "
                          "infra/layout.py; it must belong to exactly one")
    return matches[0]


def visibility_timeout_seconds(worker: str) -> int:
    return WORKER_TIMEOUT_SECONDS[worker] * VISIBILITY_TIMEOUT_FACTOR


def group_names() -> Iterable[str]:
    return (group.name for group in ROUTE_GROUPS)
