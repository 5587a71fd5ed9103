"""Short-lived in-process caches of a warm Lambda container.

Each trades a bounded staleness, set in settings, for a DynamoDB round trip per request:
- sessions: a validated session is trusted for `session_cache_seconds` after it was read
  (a sign-out or password change elsewhere takes effect within that time; in this
  container at once);
- catalog: a service, the markup and a user's rates are reused for `catalog_cache_seconds`
  (a price or availability change reaches orders within that time);
- brand: the white-label settings and the logo's bytes, like the catalog;
- accounts: the (sequence, balance) this container last wrote for an account. Never
  trusted blindly: the ledger's versioned write refuses a stale one and reads again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import TTLCache

from chalicelib.settings import get_settings


class Shelf:
    """A thread-safe TTL cache; ttl 0 disables it."""

    def __init__(self, ttl: Callable[[], float], maxsize: int = 10_000) -> None:
        self._ttl = ttl
        self._cache: TTLCache[Hashable, Any] | None = None
        self._lock = threading.Lock()
        self._maxsize = maxsize

    def _store(self) -> TTLCache[Hashable, Any] | None:
        if self._cache is None and self._ttl() > 0:
            self._cache = TTLCache(maxsize=self._maxsize, ttl=self._ttl())
        return self._cache

    def get(self, key: Hashable) -> Any:
        with self._lock:
            store = self._store()
            return store.get(key) if store is not None else None

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            store = self._store()
            if store is not None:
                store[key] = value

    def drop(self, key: Hashable) -> None:
        with self._lock:
            if self._cache is not None:
                self._cache.pop(key, None)

    def drop_where(self, predicate: Callable[[Any], bool]) -> None:
        with self._lock:
            if self._cache is not None:
                for key in [k for k, v in self._cache.items() if predicate(v)]:
                    self._cache.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._cache = None  # also picks up a changed ttl setting


sessions = Shelf(lambda: get_settings().session_cache_seconds)
catalog = Shelf(lambda: get_settings().catalog_cache_seconds)
accounts = Shelf(lambda: 300.0)
api_keys = Shelf(lambda: get_settings().session_cache_seconds)
maintenance = Shelf(lambda: get_settings().maintenance_cache_seconds, maxsize=1)  # the customers' banner
status = Shelf(lambda: get_settings().status_cache_seconds, maxsize=1)  # the public status page
brand = Shelf(lambda: get_settings().catalog_cache_seconds, maxsize=2)  # white-label settings and logo
# Whether staff locked an account, for the API v2 gate: as fresh as a revoked key. Orders of a
# locked account are refused by the ledger's own write, whatever this says.
staff_locks = Shelf(lambda: get_settings().session_cache_seconds)


def clear_all() -> None:
    for shelf in (sessions, catalog, accounts, api_keys, maintenance, status, brand, staff_locks):
        shelf.clear()
