"""CloudFormation export names that operator tools look up (ops/site.py).

Exports are unique per account and region, so `panel --stage dev site publish` finds the site
bucket and the distribution by the stage alone, whatever the stack holding them is called.
No stack imports them.
"""

from __future__ import annotations


def site_bucket_export(stage: str) -> str:
    return f"smm-panel-{stage}-site-bucket"


def distribution_export(stage: str) -> str:
    return f"smm-panel-{stage}-distribution-id"
