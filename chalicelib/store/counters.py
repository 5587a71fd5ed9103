"""Integer ids from atomic counters (orders, services, providers, refills)."""

from __future__ import annotations

from chalicelib.store import dynamo, keys


def next_id(name: str) -> int:
    """The next id; a failed write after allocation leaves a gap, never a duplicate."""
    updated = dynamo.update(keys.counter(name), "ADD #v :one", names={"#v": "value"}, returning="UPDATED_NEW", one=1)
    assert updated is not None
    return int(updated["value"])
