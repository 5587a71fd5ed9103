"""The AWS cost of one million orders, from what one realistic run on the local stack uses.

The run (test stack, 127.0.0.1 only, bounded: 72 orders, about five minutes): site customers
sign up, add funds by card once (Stripe's API and signed webhook, from localstripe) and come
back for a few sessions (page load, sign-in, catalog, balance, orders of five types, each
order's page, the orders list); resellers sign up, add funds, create an API key, and their
tools call /api/v2 (services, balance, add, batched status); the table's stream queues every
order and the dispatcher sends it to the provider simulator; status sync runs while the
orders are in progress and again when they end (completed, partial with a refund of the rest,
cancelled with a full refund); customers come back to see the result. Every request goes
through the real Chalice app as API Gateway's proxy event, attributed to its route group's
function (infra/layout.py).

What is measured (bench/cost_meter.py): per invocation wall and CPU time, standard-output
bytes (CloudWatch Logs), DynamoDB read and write units, SQS requests, secret fetches, mails,
response bytes. What is assumed, each a named constant below or in bench/cost_scenario.py
(with the scenario's sizes): how often a function starts cold, how long an order stays open
upstream (status-sync polls), the edge's header bytes.

The measured run is scaled linearly to 1,000,000 orders and priced with bench/cost_prices.py
(eu-west-2 list prices, dated there). Standing monthly costs (WAF, secrets, alarms, dashboard,
metrics, the scheduled jobs' own runs, the pipe's stream polling) are printed separately and
are NOT in the per-million figure. Last line: {"usd_per_million_orders": ...}.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cost_meter import Meter  # noqa: E402
from cost_prices import (  # noqa: E402
    LAMBDA_FULL_VCPU_MB,
    LONDON,
    PRICES_RECORDED,
    PRICES_REGION,
    XRAY_SAMPLED_FRACTION,
    Standing,
    Usage,
    billed_ms,
    fixed_monthly,
    lambda_duration_ms,
    runs_per_month,
    variable_cost,
)
from cost_scenario import (  # noqa: E402
    CUSTOMER_TOP_UP,
    DELIVERY_SECONDS,
    IN_PROGRESS_AFTER,
    MAX_SETTLE_CYCLES,
    RESELLER_STATUS_ROUNDS,
    RESELLERS,
    SESSIONS_PER_CUSTOMER,
    SITE_CUSTOMERS,
    STEADY_CYCLES,
    Scenario,
    invoke,
    meter_mail,
    meter_queue_workers,
)

from devstack.stack import TEST  # noqa: E402

TEST.apply_environment()
# As a deployed stage runs, not as the test stage: bcrypt at cost 12, INFO logs, and metrics
# written as EMF lines (they are log bytes in the cloud). Tracing stays off (no daemon here).
os.environ.update({"PANEL_BCRYPT_ROUNDS": "12", "POWERTOOLS_LOG_LEVEL": "INFO",
                   "POWERTOOLS_METRICS_DISABLED": "false"})

TARGET_USD = 15.0
ORDERS_SCALE = 1_000_000


# Assumptions (not measurable on a laptop).
COLD_START_FRACTION = 0.01          # 1 invocation in 100 starts a container; its init is billed
ORDER_OPEN_HOURS = 12               # an order stays open upstream this long on average
# Standing resources beyond what layout.py and app.py count.
WAF_RULES = 4                       # origin header, rate rule on /api/v2, two AWS managed groups
SECRETS = 4                         # Stripe secret and webhook key, provider keys, origin header
ALARMS_PER_FUNCTION = 3             # errors, throttles, p99 duration
OTHER_ALARMS = 10                   # API 5xx and latency, pipe, ledger, review, balance, WAF, ...
ALARMS_PER_QUEUE = 2                # DLQ depth, oldest message
STREAM_SHARDS = 1

# What would cut the figure, largest first as measured (docs/operations.md, "Cost").
LEVERS = (
    "status sync writes an open order on every poll its remains moved (a conditional put of the "
    "whole item, rewritten in the table and in both ALL-projected GSIs): write only when the status "
    "changes or progress moved by a step worth showing",
    "poll open orders less often as they age (5 min for the first hour, then 30 min): polls scale "
    "with how long orders stay open",
    "project only the attributes the GSIs' queries read (KEYS_ONLY/INCLUDE) so a progress update "
    "costs one unit, not three",
    "after status sync, the dispatcher and the reseller function write the most units per call "
    "(table above): fold writes that belong together into one",
    "Lambda time waits on DynamoDB and the provider: arm64 (20% less per GB-s), and 256 MB for the "
    "groups that never hash passwords",
    "an HTTP API instead of REST (about a third of API Gateway's price per request)",
)


def init_ms() -> float:
    """Import time of app.py in a fresh interpreter: a cold container's init phase."""
    code = "import time; t = time.perf_counter(); import app; print((time.perf_counter() - t) * 1000)"
    runs = [float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                 check=True, env=os.environ.copy()).stdout.strip().splitlines()[-1])
            for _ in range(3)]
    return min(runs)  # the machine's other load only ever adds time


