"""`panel`: the operator command line.

Works on the local stack by default (`--stage local`); `--stage dev|prod` uses the
deployed stage's table and functions with your AWS credentials. It calls the same
services as the API, so every rule (e-mail uniqueness, password policy...) applies.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from devstack.stack import STACKS, stage_environment


@click.group()
@click.option("--stage", default="local", show_default=True, type=click.Choice(["local", "test", "dev", "prod"]),
              help="Which stack to work on.")
@click.pass_context
def cli(ctx: click.Context, stage: str) -> None:
    """Operate the SMM panel."""
    if stage in STACKS:
        STACKS[stage].apply_environment()
    else:
        # Deployed stages: the stage's own settings; AWS credentials and region from the usual chain.
        os.environ.update({k: v for k, v in stage_environment(stage).items() if k.startswith("PANEL_")})
    ctx.obj = {"stage": stage}
    import getpass

    from chalicelib.services import audit_log

    # The audit log names the operator's OS account for every change this command makes.
    ctx.with_resource(audit_log.acting(f"cli:{getpass.getuser()}"))


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _domain_call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    from chalicelib.domain.errors import DomainError

    try:
        return fn(*args, **kwargs)
    except DomainError as exc:
        _fail(exc.message)


@cli.group()
def users() -> None:
    """Customer accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--username", required=True)
@click.option("--password", required=True, help="At least 10 characters, at most 72 bytes.")
def users_create(email: str, username: str, password: str) -> None:
    """Create a customer account (the operator confirms the customer is 18+)."""
    from chalicelib.services import accounts

    user = _domain_call(accounts.register, username, email, password, True)
    click.echo(json.dumps({"user_id": user.user_id, "email": user.email, "username": user.username}))


@cli.group()
def staff() -> None:
    """Staff accounts (support, legal, admin); they sign in with a TOTP second factor."""


@staff.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(["support", "legal", "admin"]))
@click.option("--username", default=None, help="For a new account; defaults to the e-mail's local part.")
def staff_create(email: str, role: str, username: str | None) -> None:
    """Create a staff account, or give an existing account a staff role.

    Prints the generated password (new accounts only) and the TOTP secret to enrol in an
    authenticator app. Existing sessions of the account are signed out.
    """
    from chalicelib.domain.accounts import Role
    from chalicelib.services import accounts

    user, password, secret = _domain_call(accounts.create_staff, email, Role(role), username)
    click.echo(json.dumps({
        "user_id": user.user_id, "email": user.email, "role": user.role.value,
        "password": password or "(unchanged: existing account)",
        "totp_secret": secret, "totp_uri": accounts.totp_uri(user),
    }, indent=2))


@cli.group()
def balance() -> None:
    """Customer balances."""


@balance.command("credit")
@click.option("--email", required=True)
@click.option("--amount", required=True, help="USD, up to 5 decimal places; negative debits.")
@click.option("--reason", required=True)
def balance_credit(email: str, amount: str, reason: str) -> None:
    """Credit (or, with a negative amount, debit) a balance as a manual adjustment."""
    import getpass

    from chalicelib.domain.ledger import parse_signed_adjustment
    from chalicelib.services import customers

    value, direction = _domain_call(parse_signed_adjustment, amount)
    user = _domain_call(customers.find_by_email, email)
    if user is None:
        _fail(f"no account with e-mail {email}")
    operator = f"cli:{getpass.getuser()}"
    entry = _domain_call(customers.adjust_balance, user.user_id, value, direction, reason, operator)
    click.echo(json.dumps({"user_id": user.user_id, "amount": str(entry.amount),
                           "balance": str(entry.balance_after), "entry_id": entry.entry_id}))


@cli.group()
def apikey() -> None:
    """Reseller API keys."""


@apikey.command("create")
@click.option("--email", required=True)
@click.option("--label", default="created by an operator", show_default=True)
def apikey_create(email: str, label: str) -> None:
    """Create an API key for a customer and print it (it is shown this once)."""
    from chalicelib.services import api_keys, customers

    user = _domain_call(customers.find_by_email, email)
    if user is None:
        _fail(f"no account with e-mail {email}")
    text, key = _domain_call(api_keys.create, user.user_id, label)
    click.echo(json.dumps({"key": text, "key_id": key.key_id, "user_id": user.user_id}))


@cli.group()
def jobs() -> None:
    """Scheduled jobs of app.py."""


@jobs.command("list")
def jobs_list() -> None:
    """List every scheduled job with its schedule expression."""
    from devstack.handlers import load_app, scheduled_handlers

    for handler in scheduled_handlers(load_app()):
        click.echo(f"{handler.name}\t{handler.expression}")


