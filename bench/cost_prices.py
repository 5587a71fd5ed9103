"""AWS on-demand list prices for the stages' region and the billing rules that turn measured
request counts into dollars. Pure: no I/O, so tests check every rule on fixed counts
(tests/ops/test_cost_prices.py) and bench/cost_model.py feeds it what it measured.

Prices are the on-demand list prices for Europe (London), eu-west-2, in USD, as published in
November 2025 (PRICES_RECORDED), written down by hand: nothing here fetches them, and the
London figures for API Gateway REST, CloudWatch Logs ingestion and DynamoDB Streams reads are
the least certain. Free tiers are left out on purpose: the figure is what a panel past its
first year pays. Check the table against the AWS pricing pages before quoting the figure;
AWS changes prices (DynamoDB on-demand halved in November 2024).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

PRICES_RECORDED = "2025-11"
PRICES_REGION = "eu-west-2"
MILLION = 1_000_000


@dataclass(frozen=True)
class Prices:
    """USD, eu-west-2, on demand, first pricing tier of each service."""

    lambda_gb_second: float = 0.0000166667        # x86_64 (the functions' architecture)
    lambda_per_million_requests: float = 0.20
    api_gateway_rest_per_million: float = 3.70    # REST API, first 333 million a month
    dynamodb_per_million_wru: float = 0.7425      # on-demand write request units
    dynamodb_per_million_rru: float = 0.1485      # on-demand read request units
    dynamodb_streams_per_million_reads: float = 0.228  # GetRecords by a consumer other than Lambda
    sqs_per_million_requests: float = 0.40        # standard queue, per 64 KB chunk
    pipes_per_million_requests: float = 0.40      # EventBridge Pipes, per 64 KB chunk after filtering
    ses_per_thousand_mails: float = 0.10
    logs_ingestion_per_gb: float = 0.5985         # CloudWatch Logs, standard class
    xray_per_million_traces: float = 5.00         # traces recorded
    cloudfront_per_million_https: float = 1.20    # Europe, $0.0120 per 10,000 HTTPS requests
    cloudfront_per_gb_out: float = 0.085          # Europe, first 10 TB
    cloudfront_functions_per_million: float = 0.10
    waf_per_million_requests: float = 0.60
    waf_web_acl_month: float = 5.00
    waf_rule_month: float = 1.00                  # each rule or managed rule group
    secrets_per_secret_month: float = 0.40
    secrets_per_10k_calls: float = 0.05
    alarm_month: float = 0.10                     # standard resolution, one metric
    dashboard_month: float = 3.00
    custom_metric_month: float = 0.30             # first 10,000 metrics


LONDON = Prices()

# Billing units.
DYNAMODB_WRITE_UNIT_BYTES = 1024
DYNAMODB_READ_UNIT_BYTES = 4096
SQS_CHUNK_BYTES = 64 * 1024
PIPES_CHUNK_BYTES = 64 * 1024
GB = 1024 ** 3
# CloudWatch Logs bills each event's bytes plus 26 bytes of metadata.
LOG_EVENT_OVERHEAD_BYTES = 26
# What Lambda itself writes per invocation (START, END and REPORT lines, with ids and
# durations; REPORT carries the X-Ray ids when tracing is on): about 330 bytes, 3 events.
LAMBDA_PLATFORM_LOG_BYTES = 330
LAMBDA_PLATFORM_LOG_EVENTS = 3
# Lambda gives a function one full vCPU at 1,769 MB and a proportional share below.
LAMBDA_FULL_VCPU_MB = 1769


def billed_ms(duration_ms: float) -> int:
    """Lambda bills each invocation's duration rounded up to the next millisecond."""
    return max(1, math.ceil(duration_ms))


def gb_seconds(total_billed_ms: float, memory_mb: int) -> float:
    return total_billed_ms / 1000 * memory_mb / 1024


def lambda_duration_ms(wall_ms: float, cpu_ms: float, memory_mb: int) -> float:
    """What an invocation measured on a full local core would take in Lambda: the waiting part
    (DynamoDB, SQS, the provider) unchanged, the CPU part stretched by the CPU share the
    function's memory buys (bcrypt at 1,024 MB takes 1.7 times as long as on a full core)."""
    cpu = min(cpu_ms, wall_ms)
    return (wall_ms - cpu) + cpu * max(1.0, LAMBDA_FULL_VCPU_MB / memory_mb)


def write_units(item_bytes: int, transactional: bool = False) -> int:
    """Write request units for one item: 1 per KB started, twice that in a transaction."""
    units = max(1, math.ceil(item_bytes / DYNAMODB_WRITE_UNIT_BYTES))
    return units * 2 if transactional else units