def minus(a: Usage, b: Usage) -> Usage:
    return a.plus(b.scaled(-1))


def run_jobs(meter: Meter, app: Any) -> tuple[Usage, list[str]]:
    """Each scheduled job once, as a month of its runs (the status sync's idle cycle included)."""
    from devstack.handlers import run_scheduled, scheduled_handlers
    from infra.layout import JOB_MEMORY_MB, function_name

    month, notes = Usage(), []
    for handler in scheduled_handlers(app):
        before = copy.deepcopy(meter.usage)
        try:
            with invoke(meter, function_name("prod", handler.name), JOB_MEMORY_MB):
                run_scheduled(handler)
        except Exception as exc:  # a job that cannot run here is reported, not priced as free
            notes.append(f"{handler.name} failed on the local stack ({exc!r}); its runs are not priced")
            continue
        month = month.plus(minus(meter.usage, before).scaled(runs_per_month(handler.expression)))
    return month, notes


def standing(app: Any) -> Standing:
    from devstack.handlers import scheduled_handlers, sqs_handlers
    from infra.layout import ROUTE_GROUPS

    functions = len(ROUTE_GROUPS) + len(sqs_handlers(app)) + len(scheduled_handlers(app))
    queues = len(sqs_handlers(app))
    metrics = set(re.findall(r'add_metric\(name="(\w+)"', "".join(
        p.read_text() for p in (ROOT / "chalicelib").rglob("*.py"))))
    return Standing(waf_rules=WAF_RULES, secrets=SECRETS,
                    alarms=functions * ALARMS_PER_FUNCTION + queues * ALARMS_PER_QUEUE + OTHER_ALARMS,
                    dashboards=1, custom_metrics=len(metrics), stream_shards=STREAM_SHARDS, queues=queues)


def add_cold_starts(usage: Usage, meter: Meter, init: float) -> None:
    """Each function's cold starts: the init phase billed at its memory, and its secret fetches."""
    for name, use in usage.functions.items():
        stats = meter.functions[name]
        colds = use.invocations * COLD_START_FRACTION
        use.billed_ms += round(colds * billed_ms(lambda_duration_ms(init, init, use.memory_mb)))
        usage.secrets_calls += colds * stats.secret_fetches / max(stats.invocations, 1)


