"""Every environment variable the application reads, in one pydantic-settings model.

Read once per process through `get_settings()`. Nothing else in the code base touches
`os.environ`. AWS endpoints are not settings: boto3 reads the standard
`AWS_ENDPOINT_URL_<SERVICE>` variables itself, so the same code runs in the cloud and on
the local stack without branching on "local".
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PANEL_", extra="ignore", frozen=True)

    stage: str = "local"
    table_name: str = "panel"
    # The table's region when this function runs in another one (the availability probes of
    # infra/probes.py write to the home region's table); empty: the function's own region.
    table_region: str = ""
    mail_queue_name: str = "panel-mail"

    # Public origin of the site, used to build links in e-mails.
    site_url: str = "http://127.0.0.1:8080"

    # Mail: SES in the cloud; "outbox" writes .eml files for the local stack.
    mail_transport: Literal["ses", "outbox"] = "ses"
    mail_outbox_dir: Path = Path(".local/outbox")
    mail_from: str = "no-reply@panel.example"

    # Upstream provider calls and dispatch.
    order_queue_name: str = "panel-orders"
    provider_timeout_seconds: float = 20.0
    # Largest answer read from a provider (a bigger one is a provider error, cut while reading).
    provider_max_response_bytes: int = Field(default=4 * 1024 * 1024, ge=64 * 1024)
    dispatch_requeue_after_seconds: int = 120   # pending this long: the enqueue was lost
    dispatch_claim_timeout_seconds: int = 300   # claimed this long without an answer: review
    stuck_after_seconds: int = 24 * 3600        # sent and no progress this long: flag for staff
    provider_low_balance_usd: str = "50"

    # Staff alerts by Telegram (services/staff_alerts.py): the Bot API's address (the local stack's
    # simulator in devstack/telegram_sim.py); the bot token is a secret staff set in the console.
    telegram_api_base: str = "https://api.telegram.org"
    telegram_timeout_seconds: float = 10.0

    # Payments (Stripe). Keys that must stay secret come from the secret store (adapters/secret_store):
    # "stripe/secret_key" and "stripe/webhook_secret". The rest is public.
    stripe_api_base: str | None = None               # localstripe on the local stack; None: Stripe
    stripe_publishable_key: str = "pk_test_local"
    stripe_js_url: str = "https://js.stripe.com/v3/"
    # How the browser turns card fields into a payment method id (frontend/src/stripe-card.ts).
    stripe_browser: Literal["stripe", "localstripe"] = "stripe"
    stripe_webhook_tolerance_seconds: int = 300
    stripe_timeout_seconds: float = 20.0
    top_up_min_usd: str = "5"
    top_up_max_usd: str = "5000"

    # Reseller API keys: default limits a key gets unless its owner sets lower ones.
    api_default_rps: int = 20
    api_default_daily: int = 200_000
    api_keys_per_user: int = 10

    # Passwords and sessions.
    bcrypt_rounds: int = Field(default=12, ge=4, le=16)
    cookie_secure: bool = True
    session_idle_seconds: int = 12 * 3600
    session_absolute_seconds: int = 14 * 24 * 3600
    # A session's expiry is pushed forward at most this often, to save writes.
    session_refresh_seconds: int = 300
    # How long a warm container trusts what it read (see services/caches.py); 0 disables.
    session_cache_seconds: float = 5.0
    catalog_cache_seconds: float = 5.0
    password_reset_ttl_seconds: int = 30 * 60
    totp_challenge_ttl_seconds: int = 5 * 60
    totp_issuer: str = "SMM Panel"

    # Throttling of failed sign-ins: fixed windows per (account, client IP), per account from all
    # addresses (a much higher ceiling: a stranger cannot lock the owner out) and per client IP.
    login_window_seconds: int = 15 * 60
    login_failures_per_account_ip: int = 5
    login_failures_per_account: int = 50
    login_failures_per_ip: int = 30
    # Staff second factor: this many wrong codes per account (across challenges) lock it for a while.
    totp_failures_before_lock: int = 5
    totp_lock_seconds: int = 15 * 60
    # Wrong codes are forgotten after a successful code, a lock, or (at the latest) this long.
    totp_failure_memory_seconds: int = 24 * 3600

    # The secret value CloudFront (and the dev gateway) put in the `x-origin-verify` header.
    # Only a request carrying it may name the viewer's IP (CloudFront-Viewer-Address); empty:
    # the viewer header is never trusted and the connection's source IP is used.
    origin_verify_secret: str = ""

    # Abuse limits: at most this many per client IP, account or address in `abuse_window_seconds`.
    abuse_window_seconds: int = 3600
    registrations_per_ip: int = 10
    password_forgot_per_ip: int = 10
    password_forgot_per_address: int = 3
    password_resets_per_ip: int = 20
    top_up_starts_per_account: int = 10
    top_up_starts_per_ip: int = 20
    tickets_opened_per_account: int = 10
    upload_forms_per_account: int = 60
    # Data-subject rights (docs/privacy.md): exports, deletion attempts (a wrong password
    # counts), username and e-mail corrections, and how long an e-mail confirmation link lives.
    exports_per_account: int = 10
    deletion_attempts_per_account: int = 5
    deletion_attempts_per_ip: int = 20
    corrections_per_account: int = 10
    email_change_ttl_seconds: int = 24 * 3600

    # Login IP addresses are kept this many England-and-Wales business days (P8).
    login_ip_retention_business_days: int = 90
    # The daily retention purge (docs/privacy.md): closed tickets' text is erased this many days
    # after their last change, and each data class reads at most this many pages of this size
    # per run, within its share of the run's time (under the function's 60 s timeout); the next
    # run continues where it stopped.
    ticket_text_retention_days: int = Field(default=365, ge=30)
    retention_page_size: int = Field(default=500, ge=1, le=1000)
    retention_pages_per_run: int = Field(default=40, ge=1)
    retention_seconds_per_run: float = Field(default=45.0, ge=0)
    # Closed accounts' erasure is run again this many days after closing (orders still running
    # then keep their links until they end); financial records go six years after the end of
    # the accounting year, which ends on this day (MM-DD; the UK financial year by default).
    closed_account_grace_days: int = Field(default=30, ge=0)
    accounting_year_end: str = Field(default="03-31", pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")

    # The operator, as the policy pages name it (a white-label operator sets its own).
    company_name: str = "Example Panel Ltd"
    company_address: str = "1 Example Street, London EC1A 1AA, United Kingdom"
    privacy_email: str = "privacy@panel.example"
    legal_email: str = "legal@panel.example"
    support_email: str = "support@panel.example"

    # Consent banner (docs/privacy.md). GA4 measurement id ("G-..."); empty: no analytics at all.
    # Consent records posted per client IP and per consent id in `abuse_window_seconds`, and the
    # largest consent body (a real one is a few hundred bytes).
    ga_measurement_id: str = Field(default="", pattern=r"^(G-[A-Z0-9]{4,20})?$")
    consent_posts_per_ip: int = 60
    consent_posts_per_id: int = 20
    consent_max_body_bytes: int = 2048

    # Largest JSON body accepted by the site's API.
    max_body_bytes: int = 64 * 1024

    # Support tickets (docs/support.md). The acknowledgement with the ticket number is the first
    # response of a correctly submitted ticket (S7); switched off, the first staff reply is.
    ticket_ack_enabled: bool = True
    # A ticket using one of these words (whole word, any case) does not start the SLA clock (S9).
    # A JSON list in PANEL_TICKET_ABUSIVE_WORDS replaces the list.
    ticket_abusive_words: tuple[str, ...] = (
        "idiot", "idiots", "moron", "morons", "imbecile", "retard", "retarded", "bastard", "bastards",
        "asshole", "assholes", "dickhead", "wanker", "bitch", "cunt", "fuck", "fucking", "fucker", "shit",
        "bullshit",
    )
    # Same user and same order or same text within this window: a duplicate (S9).
    ticket_duplicate_window_seconds: int = 7 * 24 * 3600
    ticket_max_message_bytes: int = 10_000

    # Ticket attachments: uploaded straight to this bucket with presigned POSTs.
    attachments_bucket: str = "panel-attachments"
    attachment_max_bytes: int = 5 * 1024 * 1024
    attachment_content_types: tuple[str, ...] = (
        "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "application/pdf",
    )
    # Lifetime of presigned upload forms and download links.
    attachment_url_seconds: int = 300

    # The legal request register (docs/legal.md). The authority's signed PDF goes to the
    # attachments bucket under `legal/`, at most this size; an accepted emergency's formal legal
    # process is due this many England and Wales business days after acceptance.
    legal_pdf_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    legal_follow_up_business_days: int = Field(default=5, ge=1, le=60)
    # Legal files (docs/legal.md): preservation holds' frozen copies and disclosure packages, under
    # `legal/`. Empty bucket: the attachments bucket (the local stack); a stage should name its
    # own bucket and KMS key so only the legal functions can read them. Empty key: SSE-S3.
    legal_bucket: str = ""
    legal_kms_key_id: str = ""


    # Availability monitoring (docs/sla.md, "Monitoring"). The probe function of one region
    # writes as this monitor (registered by staff); empty: the function does nothing. Its two
    # pages default to the site's main page and the control panel's API liveness.
    probe_monitor_id: str = ""
    probe_location: str = ""
    probe_main_url: str = ""
    probe_panel_url: str = ""
    # Bounded and never retried: a slow answer is a failed page, an outage is not hidden.
    probe_connect_timeout_seconds: float = Field(default=3.0, gt=0, le=10)
    probe_read_timeout_seconds: float = Field(default=5.0, gt=0, le=20)
    # External monitors' webhooks, per monitor and per client IP in `abuse_window_seconds`.
    monitor_webhooks_per_monitor: int = 240
    monitor_webhooks_per_ip: int = 600
    # Maintenance: the longest window, how far ahead the customers' banner looks, and how long
    # a warm container (and browsers) reuse the upcoming list.
    maintenance_max_hours: int = Field(default=72, ge=1, le=24 * 31)
    maintenance_banner_days: int = Field(default=14, ge=1, le=90)
    maintenance_cache_seconds: float = Field(default=30.0, ge=0, le=300)
    # The public status page (GET /api/status): kept this long in a warm container and in browsers.
    status_cache_seconds: float = Field(default=60.0, ge=0, le=300)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
