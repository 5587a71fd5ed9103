"""The name of every secret the panel keeps, in one place.

Secrets live in AWS Secrets Manager, one secret per name, under the stage's prefix
`smm-panel/<stage>/` (adapters/secret_store.py reads and writes them; infra/ creates the ones
an operator sets and grants functions access by the same names). Pure: no AWS here, so infra/
and the local stack can import it.
"""

from __future__ import annotations

APP_NAME = "smm-panel"


def prefix(stage: str) -> str:
    """Every secret of a stage starts with this, so one IAM pattern can name a family."""
    return f"{APP_NAME}/{stage}/"


# Set by an operator (the stateful stack creates them empty; docs/operations.md, "Secrets").
STRIPE_SECRET_KEY = "stripe/secret_key"  # noqa: S105 - the name of a secret, not a secret
STRIPE_WEBHOOK_SECRET = "stripe/webhook_secret"  # noqa: S105
OPERATOR_SET = (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET)

# Made by the app on first use (random keys nobody needs to know; the first writer wins).
TOTP_SEALING_KEY = "totp/key"  # base64 of 32 random bytes (adapters/totp_box.py)
CONSENT_IP_HASH_KEY = "consent/ip-hash-key"  # base64 of 32 random bytes (services/consent.py)
APP_MADE = (TOTP_SEALING_KEY, CONSENT_IP_HASH_KEY)

# Written by staff through the admin API, one per provider or monitor, and the alerts' bot token.
PROVIDER_API_KEYS = "provider/*"
MONITOR_WEBHOOK_SECRETS = "monitors/*"
TELEGRAM_BOT_TOKEN = "alerts/telegram-bot-token"  # noqa: S105 - the name of a secret


def provider_api_key(provider_id: int) -> str:
    return f"provider/{provider_id}/api-key"


def monitor_webhook_secret(monitor_id: str) -> str:
    return f"monitors/{monitor_id}/webhook_secret"