def main() -> None:
    meter = Meter()
    meter.install()

    from devstack.handlers import load_app, scheduled_handlers
    from devstack.launcher import Launcher
    from devstack.provision import ensure_all

    started = time.perf_counter()
    sim = f"http://127.0.0.1:{TEST.provider_port}"
    launcher = Launcher(TEST, quiet=True)
    launcher.start_backing_services()
    try:
        ensure_all(load_app())
        meter_queue_workers(meter)
        meter_mail(meter)
        scenario = Scenario(meter)
        scenario.prepare(sim)
        customers = [scenario.sign_up(c) for c in range(SITE_CUSTOMERS)]
        keys = [scenario.api_key(scenario.sign_up(SITE_CUSTOMERS + r)) for r in range(RESELLERS)]
        for visit in range(SESSIONS_PER_CUSTOMER):
            for email in customers:
                session = scenario.session(email)
                if visit == 0:
                    scenario.top_up(session, CUSTOMER_TOP_UP)
                scenario.shop(email, session)
        for key in keys:
            scenario.reseller(key)
        scenario.drain_queues()
        placed = sum(len(ids) for ids in scenario.orders.values())

        # Status sync while every order is open. The simulator reports Pending for the first
        # fifth of an order's time, then In progress with remains falling continuously, as a
        # provider delivering all the time does: the steady cycles are measured in that phase,
        # so each poll of an order whose remains moved writes it (the costly case).
        dispatched = time.monotonic()
        scenario.sync()
        time.sleep(max(0.0, dispatched + IN_PROGRESS_AFTER * DELIVERY_SECONDS + 2 - time.monotonic()))
        before_poll = copy.deepcopy(meter.usage)
        polled = [scenario.sync() for _ in range(STEADY_CYCLES)][-1]
        poll_cycle = minus(meter.usage, before_poll).scaled(1 / STEADY_CYCLES)
        for _ in range(RESELLER_STATUS_ROUNDS):
            for key in keys:
                scenario.reseller_status(key)
        time.sleep(DELIVERY_SECONDS + 1)
        for _ in range(MAX_SETTLE_CYCLES):
            result = scenario.sync()
            scenario.drain_queues()
            if not sum(p.get("polled", 0) - p.get("settled", 0) for p in result.values()):
                break
        for key in keys:
            scenario.reseller_status(key)
        for email in customers:
            scenario.review(email, scenario.session(email))
        scenario.drain_queues()
        run = copy.deepcopy(meter.usage)

        # An idle cycle (nothing open): the fixed part of each cycle, priced with the jobs.
        before_idle = copy.deepcopy(meter.usage)
        scenario.sync()
        idle_cycle = minus(meter.usage, before_idle)
        jobs_month, job_notes = run_jobs(meter, scenario.app)
        init = init_ms()
        counts = {"dynamodb": dict(meter.dynamodb_calls), "sqs": dict(meter.sqs_calls)}
    finally:
        launcher.stop()
    sys.stdout = sys.__stdout__
    elapsed = time.perf_counter() - started

    # Per order: the run without its sync cycles' idle part (it polled each open order
    # 1 + STEADY_CYCLES times, then settled it), plus the steady polls a real order gets while
    # open (one per sync interval) beyond those.
    interval_minutes = 60 * 24 * 30 / runs_per_month(next(
        h.expression for h in scheduled_handlers(scenario.app) if h.name == "sync_statuses"))
    polls_open = ORDER_OPEN_HOURS * 60 / interval_minutes
    measured = Measured(
        placed=placed, meter=meter, init=init,
        per_order=minus(run, idle_cycle.scaled(scenario.sync_cycles)).scaled(1 / placed),
        poll=minus(poll_cycle, idle_cycle).scaled(1 / placed), polls_per_open_hour=60 / interval_minutes)
    costs = variable_cost(measured.million(polls_open), LONDON)
    total = sum(costs.values())
    fixed = fixed_monthly(standing(scenario.app), jobs_month, LONDON)

    report(measured, polled, elapsed, polls_open, costs, total, fixed, job_notes, counts)
    print(json.dumps({"usd_per_million_orders": round(total, 2)}))


@dataclass
class Measured:
    placed: int
    meter: Meter
    init: float
    per_order: Usage          # orders, page views, dispatch, the run's polls and the settlement
    poll: Usage               # one steady status poll of one open order
    polls_per_open_hour: float

    def million(self, polls_open: float, cpu_only: bool = False) -> Usage:
        usage = self.per_order.plus(self.poll.scaled(max(polls_open - 1 - STEADY_CYCLES, 0))).scaled(ORDERS_SCALE)
        add_cold_starts(usage, self.meter, self.init)
        if cpu_only:
            for name, use in usage.functions.items():
                stats = self.meter.functions[name]
                use.billed_ms *= stats.cpu_billed_ms / stats.billed_ms
        usage.traces = sum(u.invocations for u in usage.functions.values()) * XRAY_SAMPLED_FRACTION
        return usage


