"""`panel sla due`: the first-response deadline of a ticket created at a given moment (S8),
and clear refusals of bad input."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from ops.cli import cli


def _panel(*args: str) -> Result:
    # --stage test: the group applies the stage's environment, which the test session already uses
    return CliRunner().invoke(cli, ["--stage", "test", "sla", "due", *args])


@pytest.mark.promise("S8")
def test_panel_sla_due_prints_the_deadline_alone() -> None:
    result = _panel("--created", "2023-05-05T18:30:00Z", "--priority", "high")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2023-05-11T17:00:00Z\n"
    result = _panel("--created", "2023-05-05T19:30:00+01:00", "--priority", "standard")
    assert result.stdout == "2023-05-17T17:00:00Z\n"


@pytest.mark.parametrize("args", [
    ["--created", "yesterday", "--priority", "high"],
    ["--created", "2023-05-05T18:30:00", "--priority", "high"],  # no zone: refused, not guessed
    ["--created", "2023-05-05T18:30:00Z", "--priority", "urgent"],
    ["--priority", "high"],
])
def test_panel_sla_due_rejects_bad_input_with_exit_code_2(args: list[str]) -> None:
    result = _panel(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
