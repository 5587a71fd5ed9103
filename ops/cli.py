"""`panel`: the operator command line.

Works on the local stack by default (`--stage local`); `--stage dev|prod` uses the
deployed stage's table and functions with your AWS credentials. It calls the same
services as the API, so every rule (e-mail uniqueness, password policy...) applies.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from devstack.stack import STACKS, stage_environment

APP_NAME = "smm-panel"


@click.group()
@click.option("--stage", default="local", show_default=True, type=click.Choice(["local", "test", "dev", "prod"]),
              help="Which stack to work on.")
@click.pass_context
def main(ctx: click.Context, stage: str) -> None:
    """Operate the SMM panel."""
    if stage in STACKS:
        STACKS[stage].apply_environment()
    else:
        # Deployed stages: the stage's own settings; AWS credentials and region from the usual chain.
        os.environ.update({k: v for k, v in stage_environment(stage).items() if k.startswith("PANEL_")})
    ctx.obj = {"stage": stage}


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _domain_call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    from chalicelib.domain.errors import DomainError

    try:
        return fn(*args, **kwargs)
    except DomainError as exc:
        _fail(exc.message)


@main.group()
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


@main.group()
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


@main.group()
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

    response = boto3.client("lambda").invoke(
        FunctionName=f"{APP_NAME}-{stage}-{name}", Payload=json.dumps(scheduled_event(name)).encode()
    )
    click.echo(response["Payload"].read().decode())


if __name__ == "__main__":
    main()
