"""The stage's alarms, their SNS topic and its dashboard.

Every alarm notifies one topic (KMS-encrypted, TLS only), on entering ALARM and on returning
to OK, so whoever is on call sees both the problem and its end. docs/operations.md says, per
alarm, what it means and what to do first; the alarm names below are the ones it lists.

Missing data is treated per alarm by what silence means:
- AWS metrics that are published only when something happens (Lambda errors and throttles,
  API Gateway with no traffic, an empty dead-letter queue, WAF blocks): silence is health,
  so missing data is "not breaching".
- Gauges a scheduled job publishes (ledger mismatches daily, orders in review every five
  minutes, provider balances hourly): between two runs there is nothing new to say, so missing
  data is "ignore" and the alarm keeps the last run's verdict. A job that stops running is
  caught by its own function's error alarm, not by these.

Stages are meant to live in separate AWS accounts: the app's metrics (namespace SmmPanel) carry
no stage dimension, so two stages in one account would read each other's business metrics.
"""

from __future__ import annotations

from collections.abc import Mapping

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from chalicelib.observability import (
    LEDGER_CHAIN_BROKEN,
    LEDGER_MISMATCHES,
    LEGAL_FOLLOW_UPS_OVERDUE,
    NAMESPACE,
    ORDERS_NEEDING_REVIEW,
    PRIVACY_REGISTER_WRITE_FAILED,
    PROVIDER_BALANCE,
    PROVIDER_DIMENSION,
    SERVICE,
    SLA_CLAIMS_OVERDUE,
    STAFF_TOTP_LOCKOUTS,
    STRIPE_EVENTS_UNREADABLE,
)
from infra.dashboard import Section, build_dashboard
from infra.layout import function_name

FIVE_MINUTES = cdk.Duration.minutes(5)
NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING
KEEP_LAST_VERDICT = cloudwatch.TreatMissingData.IGNORE

# p99 duration above this share of a function's timeout, over 15 minutes: it is about to time
# out (an API function past 28 s becomes a gateway timeout, a worker's batch is retried).
DURATION_SHARE_OF_TIMEOUT = 0.8
# API Gateway: five 5xx answers in five minutes is more than a stray failure; a p99 above 5 s
# for 15 minutes means customers wait (a bcrypt sign-in takes about 0.3 s at 1 GB).
API_5XX_PER_FIVE_MINUTES = 5
API_P99_LATENCY_MS = 5000
# A queue's oldest message: the orders queue retries a failing message every six minutes
# (visibility = 6 x 60 s), so 15 minutes means several failed attempts or a stalled worker.
QUEUE_OLDEST_MESSAGE_SECONDS = 15 * 60
# Orders in review: staff are told when an order has waited an hour (12 sweeps in a row).
REVIEW_WAIT_SWEEPS = 12
# WAF: bots are blocked all day; this many blocks in five minutes is an attack, or a rule
# refusing real customers (check which rule before doing anything else).
WAF_BLOCKS_PER_FIVE_MINUTES = 500
# Further app metrics that must stay at zero: (alarm, metric, what it means). The overdue
# counts come from daily jobs (the last run's verdict stands); the others are counted as they
# happen, so each occurrence notifies and the alarm clears five quiet minutes later.
DAILY_OVERDUE = (
    ("sla-claims-overdue", SLA_CLAIMS_OVERDUE, "SLA claims are past their decision deadline."),
    ("legal-follow-ups-overdue", LEGAL_FOLLOW_UPS_OVERDUE,
     "Emergency legal requests are past their follow-up day without formal process."),
)
EVENTS = (
    ("stripe-events-unreadable", STRIPE_EVENTS_UNREADABLE, "Stripe sent an event we could not read."),
    ("privacy-register-write-failed", PRIVACY_REGISTER_WRITE_FAILED,
     "A customer's own privacy request succeeded but was not registered."),
    ("staff-totp-lockouts", STAFF_TOTP_LOCKOUTS, "A staff second factor was locked after wrong codes."),
)
# The Metrics Insights query of the low-balance alarm: the lowest balance across every
# provider's series (one metric, a provider dimension), so new providers need no new alarm.
# Built from our own constants, never from input (hence the noqa).
LOWEST_PROVIDER_BALANCE = f"SELECT MIN({PROVIDER_BALANCE}) FROM SCHEMA({NAMESPACE}, {PROVIDER_DIMENSION}, service)"  # noqa: S608


