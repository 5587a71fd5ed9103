"""Powertools Logger, Tracer and Metrics: one instance each for the whole application.

Logs never carry personal data: no passwords, API keys, session ids or full IPs; e-mails
are masked with `domain.accounts.mask_email`.
"""

from __future__ import annotations

import logging

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = "panel"

# Libraries that log whole requests and responses (bodies with tokens, keys, IPs) at DEBUG.
# They stay at WARNING whatever level the application logs at, so debug logging can be
# turned on in production without writing secrets.
WIRE_LOGGERS = ("botocore", "boto3", "s3transfer", "urllib3", "stripe")
for _name in WIRE_LOGGERS:
    logging.getLogger(_name).setLevel(logging.WARNING)

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)
metrics = Metrics(namespace="SmmPanel", service=SERVICE)
