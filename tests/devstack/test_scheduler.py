from datetime import UTC, datetime

import pytest

from devstack.scheduler import next_run

T = datetime(2026, 11, 20, 10, 7, tzinfo=UTC)  # a Friday


@pytest.mark.parametrize(("expression", "expected"), [
    ("rate(5 minutes)", datetime(2026, 11, 20, 10, 12, tzinfo=UTC)),
    ("rate(1 hour)", datetime(2026, 11, 20, 11, 7, tzinfo=UTC)),
    ("cron(15 3 * * ? *)", datetime(2026, 11, 21, 3, 15, tzinfo=UTC)),
    ("cron(0 9 ? * MON-FRI *)", datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),
    ("cron(0 9 ? * 2 *)", datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),  # AWS 2 = Monday
])
def test_eventbridge_expressions(expression: str, expected: datetime) -> None:
    assert next_run(expression, T) == expected


def test_garbage_is_refused() -> None:
    with pytest.raises(ValueError, match="not a schedule expression"):
        next_run("every tuesday", T)