class Alarms(Construct):
    """`functions` by their short name (`orders`, `order_dispatcher`, `audit_ledgers`...),
    `queues` and `dead_letter_queues` by the name of the worker that consumes the queue.
    `provider_low_balance` is the stage's PANEL_PROVIDER_LOW_BALANCE_USD, the same threshold
    the check_providers job logs its warning against."""

    def __init__(self, scope: Construct, construct_id: str, *, stage: str,
                 functions: Mapping[str, lambda_.Function], queues: Mapping[str, sqs.IQueue],
                 dead_letter_queues: Mapping[str, sqs.IQueue], api: apigateway.IRestApi, api_stage: str,
                 provider_low_balance: float, pipe_name: str | None = None,
                 web_acl_metric_name: str | None = None, alarm_email: str | None = None) -> None:
        super().__init__(scope, construct_id)
        self.stage = stage
        self.topic = self._topic(alarm_email)
        self.alarms: list[cloudwatch.Alarm] = []
        sections = [
            self._api(api, api_stage),
            self._functions(functions),
            self._queues(queues, dead_letter_queues),
            *([self._pipe(pipe_name)] if pipe_name else []),
            self._business(provider_low_balance),
            *([self._waf(web_acl_metric_name)] if web_acl_metric_name else []),
        ]
        self.dashboard = build_dashboard(self, "Dashboard", name=function_name(stage, "panel"),
                                         sections=sections, alarms=self.alarms)

    # --- the topic ------------------------------------------------------------------------

    def _topic(self, alarm_email: str | None) -> sns.Topic:
        key = kms.Key(self, "TopicKey", enable_key_rotation=True,
                      description=f"Encrypts the {self.stage} stage's alarm notifications")
        # CloudWatch publishes the alarms: it needs the key to encrypt what it puts on the topic.
        key.add_to_resource_policy(iam.PolicyStatement(
            principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
            actions=["kms:Decrypt", "kms:GenerateDataKey*"], resources=["*"],
            conditions={"StringEquals": {"aws:SourceAccount": cdk.Stack.of(self).account}}))
        topic = sns.Topic(self, "Topic", topic_name=function_name(self.stage, "alarms"),
                          display_name=f"SMM panel {self.stage} alarms", master_key=key, enforce_ssl=True)
        if alarm_email:
            topic.add_subscription(subscriptions.EmailSubscription(alarm_email))
        return topic

    def _alarm(self, name: str, metric: cloudwatch.IMetric, *, threshold: float, description: str,
               comparison: cloudwatch.ComparisonOperator = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
               periods: int = 1, missing: cloudwatch.TreatMissingData = NOT_BREACHING) -> cloudwatch.Alarm:
        alarm = cloudwatch.Alarm(
            self, name, alarm_name=function_name(self.stage, name), metric=metric, threshold=threshold,
            comparison_operator=comparison, evaluation_periods=periods, treat_missing_data=missing,
            alarm_description=f"{description} See docs/operations.md, Alarms.")
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        alarm.add_ok_action(actions.SnsAction(self.topic))
        self.alarms.append(alarm)
        return alarm

    # --- what is watched ------------------------------------------------------------------

    def _api(self, api: apigateway.IRestApi, api_stage: str) -> Section:
        def metric(name: str, statistic: str) -> cloudwatch.Metric:
            return cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name=name, statistic=statistic,
                                     period=FIVE_MINUTES, dimensions_map={
                                         "ApiName": api.rest_api_name, "Stage": api_stage})

        errors, latency = metric("5XXError", "Sum"), metric("Latency", "p99")
        self._alarm("api-5xx", errors, threshold=API_5XX_PER_FIVE_MINUTES - 1,
                    description="The API answered 5xx (server errors) more than a stray few times.")
        self._alarm("api-latency-p99", latency, threshold=API_P99_LATENCY_MS, periods=3,
                    description="The API's slowest 1% of answers took over 5 s for 15 minutes.")
        return Section("API", [("5xx and 4xx answers", [errors, metric("4XXError", "Sum")]),
                               ("Latency p99 and p50 (ms)", [latency, metric("Latency", "p50")])])

    def _functions(self, functions: Mapping[str, lambda_.Function]) -> Section:
        errors, throttles, durations = [], [], []
        for name, function in functions.items():
            timeout = (function.timeout or cdk.Duration.seconds(3)).to_milliseconds()
            error = function.metric_errors(period=FIVE_MINUTES, statistic="Sum")
            throttle = function.metric_throttles(period=FIVE_MINUTES, statistic="Sum")
            duration = function.metric_duration(period=cdk.Duration.minutes(15), statistic="p99")
            self._alarm(f"{name}-errors", error, threshold=0,
                        description=f"The {name} function failed (an unhandled error or a timeout).")
            self._alarm(f"{name}-throttles", throttle, threshold=0,
                        description=f"Lambda refused to run the {name} function (concurrency limit).")
            self._alarm(f"{name}-duration-p99", duration, threshold=timeout * DURATION_SHARE_OF_TIMEOUT,
                        description=f"The {name} function's slowest runs come close to its "
                                    f"{timeout // 1000} s timeout.")
            # Labelled for the graphs only: a label would turn the alarm into a metric query.
            errors.append(error.with_(label=name))
            throttles.append(throttle.with_(label=name))
            durations.append(duration.with_(label=name))
        return Section("Functions", [("Errors", errors), ("Throttles", throttles), ("Duration p99 (ms)", durations)])

    def _queues(self, queues: Mapping[str, sqs.IQueue], dead_letter_queues: Mapping[str, sqs.IQueue]) -> Section:
        ages, depths = [], []
        for name, queue in queues.items():
            age = queue.metric_approximate_age_of_oldest_message(period=FIVE_MINUTES, statistic="Maximum")
            self._alarm(f"{name}-queue-oldest-message", age, threshold=QUEUE_OLDEST_MESSAGE_SECONDS,
                        description=f"A message has waited over 15 minutes on the queue {name} reads.")
            ages.append(age.with_(label=name))
        for name, dead_letters in dead_letter_queues.items():
            depth = dead_letters.metric_approximate_number_of_messages_visible(period=FIVE_MINUTES,
                                                                               statistic="Maximum")
            self._alarm(f"{name}-dead-letters", depth, threshold=0,
                        description=f"Messages {name} failed five times are parked in its dead-letter queue.")
            depths.append(depth.with_(label=name))
        return Section("Queues", [("Oldest message (s)", ages), ("Dead letters", depths)])

    def _pipe(self, pipe_name: str) -> Section:
        def metric(name: str) -> cloudwatch.Metric:
            return cloudwatch.Metric(namespace="AWS/EventBridge/Pipes", metric_name=name, statistic="Sum",
                                     period=FIVE_MINUTES, dimensions_map={"PipeName": pipe_name})

        # A whole execution failing and the target (SendMessage to the orders queue) failing
        # are counted apart; either leaves a placed order without its queue message until
        # the sweep re-queues it. FILL: each is published only when it happens.
        failures = cloudwatch.MathExpression(
            expression="FILL(executions, 0) + FILL(target, 0)", label="failures", period=FIVE_MINUTES,
            using_metrics={"executions": metric("ExecutionFailed"), "target": metric("TargetStageFailed")})
        self._alarm("order-outbox-failures", failures, threshold=0,
                    description="The order outbox pipe failed to put placed orders on the orders queue.")
        return Section("Order outbox pipe", [("Failures", [failures]), ("Orders forwarded", [metric("EventCount")])])

    def _business(self, provider_low_balance: float) -> Section:
        def metric(name: str, statistic: str, period: cdk.Duration = FIVE_MINUTES) -> cloudwatch.Metric:
            return cloudwatch.Metric(namespace=NAMESPACE, metric_name=name, statistic=statistic, period=period,
                                     dimensions_map={"service": SERVICE})

        hour = cdk.Duration.hours(1)
        mismatches, broken = metric(LEDGER_MISMATCHES, "Maximum", hour), metric(LEDGER_CHAIN_BROKEN, "Sum", hour)
        self._alarm("ledger-mismatches", mismatches, threshold=0, missing=KEEP_LAST_VERDICT,
                    description="The daily ledger audit found balances that differ from their ledger.")
        self._alarm("ledger-chain-broken", broken, threshold=0, missing=KEEP_LAST_VERDICT,
                    description="The retention purge found a ledger entry that does not follow on.")
        waiting = metric(ORDERS_NEEDING_REVIEW, "Minimum")
        self._alarm("orders-needing-review", waiting, threshold=0, periods=REVIEW_WAIT_SWEEPS,
                    missing=KEEP_LAST_VERDICT, description="Orders have waited an hour for staff to review them.")
        lowest = cloudwatch.MathExpression(expression=LOWEST_PROVIDER_BALANCE, label="lowest provider balance",
                                           period=hour)
        self._alarm("provider-balance-low", lowest, threshold=provider_low_balance,
                    comparison=cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, missing=KEEP_LAST_VERDICT,
                    description=f"A provider's balance is below {provider_low_balance:g}: orders to it will fail.")
        overdue = [metric(name, "Maximum", hour) for _alarm, name, _meaning in DAILY_OVERDUE]
        for (alarm, _name, meaning), count in zip(DAILY_OVERDUE, overdue, strict=True):
            self._alarm(alarm, count, threshold=0, missing=KEEP_LAST_VERDICT, description=meaning)
        events = [metric(name, "Sum") for _alarm, name, _meaning in EVENTS]
        for (alarm, _name, meaning), count in zip(EVENTS, events, strict=True):
            self._alarm(alarm, count, threshold=0, description=meaning)
        per_provider = cloudwatch.MathExpression(
            expression=f"{LOWEST_PROVIDER_BALANCE} GROUP BY {PROVIDER_DIMENSION}", label="", period=hour)
        balances = "Provider balances (provider's currency)"
        return Section("Business", [("Ledger audit", [mismatches, broken]), ("Orders waiting for review", [waiting]),
                                    (balances, [per_provider]), ("Overdue and exceptional", [*overdue, *events])],
                       thresholds={balances: provider_low_balance})

    def _waf(self, web_acl_metric_name: str) -> Section:
        def metric(name: str) -> cloudwatch.Metric:
            return cloudwatch.Metric(namespace="AWS/WAFV2", metric_name=name, statistic="Sum", period=FIVE_MINUTES,
                                     dimensions_map={"WebACL": web_acl_metric_name, "Rule": "ALL",
                                                     "Region": cdk.Stack.of(self).region})

        blocked = metric("BlockedRequests")
        self._alarm("waf-blocks", blocked, threshold=WAF_BLOCKS_PER_FIVE_MINUTES,
                    description="The API's web ACL blocked an unusual number of requests.")
        return Section("WAF", [("Blocked and allowed requests", [blocked, metric("AllowedRequests")])])
