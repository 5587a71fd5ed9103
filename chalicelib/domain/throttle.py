"""Fixed-window throttling rules (the counters live in the store)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    seconds: int
    limit: int

    def start(self, epoch_seconds: int) -> int:
        return epoch_seconds - epoch_seconds % self.seconds

    def retry_after(self, epoch_seconds: int) -> int:
        return self.start(epoch_seconds) + self.seconds - epoch_seconds

    def exceeded(self, count: int) -> bool:
        return count >= self.limit
