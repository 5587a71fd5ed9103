"""SQS worker for the mail queue: one message per e-mail to compose and send (password resets,
password-change notices, new API keys, ticket replies, legal-request notices, the customer's
order-end and top-up mails; a message names only the user or the
ticket, the worker looks up the address), and staff alerts (their e-mails and Telegram)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from chalicelib.observability import logger
from chalicelib.services import passwords

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord


def _handle_record(record: SQSRecord) -> None:
    message = json.loads(record.body)
    kind = message.get("kind")
    if kind == passwords.PASSWORD_RESET_MESSAGE:
        passwords.send_password_reset(message["email"])
        return
    if kind == passwords.PASSWORD_CHANGED_MESSAGE:
        passwords.send_changed_notice(message["user_id"])
        return
    # not at import: the API's functions import this module too
    from chalicelib.services import api_keys, corrections, customer_mails, legal_reports, legal_requests, staff_alerts
    from chalicelib.services.tickets import reply_mail

    if kind == staff_alerts.ALERT_MESSAGE:
        staff_alerts.fan_out(message["alert"])
    elif kind == staff_alerts.ALERT_MAIL_MESSAGE:
        staff_alerts.send_mail(message["user_id"], message["alert"])
    elif kind == staff_alerts.ALERT_TELEGRAM_MESSAGE:
        staff_alerts.send_telegram(message["alert"])
    elif kind == api_keys.KEY_CREATED_MESSAGE:
        api_keys.send_created_notice(message["user_id"], message["key_id"])
    elif kind == corrections.EMAIL_CHANGE_MESSAGE:
        corrections.send_email_change(message["user_id"], message["email"])
    elif kind == reply_mail.REPLY_MAIL:
        reply_mail.send_reply_mail(int(message["ticket"]))
    elif kind == customer_mails.CUSTOMER_MAIL_MESSAGE:
        customer_mails.send_queued(message["mail"], int(message["subject"]))
    elif kind == legal_requests.NOTICE_MAIL:
        legal_reports.send_notice(int(message["request"]))
    else:
        # Unknown kinds are logged and dropped: retrying cannot make them known.
        logger.warning("unknown mail message dropped", extra={"kind": kind, "message_id": record.message_id})


def handle(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process a batch; failed records are reported back so only they are retried."""
    # Imported here: the API's Lambda functions import app.py too and never need it.
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    response = process_partial_response(event=event, record_handler=_handle_record,
                                        processor=BatchProcessor(event_type=EventType.SQS), context=context)
    return dict(response)
