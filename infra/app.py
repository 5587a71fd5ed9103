"""CDK entry point: `cdk synth -c stage=dev` (run from infra/ with the project's .venv)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aws_cdk as cdk  # noqa: E402

from devstack.stack import stage_environment  # noqa: E402
from infra.stacks import StatefulStack  # noqa: E402


def build(stage: str) -> cdk.App:
    env = stage_environment(stage)
    os.environ.update({k: v for k, v in env.items() if k.startswith("PANEL_")})
    from devstack.handlers import load_app, sqs_handlers

    app = cdk.App()
    StatefulStack(app, f"smm-panel-{stage}-stateful", stage=stage, table_name=env["PANEL_TABLE_NAME"],
                  queue_names=[h.queue for h in sqs_handlers(load_app())],
                  orders_queue_name=env["PANEL_ORDER_QUEUE_NAME"], site_url=env.get("PANEL_SITE_URL"),
                  attachments_bucket_name=env.get("PANEL_ATTACHMENTS_BUCKET"))
    return app


if __name__ == "__main__":
    build(cdk.App().node.try_get_context("stage") or "dev").synth()
