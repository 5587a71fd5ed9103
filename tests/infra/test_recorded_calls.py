"""Least privilege, proven by the calls the app really makes: every AWS call a function made while
tests ran is allowed by that function's statements from infra/access.py, and every function made
at least one call (one never seen has grants nobody proved, or lacks tests).

How the calls are gathered: this test starts a second pytest process with the recording switched
on (devstack/aws_calls.py, `PANEL_RECORD_AWS_CALLS`) that runs a fixed, bounded selection: the API
tests below, chosen to reach every route group and every kind of resource (uploads, erasure, legal
files, secrets of each family, mail), plus tests/infra/aws_calls_scenarios.py, which drives the
reseller API and runs every worker and scheduled job once on a table of its own. A fresh run of a
fixed selection gives the same answer whether the whole suite runs or only tests/infra, and never
reads a stale file. The child process has its own stack (its ports moved by another 500), so it
runs beside this session's. A call in a test outside the selection is not proven here; the
recording works for any run (`PANEL_RECORD_AWS_CALLS=calls.jsonl pytest ...`) and
`check(path)` below checks its file.

The records name resources in the app's terms; they are turned into the ARNs of a stage here, the
legal files going to a legal bucket of their own as on a deployed stage. The KMS calls S3 makes for
the legal bucket happen inside AWS and cannot be recorded; tests/infra/test_access.py checks that
rule.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from devstack import aws_calls
from devstack.stack import ROOT, TEST_PORT_OFFSET
from infra.access import policy_statements
from infra.access_needs import NEEDS
from tests.support.iam_policy import allows
from tests.support.stage_resources import RESOURCES, secret_arn

SELECTION = (
    "tests/api/test_status_api.py::test_the_status_page_shows_the_stored_days_months_runs_and_windows",
    "tests/api/test_staff_and_reset.py::test_password_reset_by_mailed_single_use_link",
    "tests/api/test_staff_and_reset.py::test_health_tells_the_public_only_its_status_and_staff_each_component",
    "tests/api/test_second_factor.py::test_the_stored_totp_secret_is_sealed_and_sign_in_still_works",
    "tests/api/test_consent_api.py::test_a_signed_in_choice_names_the_user",
    "tests/api/test_orders_api.py::test_place_an_order_and_read_it_back",
    "tests/api/test_orders_api.py::test_admin_adds_a_provider_imports_and_adjusts_balances",
    "tests/api/test_payments_api.py::test_the_webhook_route_verifies_the_raw_body_and_answers_stripe",
    "tests/api/test_payments_api.py::test_staff_record_manual_top_ups_set_bonus_tiers_and_list_a_month",
    "tests/api/test_tickets_api.py::test_attach_a_file_uploaded_with_a_presigned_form_and_download_it",
    "tests/api/test_tickets_api.py::test_notes_assignment_canned_replies_merge_and_mail",
    "tests/api/test_data_rights.py::test_delete_shows_the_balance_first_then_erases_and_keeps_finances_pseudonymised",
    "tests/api/test_data_rights.py::test_change_email_takes_effect_only_through_the_link_sent_to_the_new_address",
    "tests/api/test_sla_claims_api.py::test_file_a_claim_staff_approve_and_the_credit_lands_once_as_service_credit",
    "tests/api/test_monitoring_api.py::test_admins_register_monitors_and_staff_list_them",
    "tests/api/test_staff_accounts_api.py::test_an_admin_creates_lists_disables_enables_and_resets_a_staff_account",
    "tests/api/test_monitoring_api.py::test_an_uptimerobot_down_then_up_records_the_minutes_between",
    "tests/api/test_legal_holds_api.py::test_legal_staff_download_a_package_and_each_download_is_audited",
    "tests/api/test_legal_register_api.py::test_intake_to_acceptance_with_the_notice_withheld_then_sent",
    "tests/api/test_legal_register_api.py::test_the_pdf_is_checked_for_type_size_and_magic_number",
    "tests/infra/aws_calls_scenarios.py",
)
CHILD_PORT_SHIFT = 500
LEGAL_BUCKET = "panel-test-legal"  # the child's PANEL_LEGAL_BUCKET, as a stage names its own
CHILD_TIMEOUT_SECONDS = 900


def record_selection(path: Path) -> None:
    env = {**os.environ, aws_calls.SWITCH: str(path), "PANEL_LEGAL_BUCKET": LEGAL_BUCKET,
           "PANEL_TEST_PORT_OFFSET": str(TEST_PORT_OFFSET + CHILD_PORT_SHIFT)}
    child = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SELECTION],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = child.communicate(timeout=CHILD_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGINT)  # pytest's interrupt runs the fixtures' teardown: the stack stops
        output, _ = child.communicate(timeout=60)
    assert child.returncode == 0, output[-5000:]


def stage_request(resource: Mapping[str, Any], names: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The ARN a recorded resource has on the stage of RESOURCES, and the request's condition keys."""
    kind = resource["type"]
    if kind == "table":  # the tests' own fresh tables stand for the stage's one table
        index = resource.get("index")
        return RESOURCES.table_arn + (f"/index/{index}" if index else ""), {}
    if kind == "queue":
        return RESOURCES.queue_arns[names[resource["name"]]], {}
    if kind == "secret":
        return secret_arn(resource["name"]), {}
    if kind == "object":
        return f"{names[resource['bucket']]}/{resource['key']}", {}
    if kind == "bucket":
        return names[resource["bucket"]], {"s3:prefix": resource["prefix"]}
    if kind == "mail_identity":
        return RESOURCES.mail_identity_arn, {}
    raise AssertionError(f"a call on a resource access.py cannot grant: {resource}")


def check(path: Path) -> tuple[list[str], set[str]]:
    """The recorded calls no statement allows, and the functions seen."""
    from chalicelib.settings import get_settings

    settings = get_settings()
    names = {settings.mail_queue_name: "mail_worker", settings.order_queue_name: "order_dispatcher",
             settings.attachments_bucket: RESOURCES.attachments_bucket_arn, LEGAL_BUCKET: RESOURCES.legal_bucket_arn}
    refused: set[str] = set()
    seen: set[str] = set()
    for record in aws_calls.read(path):
        function = record["function"]
        seen.add(function)
        arn, context = stage_request(record["resource"], names)
        if not allows(policy_statements(function, RESOURCES), record["action"], arn, context):
            refused.add(f"{function}: {record['action']} on {arn} {context or ''}".rstrip())
    return sorted(refused), seen


def test_every_recorded_call_is_granted_and_every_function_was_seen(tmp_path: Path) -> None:
    recording = tmp_path / "aws-calls.jsonl"
    record_selection(recording)
    refused, seen = check(recording)
    assert refused == [], "\n".join(refused)
    assert set(NEEDS) - seen == set(), "functions never seen making a call"
    assert seen <= set(NEEDS)
