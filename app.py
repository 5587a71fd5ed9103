"""Composition root: the Chalice app, its middleware, blueprints and every Lambda function.

Reading this file shows everything the app deploys: the API (one route group per
blueprint), each SQS worker and each scheduled job.
"""

from __future__ import annotations

import time
from typing import Any

from chalice.app import Chalice, Cron, Rate, Response, SQSEvent

from chalicelib.api import (
    account,
    admin,
    audit_log,
    auth,
    brand,
    brand_admin,
    customers,
    health,
    legal,
    monitoring,
    openapi,
    order_desk,
    orders,
    payments,
    reseller,
    rights,
    sla,
    staff_accounts,
    status,
    tickets,
)
from chalicelib.api import catalog as catalog_routes
from chalicelib.api import consent as consent_routes
from chalicelib.api import legal_holds as legal_hold_routes
from chalicelib.api import legal_requests as legal_routes
from chalicelib.api import privacy_requests as privacy_routes
from chalicelib.api import reports as report_routes
from chalicelib.api import staff_alerts as staff_alert_routes
from chalicelib.jobs import dispatch as dispatch_jobs
from chalicelib.jobs import mail as mail_jobs
from chalicelib.jobs import schedules
from chalicelib.observability import logger, metrics, tracer
from chalicelib.settings import get_settings

app = Chalice(app_name="smm-panel")
app.api.binary_types.append("image/webp")  # the logo (api/brand.py); PNG is there already
app.log.setLevel("WARNING")  # Powertools' logger does the structured logging

for blueprint in (health.bp, auth.bp, account.bp, orders.bp, payments.bp, tickets.bp, admin.bp, audit_log.bp,
                  reseller.bp, rights.bp, legal.bp, openapi.bp, consent_routes.bp, sla.bp,
                  privacy_routes.bp, monitoring.bp, status.bp,
                  legal_routes.bp, legal_hold_routes.bp, report_routes.bp, staff_accounts.bp,
                  staff_alert_routes.bp, catalog_routes.bp, order_desk.bp, customers.bp, brand.bp, brand_admin.bp):
    app.register_blueprint(blueprint, url_prefix="/api")

API_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@app.middleware("http")
def observe_requests(event: Any, get_response: Any) -> Response:
    """Correlation id, one access log line without personal data, uniform error bodies."""
    context = event.context or {}
    logger.set_correlation_id(context.get("requestId"))
    started = time.perf_counter()
    response: Response = get_response(event)
    body = response.body
    if isinstance(body, dict) and "Code" in body and "Message" in body:
        # Chalice's own refusals (415, 405, 500) in the same shape as ours.
        response.body = {"error": body["Message"], "code": body["Code"]}
    for name, value in API_HEADERS.items():
        response.headers.setdefault(name, value)
    if isinstance(response.body, dict | list) and not any(k.lower() == "content-type" for k in response.headers):
        response.headers["Content-Type"] = "application/json"  # API Gateway's default, said explicitly
    tracer.put_annotation(key="route", value=str(context.get("resourcePath")))
    tracer.put_annotation(key="status", value=str(response.status_code))
    logger.info("request", extra={
        "method": event.method,
        "route": context.get("resourcePath"),
        "status": response.status_code,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    })
    return response


@app.middleware("all")
def publish_metrics(event: Any, get_response: Any) -> Any:
    try:
        return get_response(event)
    finally:
        if metrics.metric_set:
            metrics.flush_metrics()
            metrics.clear_metrics()  # flush keeps them when POWERTOOLS_METRICS_DISABLED is set


@app.on_sqs_message(queue=get_settings().mail_queue_name, batch_size=10)
def mail_worker(event: SQSEvent) -> dict[str, Any]:
    return mail_jobs.handle(event.to_dict(), event.context)


@app.on_sqs_message(queue=get_settings().order_queue_name, batch_size=10)
def order_dispatcher(event: SQSEvent) -> dict[str, Any]:
    return dispatch_jobs.handle(event.to_dict(), event.context)


@app.schedule(Cron(0, 3, "*", "*", "?", "*"), name="release_legal_holds")
def release_legal_holds(event: Any) -> dict[str, Any]:
    """Expired preservation holds first, so the purge a quarter of an hour later may proceed."""
    return schedules.release_legal_holds()


@app.schedule(Cron(15, 3, "*", "*", "?", "*"), name="purge_personal_data")
def purge_personal_data(event: Any) -> dict[str, Any]:
    return schedules.purge_personal_data()


@app.schedule(Cron(45, 2, "*", "*", "?", "*"), name="audit_ledgers")
def audit_ledgers(event: Any) -> dict[str, Any]:
    return schedules.audit_ledgers()


@app.schedule(Rate(30, unit=Rate.MINUTES), name="sync_catalog")
def sync_catalog(event: Any) -> dict[str, Any]:
    return schedules.sync_catalog()


@app.schedule(Rate(5, unit=Rate.MINUTES), name="sweep_orders")
def sweep_orders(event: Any) -> dict[str, Any]:
    return schedules.sweep_orders()


@app.schedule(Rate(5, unit=Rate.MINUTES), name="sync_statuses")
def sync_statuses(event: Any) -> dict[str, Any]:
    return schedules.sync_statuses()


@app.schedule(Rate(1, unit=Rate.HOURS), name="check_providers")
def check_providers(event: Any) -> dict[str, Any]:
    return schedules.check_providers()


@app.schedule(Cron(0, 9, "*", "*", "?", "*"), name="check_sla_claims")
def check_sla_claims(event: Any) -> dict[str, Any]:
    return schedules.check_sla_claims()


@app.schedule(Cron(30, 8, "*", "*", "?", "*"), name="check_legal_follow_ups")
def check_legal_follow_ups(event: Any) -> dict[str, Any]:
    return schedules.check_legal_follow_ups()


@app.schedule(Rate(1, unit=Rate.HOURS), name="reconcile_top_ups")
def reconcile_top_ups(event: Any) -> dict[str, Any]:
    return schedules.reconcile_top_ups()


@app.schedule(Rate(1, unit=Rate.MINUTES), name="probe_availability")
def probe_availability(event: Any) -> dict[str, Any]:
    return schedules.probe_availability()


@app.schedule(Cron(5, 0, 1, "*", "?", "*"), name="sla_month_report")
def sla_month_report(event: Any) -> dict[str, Any]:
    return schedules.sla_month_report()


@app.schedule(Rate(10, unit=Rate.MINUTES), name="sla_daily_summary")
def sla_daily_summary(event: Any) -> dict[str, Any]:
    return schedules.sla_daily_summary()