def read_units(item_bytes: int, consistency: str) -> float:
    """Read request units for `item_bytes` read in one request: 1 per 4 KB started strongly
    consistent, half that eventually consistent, twice that in a transaction."""
    factor = {"eventual": 0.5, "strong": 1.0, "transactional": 2.0}[consistency]
    return max(1, math.ceil(item_bytes / DYNAMODB_READ_UNIT_BYTES)) * factor


def chunked_requests(payload_bytes: int, chunk_bytes: int = SQS_CHUNK_BYTES) -> int:
    """SQS and Pipes bill a request per 64 KB chunk of its payload (a batch counts its total)."""
    return max(1, math.ceil(payload_bytes / chunk_bytes))


def _number_size(text: str) -> int:
    digits = text.lstrip("-").replace(".", "").lstrip("0") or "0"
    return math.ceil(len(digits) / 2) + 1


def attribute_value_size(value: Mapping[str, Any]) -> int:
    """DynamoDB's size of one typed attribute value (the item-size rules of the developer guide)."""
    (kind, raw), = value.items()
    if kind == "S":
        return len(str(raw).encode())
    if kind == "N":
        return _number_size(str(raw))
    if kind == "B":
        return len(raw)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(str(v).encode()) for v in raw)
    if kind == "NS":
        return sum(_number_size(str(v)) for v in raw)
    if kind == "BS":
        return sum(len(v) for v in raw)
    if kind == "L":
        return 3 + sum(1 + attribute_value_size(v) for v in raw)
    if kind == "M":
        return 3 + sum(len(k.encode()) + 1 + attribute_value_size(v) for k, v in raw.items())
    raise ValueError(f"unknown DynamoDB type {kind!r}")


def item_size(item: Mapping[str, Mapping[str, Any]]) -> int:
    """An item's size: the UTF-8 length of each attribute name plus its value's size."""
    return sum(len(name.encode()) + attribute_value_size(value) for name, value in item.items())


@dataclass
class FunctionUse:
    """One Lambda function's invocations in a run."""

    memory_mb: int
    invocations: float = 0
    billed_ms: float = 0

    def gb_seconds(self) -> float:
        return gb_seconds(self.billed_ms, self.memory_mb)


@dataclass
class Usage:
    """Billable quantities, for one measured run or scaled to a million orders (so floats:
    a run's counts divided by its orders are fractions, rounded only when printed)."""

    functions: dict[str, FunctionUse] = field(default_factory=dict)
    api_requests: dict[str, float] = field(default_factory=dict)  # by route group
    dynamodb_rru: float = 0.0
    dynamodb_wru: float = 0.0
    sqs_requests: float = 0
    pipe_requests: float = 0
    mails: float = 0
    log_bytes: float = 0
    traces: float = 0.0
    cloudfront_requests: float = 0
    cloudfront_bytes_out: float = 0
    cloudfront_function_invocations: float = 0
    secrets_calls: float = 0.0

    def scaled(self, factor: float) -> Usage:
        """Every quantity times `factor` (a measured run scaled to a million orders)."""
        plain = {f.name: getattr(self, f.name) * factor for f in fields(self)
                 if f.name not in ("functions", "api_requests")}
        return replace(
            self, **plain,
            functions={name: FunctionUse(use.memory_mb, use.invocations * factor, use.billed_ms * factor)
                       for name, use in self.functions.items()},
            api_requests={group: count * factor for group, count in self.api_requests.items()})

    def plus(self, other: Usage) -> Usage:
        plain = {f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)
                 if f.name not in ("functions", "api_requests")}
        functions = {name: FunctionUse(use.memory_mb, use.invocations, use.billed_ms)
                     for name, use in self.functions.items()}
        for name, use in other.functions.items():
            mine = functions.setdefault(name, FunctionUse(use.memory_mb))
            mine.invocations += use.invocations
            mine.billed_ms += use.billed_ms
        requests = dict(self.api_requests)
        for group, count in other.api_requests.items():
            requests[group] = requests.get(group, 0) + count
        return replace(self, **plain, functions=functions, api_requests=requests)

    def total_api_requests(self) -> float:
        return sum(self.api_requests.values())


