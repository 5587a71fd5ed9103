"""The billing rules of the cost model (bench/cost_prices.py) on fixed counts: each rule the
published price pages state, checked by hand-computed figures. The measured run itself is a
benchmark (`make bench`), not a test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from cost_prices import (
    LONDON,
    SECONDS_PER_MONTH,
    FunctionUse,
    Prices,
    Standing,
    Usage,
    billed_ms,
    chunked_requests,
    fixed_monthly,
    gb_seconds,
    item_size,
    lambda_duration_ms,
    log_bytes,
    read_units,
    runs_per_month,
    variable_cost,
    write_units,
)


def test_lambda_duration_is_billed_rounded_up_to_the_millisecond() -> None:
    assert billed_ms(12.01) == 13
    assert billed_ms(12.0) == 12
    assert billed_ms(0.2) == 1


def test_gb_seconds_are_billed_milliseconds_times_memory() -> None:
    assert gb_seconds(1000, 1024) == 1.0
    assert gb_seconds(250, 512) == 0.125


def test_cpu_time_stretches_below_a_full_vcpu_and_waiting_does_not() -> None:
    # 100 ms waiting on DynamoDB plus 100 ms of CPU at 1,024 MB: the CPU part takes 1769/1024 as long.
    assert lambda_duration_ms(200, 100, 1024) == pytest.approx(100 + 100 * 1769 / 1024)
    assert lambda_duration_ms(200, 100, 3008) == 200  # above a full vCPU nothing gets faster here
    assert lambda_duration_ms(50, 80, 512) == pytest.approx(50 * 1769 / 512)  # CPU never exceeds the wall


def test_writes_cost_a_unit_per_kb_started_and_double_in_a_transaction() -> None:
    assert write_units(100) == 1
    assert write_units(1024) == 1
    assert write_units(1025) == 2
    assert write_units(3000, transactional=True) == 6
    assert write_units(0, transactional=True) == 2


def test_reads_cost_per_4_kb_half_when_eventual_double_in_a_transaction() -> None:
    assert read_units(100, "eventual") == 0.5
    assert read_units(4096, "strong") == 1
    assert read_units(4097, "strong") == 2
    assert read_units(8000, "transactional") == 4


def test_sqs_and_pipes_bill_a_request_per_64_kb_chunk() -> None:
    assert chunked_requests(10) == 1
    assert chunked_requests(64 * 1024) == 1
    assert chunked_requests(64 * 1024 + 1) == 2
    assert chunked_requests(0) == 1


def test_item_size_follows_dynamodbs_rules() -> None:
    # names count; strings by UTF-8 bytes; numbers 1 byte per 2 significant digits plus 1
    assert item_size({"pk": {"S": "abc"}}) == 2 + 3
    assert item_size({"n": {"N": "12345"}}) == 1 + 4
    assert item_size({"n": {"N": "-0.5"}}) == 1 + 2
    assert item_size({"é": {"S": "é"}}) == 2 + 2
    assert item_size({"b": {"BOOL": True}, "z": {"NULL": True}}) == 2 + 2
    # maps and lists: 3 bytes plus 1 per element
    assert item_size({"m": {"M": {"a": {"S": "x"}}}}) == 1 + 3 + (1 + 1 + 1)
    assert item_size({"l": {"L": [{"S": "xy"}, {"N": "1"}]}}) == 1 + 3 + (1 + 2) + (1 + 2)


def test_log_ingestion_adds_26_bytes_per_event() -> None:
    assert log_bytes(1000, 4) == 1000 + 4 * 26


def test_schedules_fire_per_30_day_month() -> None:
    assert runs_per_month("rate(5 minutes)") == 8640
    assert runs_per_month("rate(1 hour)") == 720
    assert runs_per_month("rate(1 minute)") == 43200
    assert runs_per_month("cron(15 3 * * ? *)") == 30
    assert runs_per_month("cron(5 0 1 * ? *)") == 1
    with pytest.raises(ValueError, match="teach runs_per_month"):
        runs_per_month("cron(0/5 * * * ? *)")


def test_scaling_multiplies_every_quantity_without_rounding() -> None:
    run = Usage(functions={"orders": FunctionUse(512, invocations=3, billed_ms=301)}, api_requests={"orders": 3},
                dynamodb_wru=7, mails=1)
    per_order = run.scaled(1 / 72)
    assert per_order.api_requests["orders"] == pytest.approx(3 / 72)
    assert per_order.functions["orders"].billed_ms == pytest.approx(301 / 72)
    assert per_order.scaled(72).dynamodb_wru == pytest.approx(7)
    assert run.plus(run.scaled(-1)).mails == 0


def test_variable_cost_prices_each_service_from_its_own_count() -> None:
    prices = Prices()
    usage = Usage(functions={"orders": FunctionUse(1024, invocations=1_000_000, billed_ms=100_000_000)},
                  api_requests={"orders": 600_000, "reseller": 400_000}, dynamodb_wru=2_000_000,
                  dynamodb_rru=4_000_000, sqs_requests=1_000_000, log_bytes=2 * 1024 ** 3, mails=1000)
    cost = variable_cost(usage, prices)
    assert cost["Lambda duration"] == pytest.approx(100_000 * prices.lambda_gb_second)  # 100,000 GB-s
    assert cost["Lambda requests"] == pytest.approx(prices.lambda_per_million_requests)
    assert cost["API Gateway (REST)"] == pytest.approx(prices.api_gateway_rest_per_million)
    assert cost["WAF requests"] == pytest.approx(prices.waf_per_million_requests)
    assert cost["DynamoDB writes"] == pytest.approx(2 * prices.dynamodb_per_million_wru)
    assert cost["DynamoDB reads"] == pytest.approx(4 * prices.dynamodb_per_million_rru)
    assert cost["SQS"] == pytest.approx(prices.sqs_per_million_requests)
    assert cost["CloudWatch Logs"] == pytest.approx(2 * prices.logs_ingestion_per_gb)
    assert cost["SES"] == pytest.approx(prices.ses_per_thousand_mails)
    assert cost["CloudFront requests"] == 0


def test_fixed_monthly_costs_count_standing_resources_and_the_jobs() -> None:
    standing = Standing(waf_rules=4, secrets=3, alarms=10, dashboards=1, custom_metrics=5, stream_shards=1,
                        queues=2)
    jobs = Usage(functions={"sweep": FunctionUse(512, invocations=8640, billed_ms=8640 * 100)})
    fixed = fixed_monthly(standing, jobs, LONDON)
    assert fixed["WAF web ACL and rules"] == pytest.approx(5 + 4 * 1)
    assert fixed["Secrets Manager secrets"] == pytest.approx(1.2)
    assert fixed["CloudWatch alarms"] == pytest.approx(1.0)
    assert fixed["DynamoDB Streams reads by the pipe"] == pytest.approx(
        4 * SECONDS_PER_MONTH / 1e6 * LONDON.dynamodb_streams_per_million_reads)
    assert fixed["scheduled jobs: Lambda duration"] == pytest.approx(8640 * 0.1 * 0.5 * LONDON.lambda_gb_second)
    assert "scheduled jobs: SES" not in fixed  # services the jobs did not use are left out
