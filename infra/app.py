"""CDK entry point: both stacks of a stage, checked by cdk-nag's AWS Solutions rules during
synth. `make synth STAGE=dev` (infra/synth.py) runs it; `cdk synth -c stage=dev` from infra/
works too.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aws_cdk as cdk  # noqa: E402
from aws_cdk import aws_lambda as lambda_  # noqa: E402
from aws_cdk import aws_logs as logs  # noqa: E402
from aws_cdk import aws_sqs as sqs  # noqa: E402
from constructs import Construct  # noqa: E402

from chalicelib import secret_names  # noqa: E402
from devstack.stack import stage_environment  # noqa: E402
from infra import layout, nag, names, waf  # noqa: E402
from infra.alarms import Alarms  # noqa: E402
from infra.bundle import Bundle, build_bundle  # noqa: E402
from infra.edge import Edge  # noqa: E402
from infra.functions import FunctionSettings  # noqa: E402
from infra.probes import ProbeReport, add_probe_stacks  # noqa: E402
from infra.resources import PanelResources  # noqa: E402
from infra.stacks import StatefulStack  # noqa: E402

# Per-stage deployment settings that are not the app's own (those are in .chalice/config.json).
STAGES_FILE = Path(__file__).with_name("stages.json")


def stack_name(stage: str, part: str) -> str:
    return f"smm-panel-{stage}-{part}"


def _queues(scope: Construct, queue_names: Mapping[str, str], suffix: str = "") -> dict[str, sqs.IQueue]:
    """The stateful stack's queues (or their dead-letter queues) by worker, by name: no export."""
    return {worker: sqs.Queue.from_queue_arn(scope, f"{worker}{suffix}-by-name", names.queue_arn(name + suffix))
            for worker, name in queue_names.items()}


def build(stage: str, bundle: Bundle | None = None, outdir: str | None = None) -> cdk.App:
    """Both stacks of `stage`. app.py reads the stage's settings when imported, so one process
    builds one stage."""
    env = stage_environment(stage)
    os.environ.update({k: v for k, v in env.items() if k.startswith("PANEL_")})
    from chalicelib.settings import get_settings
    from devstack.handlers import load_app, sqs_handlers
    from infra.panel_stack import PanelStack

    chalice_app = load_app()
    stage_settings = json.loads(STAGES_FILE.read_text())[stage]
    app = cdk.App(outdir=outdir, context={
        "aws:cdk:disable-stack-trace": True,
        # S3 access log delivery through the log bucket's policy, not the legacy ACL.
        "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True,
    })
    nag.check_during_synth(app)
    # The stage's home region: the table, the API and the edge live there; the probes elsewhere.
    home_region = stage_settings["region"]
    home = cdk.Environment(region=home_region)
    table_name = env["PANEL_TABLE_NAME"]
    queue_names = {h.name: h.queue for h in sqs_handlers(chalice_app)}
    attachments_bucket = env.get("PANEL_ATTACHMENTS_BUCKET") or names.bucket_name(stage, "attachments")
    legal_bucket = names.bucket_name(stage, "legal")
    stateful = StatefulStack(app, stack_name(stage, "stateful"), stage=stage, table_name=table_name,
                             queue_names=queue_names, orders_queue_name=env["PANEL_ORDER_QUEUE_NAME"],
                             site_url=env.get("PANEL_SITE_URL"), attachments_bucket_name=attachments_bucket, env=home)
    mail_domain = get_settings().mail_from.rsplit("@", 1)[-1]
    resources = PanelResources(
        stage=stage, region=cdk.Aws.REGION, account=cdk.Aws.ACCOUNT_ID, table_arn=names.table_arn(table_name),
        queue_arns={worker: names.queue_arn(queue) for worker, queue in queue_names.items()},
        attachments_bucket_arn=names.bucket_arn(attachments_bucket), legal_bucket_arn=names.bucket_arn(legal_bucket),
        # The one cross-stack reference: a key's ARN holds a random id, and IAM grants on keys
        # cannot name an alias.
        legal_key_arn=stateful.legal_key.key_arn,
        mail_identity_arn=f"arn:{cdk.Aws.PARTITION}:ses:{cdk.Aws.REGION}:{cdk.Aws.ACCOUNT_ID}:identity/{mail_domain}",
        secrets_prefix=secret_names.prefix(stage))
    function_environment = {
        **env,
        "PANEL_ATTACHMENTS_BUCKET": attachments_bucket,
        "PANEL_LEGAL_BUCKET": legal_bucket,
        "PANEL_LEGAL_KMS_KEY_ID": names.legal_key_alias(stage),
    }
    bundle = bundle or build_bundle()
    panel = PanelStack(
        app, stack_name(stage, "panel"), app=chalice_app, bundle=bundle, queue_names=queue_names, env=home,
        settings=FunctionSettings(stage=stage, environment=function_environment, resources=resources,
                                  log_retention=logs.RetentionDays[stage_settings["log_retention"]],
                                  reserved_concurrency=stage_settings["reserved_concurrency"]))
    panel.add_stack_dependency(stateful)
    edge = Edge(panel, "Edge", stage=stage, api_stage=panel.api.deployment_stage,
                attachments_bucket_name=attachments_bucket,
                reseller_requests_per_5_minutes=stage_settings["reseller_requests_per_5_minutes"])
    # The API checks the origin secret before it trusts the viewer-address header CloudFront adds.
    for group in layout.group_names():
        for key, value in edge.origin_verify_environment.items():
            panel.functions[group].add_environment(key, value)
    Alarms(panel, "Alarms", stage=stage, functions=panel.functions,
           queues=_queues(panel, queue_names), dead_letter_queues=_queues(panel, queue_names, suffix="-dlq"),
           api=panel.api, api_stage=panel.api.deployment_stage.stage_name,
           provider_low_balance=float(get_settings().provider_low_balance_usd), pipe_name=stateful.pipe_name,
           web_acl_metric_name=waf.metric_name(stage, "acl"), alarm_email=stage_settings.get("alarm_email"))
    add_probe_stacks(app, stage=stage, code=lambda: lambda_.Code.from_asset(str(bundle.app_zip)),
                     dependencies=lambda: lambda_.Code.from_asset(str(bundle.layer_zip)),
                     handler="app.probe_availability", site_url=env["PANEL_SITE_URL"],
                     report=ProbeReport(table_name=table_name, table_region=home_region))
    return app


if __name__ == "__main__":
    build(cdk.App().node.try_get_context("stage") or "dev").synth()
