"""Powertools Logger, Tracer and Metrics: one instance each for the whole application.

Logs never carry personal data: no passwords, API keys, session ids or full IPs; e-mails
are masked with `domain.accounts.mask_email`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit

SERVICE = "panel"
NAMESPACE = "SmmPanel"

# Metrics the cloud's alarms watch (infra/alarms.py): one spelling for the code that emits
# them and the alarms that read them.
LEDGER_MISMATCHES = "LedgerMismatches"
LEDGER_CHAIN_BROKEN = "LedgerChainBroken"
ORDERS_NEEDING_REVIEW = "OrdersNeedingReview"   # how many wait for staff now (a gauge)
PROVIDER_BALANCE = "ProviderBalance"            # one series per provider, in its own currency
PROVIDER_DIMENSION = "provider"
# Daily counts of what is overdue (zero included), and events counted as they happen.
SLA_CLAIMS_OVERDUE = "SlaClaimsOverdue"
LEGAL_FOLLOW_UPS_OVERDUE = "LegalFollowUpsOverdue"
STRIPE_EVENTS_UNREADABLE = "StripeEventsUnreadable"
PRIVACY_REGISTER_WRITE_FAILED = "PrivacyRegisterWriteFailed"
STAFF_TOTP_LOCKOUTS = "StaffTotpLockouts"

# Libraries that log whole requests and responses (bodies with tokens, keys, IPs) at DEBUG.
# They stay at WARNING whatever level the application logs at, so debug logging can be
# turned on in production without writing secrets.
WIRE_LOGGERS = ("botocore", "boto3", "s3transfer", "urllib3", "stripe")
for _name in WIRE_LOGGERS:
    logging.getLogger(_name).setLevel(logging.WARNING)

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)


def publish_with_dimensions(name: str, value: float, dimensions: Mapping[str, str],
                            unit: MetricUnit = MetricUnit.Count) -> None:
    """Publish one metric with dimensions of its own (a provider's balance, say) at once.

    The shared `metrics` gives every metric of a flush the same dimensions, so a value per
    provider cannot go through it; a short-lived instance can, and like `metrics` it adds the
    service dimension and honours POWERTOOLS_METRICS_DISABLED (Powertools' `single_metric`
    does neither)."""
    one = EphemeralMetrics(namespace=NAMESPACE, service=SERVICE)
    for key, label in dimensions.items():
        # add_dimension joins the service's dimension set; add_dimensions would start a second
        # set, publishing the value twice, once without the provider.
        one.add_dimension(name=key, value=label)
    one.add_metric(name=name, unit=unit, value=value)
    one.flush_metrics()