@jobs.command("run")
@click.argument("name")
@click.pass_context
def jobs_run(ctx: click.Context, name: str) -> None:
    """Run one scheduled job now (locally in-process; on a deployed stage, invoke its Lambda)."""
    from devstack.handlers import load_app, run_scheduled, scheduled_handlers

    handlers = {h.name: h for h in scheduled_handlers(load_app())}
    if name not in handlers:
        _fail(f"no job named {name!r}; `panel jobs list` shows them: {', '.join(sorted(handlers))}")
    stage = ctx.obj["stage"]
    if stage in STACKS:
        click.echo(json.dumps(run_scheduled(handlers[name]), default=str))
        return
    import boto3

    from devstack.handlers import scheduled_event
    from infra.layout import function_name

    deployed = function_name(stage, name)
    response = boto3.client("lambda").invoke(FunctionName=deployed, Payload=json.dumps(scheduled_event(name)).encode())
    click.echo(response["Payload"].read().decode())
    if "FunctionError" in response:  # the job raised: say so in the exit status too
        _fail(f"{deployed} failed ({response['FunctionError']}); its log group /aws/lambda/{deployed} has the trace")


@cli.group()
def site() -> None:
    """The static site on a deployed stage."""


@site.command("publish")
@click.option("--dist", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="The built site (default: frontend/dist; build it with `npm run build` in frontend/).")
@click.pass_context
def site_publish(ctx: click.Context, dist: Path | None) -> None:
    """Upload the built frontend to the stage's site bucket, invalidate CloudFront, remove stale files."""
    stage = ctx.obj["stage"]
    if stage in STACKS:
        _fail("the local stack serves frontend/dist directly; publish to --stage dev or prod")
    import boto3

    from ops.site import FRONTEND_DIST, PublishError, publish, stage_targets

    try:
        bucket, distribution = stage_targets(boto3.client("cloudformation"), stage)
        published = publish(s3=boto3.client("s3"), cloudfront=boto3.client("cloudfront"), bucket=bucket,
                            distribution_id=distribution, dist=dist or FRONTEND_DIST)
    except PublishError as exc:
        _fail(str(exc))
    click.echo(json.dumps({"bucket": published.bucket, "uploaded": len(published.uploaded),
                           "removed": published.removed, "invalidation": published.invalidation_id}))


@cli.group()
def tickets() -> None:
    """Support tickets."""


@tickets.command("index-closed")
def tickets_index_closed() -> None:
    """Add tickets closed before the staff queue's closed filter existed to its list (idempotent)."""
    from chalicelib.services.tickets import closed_index

    click.echo(json.dumps({"indexed": closed_index.index_closed_tickets()}))


@cli.group()
def reports() -> None:
    """Staff reports."""


@reports.command("index-orders")
def reports_index_orders() -> None:
    """Add orders placed before the orders-by-month index existed to it (idempotent)."""
    from chalicelib.services import reports as report_service

    click.echo(json.dumps({"indexed": report_service.index_old_orders()}))


@cli.group()
def customers() -> None:
    """The customers console."""


@customers.command("index")
def customers_index() -> None:
    """Add customers made before the customer list's index existed to it (idempotent)."""
    from chalicelib.services import customer_console

    click.echo(json.dumps({"indexed": customer_console.index_existing_customers()}))


@cli.group()
def sla() -> None:
    """SLA arithmetic: support deadlines, availability and credits (pure: needs no stack, table or settings)."""


