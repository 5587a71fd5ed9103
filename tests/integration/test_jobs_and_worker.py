"""The scheduled purge job, the local worker's batch semantics and the dead-letter queue."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import boto3
import pytest
from click.testing import CliRunner

from chalicelib.settings import get_settings
from chalicelib.store import logins
from devstack import worker
from devstack.handlers import load_app, sqs_handlers
from infra.layout import visibility_timeout_seconds
from ops.cli import cli as panel


@pytest.mark.promise("P8")
def test_purge_job_strips_only_ips_past_their_date(fresh_table, clock) -> None:
    logins.record("u-old", datetime(2024, 1, 1, tzinfo=UTC), "198.51.100.1", date(2024, 5, 9))
    logins.record("u-new", datetime(2024, 3, 1, tzinfo=UTC), "198.51.100.2", date(2024, 7, 5))
    clock.at = datetime(2024, 5, 9, 4, 0, tzinfo=UTC)
    result = CliRunner().invoke(panel, ["--stage", "test", "jobs", "run", "purge_personal_data"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["login_ips"]["purged"] == 1
    assert logins.of_user("u-old") == [{"at": "2024-01-01T00:00:00+00:00", "ip": None, "ip_purge_after": "2024-05-09"}]
    assert logins.of_user("u-new")[0]["ip"] == "198.51.100.2"


def test_jobs_list_shows_every_schedule() -> None:
    result = CliRunner().invoke(panel, ["--stage", "test", "jobs", "list"])
    assert result.exit_code == 0
    assert "purge_personal_data\tcron(15 3 * * ? *)" in result.output


def test_unknown_job_is_a_clear_error() -> None:
    result = CliRunner().invoke(panel, ["--stage", "test", "jobs", "run", "nope"])
    assert result.exit_code == 2
    assert "no job named 'nope'" in result.output


def test_worker_deletes_successes_and_dead_letters_a_poison_message() -> None:
    sqs = boto3.client("sqs")
    queue = get_settings().mail_queue_name
    url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
    dlq_url = sqs.get_queue_url(QueueName=f"{queue}-dlq")["QueueUrl"]
    worker.drain()
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "0"})
    try:
        # A reset for an unknown address succeeds (nothing to send); a message without
        # its e-mail field fails every time.
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"kind": "password_reset",
                                                               "email": "nobody@example.com"}))
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"kind": "password_reset"}))
        handler = next(h for h in sqs_handlers(load_app()) if h.queue == queue)
        for _ in range(8):
            worker.poll_once(sqs, handler)
        dead = sqs.receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=10).get("Messages", [])
        assert [json.loads(m["Body"]) for m in dead] == [{"kind": "password_reset"}]
        left = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
        assert left["Attributes"]["ApproximateNumberOfMessages"] == "0"
    finally:
        sqs.set_queue_attributes(QueueUrl=url, Attributes={
            "VisibilityTimeout": str(visibility_timeout_seconds("mail_worker"))})
        sqs.purge_queue(QueueUrl=dlq_url)


def test_cli_creates_users_and_staff() -> None:
    runner = CliRunner()
    import secrets

    address = f"cli-{secrets.token_hex(4)}@example.com"
    created = runner.invoke(panel, ["--stage", "test", "users", "create", "--email", address,
                                    "--username", "cli" + address[4:12], "--password", "a-good-password"])
    assert created.exit_code == 0, created.output
    assert json.loads(created.output)["email"] == address
    duplicate = runner.invoke(panel, ["--stage", "test", "users", "create", "--email", address,
                                      "--username", "x" + address[4:12], "--password", "a-good-password"])
    assert duplicate.exit_code == 2
    assert "already exists" in duplicate.output
    promoted = runner.invoke(panel, ["--stage", "test", "staff", "create", "--email", address, "--role", "legal"])
    assert promoted.exit_code == 0, promoted.output
    info = json.loads(promoted.output)
    assert info["role"] == "legal" and len(info["totp_secret"]) == 32
    assert info["totp_uri"].startswith("otpauth://totp/")


def test_a_busy_port_stops_start_up_with_a_clear_message() -> None:
    import socket

    import pytest

    from devstack.launcher import Launcher, StackError
    from devstack.stack import TEST

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        launcher = Launcher(TEST, quiet=True)
        with pytest.raises(StackError, match=f"Port {port} \\(gateway\\) is already in use"):
            launcher._start("gateway", ["true"], port)
        assert launcher.processes == []


def test_cli_creates_api_keys_for_operators() -> None:
    from chalicelib.services import api_keys
    from chalicelib.store import users
    from tests.support.accounts import customer

    email = users.get(customer()).email
    created = CliRunner().invoke(panel, ["--stage", "test", "apikey", "create", "--email", email])
    assert created.exit_code == 0, created.output
    key = json.loads(created.output)["key"]
    assert api_keys.authenticate(key, "203.0.113.9").user_id == users.get_by_email(email).user_id
    missing = CliRunner().invoke(panel, ["--stage", "test", "apikey", "create", "--email", "nobody@example.com"])
    assert missing.exit_code == 2 and "no account" in missing.output
