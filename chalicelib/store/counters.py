"""Integer ids from atomic counters (orders, services, providers, refills)."""

from __future__ import annotations

import threading

from chalicelib.store import dynamo, keys


def next_id(name: str) -> int:
    """The next id; a failed write after allocation leaves a gap, never a duplicate."""
    return _reserve(name, 1)


def _reserve(name: str, count: int) -> int:
    """Reserve `count` ids at once; returns the last of them."""
    updated = dynamo.update(keys.counter(name), "ADD #v :n", names={"#v": "value"}, returning="UPDATED_NEW", n=count)
    assert updated is not None
    return int(updated["value"])


class IdBlocks:
    """Ids handed out from blocks reserved in one write, so a busy path (orders) pays the
    counter's round trip once per block. Ids stay unique and increase within a process;
    across processes they interleave, and a process that ends leaves its unused ids as gaps."""

    def __init__(self, name: str, block: int) -> None:
        self.name, self.block = name, block
        self._next = self._last = 0
        self._table = ""
        self._lock = threading.Lock()

    def next_id(self) -> int:
        with self._lock:
            if self._next == 0 or self._next > self._last or self._table != dynamo.table_name():
                self._table = dynamo.table_name()  # a block belongs to the table it came from
                self._last = _reserve(self.name, self.block)
                self._next = self._last - self.block + 1
            allocated = self._next
            self._next += 1
            return allocated