def _aware_datetime(ctx: click.Context, param: click.Parameter, value: str) -> Any:
    """An ISO 8601 instant with a zone (`Z` or an offset); a bare local time would be a guess."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date and time (e.g. 2023-05-05T18:30:00Z)") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise click.BadParameter(f"{value!r} has no time zone: add Z (UTC) or an offset such as +01:00")
    return moment


@sla.command("due")
@click.option("--created", required=True, callback=_aware_datetime,
              help="When the ticket was created, ISO 8601 with a zone, e.g. 2023-05-05T18:30:00Z.")
@click.option("--priority", required=True, type=click.Choice(["high", "standard"]),
              help="high: balance top-up problems (3 business days); standard: anything else (7).")
def sla_due(created: Any, priority: str) -> None:
    """Print when the first response to a ticket is due (ISO 8601 UTC, trailing Z), without pauses."""
    from datetime import UTC

    from chalicelib.domain.sla_clock import Priority, first_response_deadline

    try:
        deadline = first_response_deadline(created, Priority(priority))
    except (ValueError, OverflowError) as exc:  # e.g. a date so late the calendar runs out
        raise click.BadParameter(str(exc), param_hint="'--created'") from None
    assert deadline is not None  # only an open pause freezes the clock, and there is none here
    click.echo(deadline.astimezone(UTC).isoformat().replace("+00:00", "Z"))


@sla.command("credits")
@click.option("--input", "source", required=True, type=click.File("rb"),
              help="The month's JSON document (docs/sla.md, \"Availability and credits\"); - reads stdin.")
def sla_credits(source: Any) -> None:
    """Compute a month's availability and every account's service credits from a JSON document.

    Prints one JSON object as the last line: month, minutes, downtime_minutes,
    availability_percent and per-account credits. Bad input: a message on stderr, exit code 2.
    """
    from chalicelib.services import sla_credits as sla_credits_service

    result = _domain_call(sla_credits_service.credits_from_json, source.read())
    click.echo(json.dumps(result))


@sla.command("month")
@click.option("--month", "month", required=True, help="An ended month, YYYY-MM, e.g. 2026-10.")
def sla_month(month: str) -> None:
    """Compute and store a month's SLA report from the stored monitoring, top-ups and tickets
    (what the monthly job does on the 1st). Idempotent; a decided month is left as it is.

    Prints one JSON object: month, outcome (saved, unchanged or decided), version,
    availability_percent, downtime_minutes, probes read and entitlement items.
    """
    from chalicelib.services.sla import monthly

    click.echo(json.dumps(_domain_call(monthly.compute_month, month).as_dict()))


@sla.command("days")
@click.option("--from", "first", required=True, help="The first day, YYYY-MM-DD.")
@click.option("--to", "last", required=True, help="The last day, YYYY-MM-DD (at most 92 days in all).")
def sla_days(first: str, last: str) -> None:
    """Recompute the status page's daily availability items (e.g. after a late maintenance window)."""
    from chalicelib.services.sla import daily

    click.echo(json.dumps(_domain_call(daily.refresh_range, first, last)))


@cli.group()
def consent() -> None:
    """Cookie consent proof (C9)."""


@consent.command("show")
@click.option("--id", "consent_id", required=True, help="The consent id (shown in the banner's cookie, cc_cookie).")
def consent_show(consent_id: str) -> None:
    """Print a consent id's recorded choices, oldest first, one JSON object per line."""
    from chalicelib.domain.consent import CONSENT_ID
    from chalicelib.services import consent as consent_service

    consent_id = consent_id.strip().lower()
    if not CONSENT_ID.match(consent_id):
        raise click.BadParameter("a consent id is a UUID such as 0b7f6a52-3c1e-4f7e-9a55-1d2c3b4a5e6f",
                                 param_hint="'--id'")
    found = consent_service.records_of(consent_id)
    if not found:
        _fail(f"no consent records for {consent_id}")
    for record in found:
        click.echo(json.dumps({
            "consent_id": record.consent_id, "at": record.at.isoformat(), "action": record.action,
            "accepted": list(record.accepted), "rejected": list(record.rejected), "revision": record.revision,
            "user_id": record.user_id, "ip_hash": record.ip_hash, "user_agent_family": record.user_agent_family,
        }))


@cli.group()
def legal() -> None:
    """Law-enforcement requests (docs/legal.md)."""


@legal.command("assess")
@click.option("--input", "source", required=True, type=click.File("rb"),
              help="The request as JSON (docs/legal.md, \"Assessing a request\"); - reads standard input.")
def legal_assess(source: Any) -> None:
    """Check a request against the guidelines' rules and print the verdict as the last line.

    Pure: needs no stack, table or settings. A malformed request exits with code 2.
    """
    from chalicelib.services.legal_assessment import MAX_REQUEST_BYTES, assess_json

    verdict = _domain_call(assess_json, source.read(MAX_REQUEST_BYTES + 1))
    click.echo(json.dumps(verdict.as_json()))


@legal.command("transparency")
@click.option("--year", required=True, type=int, help="The calendar year (UTC) of the requests received.")
def legal_transparency(year: int) -> None:
    """Print a year's transparency report as JSON: requests by country, kind, pathway and decision,
    and voluntary disclosures by category (the same as GET /api/legal/transparency)."""
    from chalicelib.services import legal_reports

    click.echo(json.dumps(_domain_call(legal_reports.transparency, year), sort_keys=True))


def main() -> None:
    from botocore.exceptions import EndpointConnectionError

    try:
        cli()
    except EndpointConnectionError as exc:
        _fail(f"cannot reach {exc.kwargs.get('endpoint_url')}: is the stack running (`make run`)?")


if __name__ == "__main__":
    main()
