"""The stage's one CloudWatch dashboard: the watched metrics grouped by what they are about
(API, functions, queues, the order outbox pipe, business metrics, WAF), and every alarm's
state on top, so the first screen answers "is anything wrong, and where"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

FULL_WIDTH = 24


@dataclass(frozen=True)
class Section:
    """A titled row of graphs, each a title and its metrics; `thresholds` draws an alarm's
    line on a graph (by its title), for example the low-balance line under the balances."""

    title: str
    graphs: Sequence[tuple[str, Sequence[cloudwatch.IMetric]]]
    thresholds: Mapping[str, float] = field(default_factory=dict)


def _graph(section: Section, title: str, metrics: Sequence[cloudwatch.IMetric], width: int) -> cloudwatch.GraphWidget:
    threshold = section.thresholds.get(title)
    return cloudwatch.GraphWidget(
        title=title, left=list(metrics), width=width,
        left_annotations=[cloudwatch.HorizontalAnnotation(value=threshold, label="alarm threshold")]
        if threshold is not None else None)


def build_dashboard(scope: Construct, construct_id: str, *, name: str, sections: Sequence[Section],
                    alarms: Sequence[cloudwatch.IAlarm]) -> cloudwatch.Dashboard:
    dashboard = cloudwatch.Dashboard(scope, construct_id, dashboard_name=name)
    dashboard.add_widgets(cloudwatch.AlarmStatusWidget(title="Alarms", alarms=list(alarms), width=FULL_WIDTH))
    for section in sections:
        width = FULL_WIDTH // len(section.graphs)
        dashboard.add_widgets(cloudwatch.TextWidget(markdown=f"## {section.title}", width=FULL_WIDTH, height=1))
        dashboard.add_widgets(*(_graph(section, title, metrics, width) for title, metrics in section.graphs))
    return dashboard