def variable_cost(usage: Usage, prices: Prices = LONDON) -> dict[str, float]:
    """USD per service for `usage`."""
    invocations = sum(use.invocations for use in usage.functions.values())
    api = usage.total_api_requests()
    return {
        "Lambda duration": sum(use.gb_seconds() for use in usage.functions.values()) * prices.lambda_gb_second,
        "Lambda requests": invocations / MILLION * prices.lambda_per_million_requests,
        "API Gateway (REST)": api / MILLION * prices.api_gateway_rest_per_million,
        "DynamoDB writes": usage.dynamodb_wru / MILLION * prices.dynamodb_per_million_wru,
        "DynamoDB reads": usage.dynamodb_rru / MILLION * prices.dynamodb_per_million_rru,
        "SQS": usage.sqs_requests / MILLION * prices.sqs_per_million_requests,
        "EventBridge Pipes": usage.pipe_requests / MILLION * prices.pipes_per_million_requests,
        "SES": usage.mails / 1000 * prices.ses_per_thousand_mails,
        "CloudWatch Logs": usage.log_bytes / GB * prices.logs_ingestion_per_gb,
        "X-Ray": usage.traces / MILLION * prices.xray_per_million_traces,
        "CloudFront requests": usage.cloudfront_requests / MILLION * prices.cloudfront_per_million_https,
        "CloudFront data out": usage.cloudfront_bytes_out / GB * prices.cloudfront_per_gb_out,
        "CloudFront Functions": usage.cloudfront_function_invocations / MILLION
        * prices.cloudfront_functions_per_million,
        "WAF requests": api / MILLION * prices.waf_per_million_requests,
        "Secrets Manager calls": usage.secrets_calls / 10_000 * prices.secrets_per_10k_calls,
    }


def log_bytes(payload_bytes: float, events: float) -> float:
    """Billed CloudWatch Logs ingestion for `events` log events carrying `payload_bytes`."""
    return payload_bytes + events * LOG_EVENT_OVERHEAD_BYTES


# Standing costs: what a stage pays each month whatever its order volume.
SECONDS_PER_MONTH = 30 * 24 * 3600
# EventBridge Pipes reads a DynamoDB stream shard about four times a second.
PIPE_POLLS_PER_SECOND_PER_SHARD = 4
# Lambda's SQS event source keeps five long-polling (20 s) receivers per queue when idle.
SQS_IDLE_POLLERS = 5
SQS_LONG_POLL_SECONDS = 20
# X-Ray's default sampling rule records the first request of every second (the reservoir)
# and 5% of the rest; the reservoir is counted here as an upper bound (traffic every second).
XRAY_RESERVOIR_PER_SECOND = 1
XRAY_SAMPLED_FRACTION = 0.05


@dataclass(frozen=True)
class Standing:
    """The resources a stage keeps, counted from infra/layout.py and app.py by the caller."""

    waf_rules: int
    secrets: int
    alarms: int
    dashboards: int
    custom_metrics: int
    stream_shards: int
    queues: int


def fixed_monthly(standing: Standing, jobs_per_month: Usage, prices: Prices = LONDON) -> dict[str, float]:
    """USD per month: the stage's standing resources plus its scheduled jobs' own use."""
    stream_reads = standing.stream_shards * PIPE_POLLS_PER_SECOND_PER_SHARD * SECONDS_PER_MONTH
    idle_receives = standing.queues * SQS_IDLE_POLLERS * SECONDS_PER_MONTH / SQS_LONG_POLL_SECONDS
    costs = {
        "WAF web ACL and rules": prices.waf_web_acl_month + standing.waf_rules * prices.waf_rule_month,
        "Secrets Manager secrets": standing.secrets * prices.secrets_per_secret_month,
        "CloudWatch alarms": standing.alarms * prices.alarm_month,
        "CloudWatch dashboard": standing.dashboards * prices.dashboard_month,
        "CloudWatch custom metrics": standing.custom_metrics * prices.custom_metric_month,
        "DynamoDB Streams reads by the pipe": stream_reads / MILLION * prices.dynamodb_streams_per_million_reads,
        "SQS idle long polls": idle_receives / MILLION * prices.sqs_per_million_requests,
        "X-Ray reservoir (upper bound)": XRAY_RESERVOIR_PER_SECOND * SECONDS_PER_MONTH / MILLION
        * prices.xray_per_million_traces,
    }
    for service, usd in variable_cost(jobs_per_month, prices).items():
        if usd:
            costs[f"scheduled jobs: {service}"] = usd
    return costs


def runs_per_month(expression: str) -> float:
    """How often an EventBridge schedule fires in a 30-day month: `rate(N unit)`, or a cron
    that runs daily or monthly at fixed times (the shapes app.py uses)."""
    if expression.startswith("rate("):
        amount, unit = expression.removeprefix("rate(").removesuffix(")").split()
        seconds = {"minute": 60, "hour": 3600, "day": 86400}[unit.rstrip("s")]
        return SECONDS_PER_MONTH / (int(amount) * seconds)
    minute, hour, day, month, weekday, _year = expression.removeprefix("cron(").removesuffix(")").split()
    if month != "*" or weekday not in ("?", "*") or "*" in (minute, hour) or any(c in minute + hour for c in ",-/"):
        raise ValueError(f"schedule {expression!r}: teach runs_per_month this shape")
    return 30.0 if day in ("*", "?") else 1.0
