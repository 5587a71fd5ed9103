"""Entry points of the scheduled jobs: parse nothing, call one service each."""

from __future__ import annotations

from typing import Any

from chalicelib.services import catalog, dispatch, ledger_audit, providers_health, retention, status_sync


def purge_personal_data() -> dict[str, Any]:
    return retention.purge_personal_data()


def audit_ledgers() -> dict[str, Any]:
    return ledger_audit.audit_ledgers()


def sync_catalog() -> dict[str, Any]:
    return catalog.sync_all()


def sweep_orders() -> dict[str, Any]:
    return dispatch.sweep()


def sync_statuses() -> dict[str, Any]:
    return status_sync.sync_all()


def check_providers() -> dict[str, Any]:
    return providers_health.check_all()


def reconcile_top_ups() -> dict[str, Any]:
    from chalicelib.services.payments import reconcile  # loaded by the job only, not at every cold start

    return reconcile.reconcile_pending()


def check_sla_claims() -> dict[str, Any]:
    from chalicelib.services.sla import decisions  # loaded by the job only

    return decisions.check_overdue()


def check_legal_follow_ups() -> dict[str, Any]:
    from chalicelib.services import legal_reports  # loaded by the job only

    return legal_reports.check_follow_ups()


def probe_availability() -> dict[str, Any]:
    from chalicelib.services import availability_probe

    return availability_probe.probe_configured()


def sla_month_report() -> dict[str, Any]:
    from chalicelib.services.sla import monthly  # loaded by the job only

    return monthly.run_previous_month()


def sla_daily_summary() -> dict[str, Any]:
    from chalicelib.services.sla import daily  # loaded by the job only

    return daily.refresh_recent()


def release_legal_holds() -> dict[str, Any]:
    from chalicelib.services import legal_holds  # loaded by the job only

    return legal_holds.release_expired()
