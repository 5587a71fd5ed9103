"""`panel sla credits --input FILE`, run as the real command in a subprocess on JSON files:
the month's availability and credits as the last line (S1-S5, S11), and clear refusals of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ops.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def panel(path: Path | str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ops.cli", "--stage", "test", "sla", "credits", "--input", str(path)],
                          cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=60, check=False)


def run_on(tmp_path: Path, document: Any) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "month.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return panel(path)


def run_in_process(tmp_path: Path, document: Any) -> Result:
    """The same command through click in this process: cheaper for the long list of refusals."""
    path = tmp_path / "month.json"
    path.write_text(json.dumps(document))
    return CliRunner().invoke(cli, ["--stage", "test", "sla", "credits", "--input", str(path)])


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def outage(start: str, minutes: int, monitors: tuple[str, ...] = ("m-eu", "m-us")) -> list[dict[str, Any]]:
    first = datetime.fromisoformat(start).replace(tzinfo=UTC)
    return [{"monitor": m, "at": iso(first + timedelta(minutes=n, seconds=10 + i)), "ok": False}
            for n in range(minutes) for i, m in enumerate(monitors)]


def example() -> dict[str, Any]:
    """October 2026 (31 days, 44,640 minutes) with every kind of outage; 500 minutes of downtime."""
    probes = [
        *outage("2026-09-30T23:58", 5),               # crosses into October: 5 in all, 3 of them in October
        *outage("2026-10-05T10:00", 497),             # 497
        *outage("2026-10-12T03:00", 30),              # inside maintenance: 0
        *outage("2026-10-14T08:00", 4),               # shorter than 5 minutes: 0
        *outage("2026-10-20T08:00", 60, ("m-eu", "m-eu2")),  # one location (two monitors there): 0
        {"monitor": "m-us", "at": "2026-10-21T00:00:00Z", "ok": True},
    ]
    return {
        "month": "2026-10",
        "monitors": [{"id": "m-eu", "location": "eu-west"}, {"id": "m-eu2", "location": "eu-west"},
                     {"id": "m-us", "location": "us-east"}],
        "probes": probes,
        "maintenance": [{"start": "2026-10-12T02:59:30Z", "end": "2026-10-12T03:30:00Z"}],
        "accounts": [
            {"id": "u1", "plan": "paid", "first_response_breaches": 12, "top_ups": [
                {"amount": "100.00", "at": "2026-10-01T00:00:00Z", "bonus": False},
                {"amount": "20.00", "at": "2026-10-31T23:59:59Z", "bonus": "2.00"},   # bonus on top: 20.00 counts
                {"amount": "300.00", "at": "2026-10-09T00:00:00Z", "bonus": True},    # bonus funds: nothing
                {"amount": "500.00", "at": "2026-11-01T00:00:00Z", "bonus": False},   # November
                {"amount": "500.00", "at": "2026-09-30T23:59:59Z"},                   # September
            ]},
            {"id": "u2", "plan": "paid", "first_response_breaches": 9,
             "top_ups": [{"amount": 5000, "at": "2026-10-10T10:00:00+02:00", "bonus": 0}]},
            {"id": "t1", "plan": "trial", "first_response_breaches": 30,
             "top_ups": [{"amount": "50.00", "at": "2026-10-10T10:00:00Z", "bonus": True}]},
        ],
    }


@pytest.mark.promise("S1", "S2", "S3", "S4", "S5", "S11")
def test_the_last_line_is_the_months_availability_and_credits(tmp_path: Path) -> None:
    result = run_on(tmp_path, example())
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert json.loads(last) == {
        "month": "2026-10", "minutes": 44640, "downtime_minutes": 500,
        "availability_percent": "98.880",  # 100 x 44,140 / 44,640 = 98.87992...
        "credits": {
            "u1": {"availability": "1.20", "first_response": "1.00", "total": "2.20"},   # 1% of 120.00; 12 breaches
            "u2": {"availability": "10.00", "first_response": "0.00", "total": "10.00"},  # 1% of 5,000 capped
            "t1": {"availability": "0.00", "first_response": "0.00", "total": "0.00"},    # trial
        },
    }
    assert list(json.loads(last)) == ["month", "minutes", "downtime_minutes", "availability_percent", "credits"]


def test_the_input_can_come_from_stdin(tmp_path: Path) -> None:
    document = example() | {"month": "2026-09", "accounts": []}
    result = panel("-", stdin=json.dumps(document))
    assert result.returncode == 0, result.stderr
    # September has 2 minutes of the run crossing into October: it counts them (the run is 5 long)
    assert json.loads(result.stdout.splitlines()[-1]) == {
        "month": "2026-09", "minutes": 43200, "downtime_minutes": 2, "availability_percent": "99.995", "credits": {}}


def _broken(change: Any) -> dict[str, Any]:
    document = example()
    change(document)
    return document


def _set(path: str, value: Any) -> Any:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value
    return change


@pytest.mark.parametrize(("change", "message"), [
    (_set("probes.0.monitor", "m-ghost"), "probes[0].monitor: unknown monitor 'm-ghost'"),
    (_set("probes.0.at", "2026-10-01T00:00:00"), "probes[0].at: '2026-10-01T00:00:00' has no time zone"),
    (lambda d: d.pop("maintenance"), "the input: is missing 'maintenance'"),
])
def test_bad_input_exits_2_with_a_message_on_stderr_and_prints_nothing(tmp_path: Path, change: Any,
                                                                        message: str) -> None:
    result = run_on(tmp_path, _broken(change))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {message}")


@pytest.mark.parametrize(("change", "message"), [
    (_set("month", "2026-13"), "month:"),
    (_set("month", 202610), "month:"),
    (_set("probes.0.at", "2026-10-01T00:00:00"), "probes[0].at: '2026-10-01T00:00:00' has no time zone"),
    (_set("probes.0.at", "yesterday"), "probes[0].at: 'yesterday' is not an ISO 8601"),
    (_set("probes.0.ok", "false"), "probes[0].ok: must be true or false"),
    (_set("maintenance.0.end", "2026-10-12T02:59:30Z"), "maintenance[0]: must end after it starts"),
    (_set("accounts.0.first_response_breaches", -1), "accounts[0].first_response_breaches"),
    (_set("accounts.0.first_response_breaches", True), "accounts[0].first_response_breaches"),
    (_set("accounts.0.plan", "free"), "accounts[0].plan: must be \"paid\" or \"trial\""),
    (_set("accounts.0.top_ups.0.amount", "-5"), "accounts[0].top_ups[0].amount"),
    (_set("accounts.0.top_ups.0.amount", "ten"), "accounts[0].top_ups[0].amount"),
    (_set("accounts.0.top_ups.0.bonus", "yes"), "accounts[0].top_ups[0].bonus"),
    (_set("accounts.2.top_ups.0.bonus", False), "accounts[2].plan: is \"trial\" but the account has a paid top-up"),
    (_set("accounts.1.id", "u1"), "accounts[1].id: account 'u1' is listed twice"),
    (_set("monitors.1.id", "m-eu"), "monitors[1].id: monitor 'm-eu' is listed twice"),
    (_set("maintenance.0.kind", "scheduled"), "maintenance[0]: has unknown key(s) 'kind'"),
    (lambda d: d.pop("maintenance"), "the input: is missing 'maintenance'"),
    (lambda d: d.update(maintenace=[]), "the input: has unknown key(s) 'maintenace'"),
    (_set("probes", {}), "probes: must be a JSON list"),
])
def test_each_refusal_names_the_field(tmp_path: Path, change: Any, message: str) -> None:
    result = run_in_process(tmp_path, _broken(change))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


@pytest.mark.parametrize("text", ["", "{\"month\": \"2026-10\"", "[1, 2]"])
def test_malformed_json_exits_2_and_prints_nothing(tmp_path: Path, text: str) -> None:
    result = run_on(tmp_path, text)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("error: ")


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = panel(tmp_path / "absent.json")
    assert (result.returncode, result.stdout) == (2, "")
    assert "absent.json" in result.stderr