def report(measured: Measured, polled: Any, elapsed: float, polls_open: float, costs: dict[str, float],
           total: float, fixed: dict[str, float], job_notes: list[str], counts: dict[str, dict[str, int]]) -> None:
    meter, million = measured.meter, measured.million(polls_open)
    print(f"Measured run: {measured.placed} orders in {elapsed:.0f} s on the local stack "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores); a steady sync cycle: {polled}.")
    print(f"Prices: AWS on-demand list prices, {PRICES_REGION}, recorded {PRICES_RECORDED}; free tiers ignored.")
    print(f"Assumed: {COLD_START_FRACTION:.0%} cold starts (init {measured.init:.0f} ms on a full core, stretched "
          f"by memory below {LAMBDA_FULL_VCPU_MB} MB), orders open {ORDER_OPEN_HOURS} h "
          f"({polls_open:.0f} status polls each), X-Ray sampling {XRAY_SAMPLED_FRACTION:.0%}.")
    print("\nPer function in the run (before scaling; ms as Lambda would bill them):")
    print(f"  {'function':38} {'MB':>5} {'calls':>6} {'avg ms':>8} {'cpu ms':>8} {'log B':>6} {'WRU':>6} {'RRU':>6}"
          "  (per call)")
    for name, stats in sorted(meter.functions.items()):
        calls = stats.invocations
        print(f"  {name:38} {stats.memory_mb:>5} {calls:>6} {stats.billed_ms / calls:>8.1f}"
              f" {stats.cpu_ms / calls:>8.1f} {stats.log_bytes / calls:>6.0f} {stats.write_units / calls:>6.1f}"
              f" {stats.read_units / calls:>6.1f}")
    print(f"  DynamoDB calls: {counts['dynamodb']}")
    print(f"  SQS calls by the functions: {counts['sqs']}")
    print(f"\nPer {ORDERS_SCALE:,} orders:")
    print("  API requests by route group: " + ", ".join(
        f"{group} {count:,.0f}" for group, count in sorted(million.api_requests.items())))
    print(f"  Lambda invocations {sum(u.invocations for u in million.functions.values()):,.0f}, "
          f"GB-s {sum(u.gb_seconds() for u in million.functions.values()):,.0f}; "
          f"DynamoDB RRU {million.dynamodb_rru:,.0f}, WRU {million.dynamodb_wru:,.0f}; "
          f"SQS requests {million.sqs_requests:,.0f}; pipe events {million.pipe_requests:,.0f}; "
          f"mails {million.mails:,.0f}")
    print(f"  logs {million.log_bytes / 1024 ** 3:.2f} GB; CloudFront {million.cloudfront_requests:,.0f} requests, "
          f"{million.cloudfront_bytes_out / 1024 ** 3:.2f} GB; secrets calls {million.secrets_calls:,.0f}")
    polls_only = Measured(measured.placed, meter, measured.init, Usage(), measured.poll, 0).million(
        polls_open + 1 + STEADY_CYCLES)
    poll_costs = variable_cost(polls_only, LONDON)
    print(f"\n  {'service':32} {'USD per 1M orders':>18} {'of which steady polls':>22}")
    for service, usd in sorted(costs.items(), key=lambda kv: -kv[1]):
        print(f"  {service:32} {usd:>18.2f} {poll_costs[service]:>22.2f}")
    print(f"  {'variable total':32} {total:>18.2f} {sum(poll_costs.values()):>22.2f}"
          f"   (target <= {TARGET_USD:.2f}; fixed monthly costs NOT included)")
    each, poll = measured.per_order, measured.poll
    print(f"\nOne order without its steady polls: {each.total_api_requests():.1f} API requests, "
          f"{sum(u.invocations for u in each.functions.values()):.1f} invocations, "
          f"{sum(u.billed_ms for u in each.functions.values()):.0f} Lambda ms, {each.dynamodb_wru:.1f} WRU, "
          f"{each.dynamodb_rru:.1f} RRU. One steady poll of one open order ({polls_open:.0f} an order): "
          f"{poll.dynamodb_wru:.2f} WRU, {poll.dynamodb_rru:.2f} RRU, "
          f"{sum(u.billed_ms for u in poll.functions.values()):.0f} Lambda ms.")
    print("How long orders stay open moves the figure: " + ", ".join(
        f"{hours} h: {sum(variable_cost(measured.million(hours * measured.polls_per_open_hour), LONDON).values()):.2f}"
        for hours in (1, 6, 12, 24)) + " USD per 1M orders.")
    lower = sum(variable_cost(measured.million(polls_open, cpu_only=True), LONDON).values())
    print(f"With Lambda billed for CPU time only (no waiting; a lower bound, as this machine is shared): "
          f"{lower:.2f} USD per 1M orders.")

    print(f"\nFixed monthly costs of a stage (separate from the figure above): {sum(fixed.values()):.2f} USD/month")
    for service, usd in sorted(fixed.items(), key=lambda kv: -kv[1]):
        print(f"  {service:52} {usd:>8.2f}")
    for note in job_notes:
        print(f"  note: {note}")
    top = sorted(costs.items(), key=lambda kv: -kv[1])[:3]
    verdict = "within" if total <= TARGET_USD else "OVER"
    print(f"\n{verdict} target: the largest services are " + ", ".join(f"{s} ({u:.2f})" for s, u in top) + ".")
    if total > TARGET_USD:
        for lever in LEVERS:
            print(f"  lever: {lever}")


if __name__ == "__main__":
    main()
