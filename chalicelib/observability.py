"""Powertools Logger, Tracer and Metrics: one instance each for the whole application.

Logs never carry personal data: no passwords, API keys, session ids or full IPs; e-mails
are masked with `domain.accounts.mask_email`.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = "panel"

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)
metrics = Metrics(namespace="SmmPanel", service=SERVICE)
