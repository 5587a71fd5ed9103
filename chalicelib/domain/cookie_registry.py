"""The cookie registry (chalicelib/cookie_registry.json): every cookie and browser-storage key
the site or a third party on it sets, with provider, purpose, category, expiry and party (C8).

One file is the single source: the consent banner's preferences tables, the cookie policy page
and `GET /api/cookies` all render it, and a browser test fails on any stored name it does not
list. Its `revision` is the policy revision a consent choice answers: raising it asks every
visitor again (C9).

Pure: `parse` takes the decoded JSON and refuses anything malformed with a message that names
the entry, so a bad edit fails the unit tests and the first request, never silently.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

CATEGORY_IDS = ("necessary", "analytics", "functional", "targeting")
"""The categories of the cookie policy, in the order the banner shows them (C2)."""
NECESSARY = "necessary"
OPTIONAL_CATEGORIES = CATEGORY_IDS[1:]

Storage = Literal["cookie", "localStorage", "sessionStorage"]
Party = Literal["first", "third"]
STORAGES: tuple[Storage, ...] = ("cookie", "localStorage", "sessionStorage")
PARTIES: tuple[Party, ...] = ("first", "third")
ENTRY_FIELDS = frozenset({"name", "pattern", "storage", "provider", "purpose", "category", "expiry", "party"})
CATEGORY_FIELDS = frozenset({"id", "title", "description", "read_only"})


class RegistryError(ValueError):
    """The registry file is malformed; the message says where."""


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    description: str
    read_only: bool


@dataclass(frozen=True)
class Entry:
    """One cookie or storage key; `pattern` entries use `*` as a wildcard (`_ga_*`)."""

    name: str
    pattern: bool
    storage: Storage
    provider: str
    purpose: str
    category: str
    expiry: str
    party: Party

    def matches(self, storage: str, name: str) -> bool:
        if storage != self.storage:
            return False
        return fnmatch.fnmatchcase(name, self.name) if self.pattern else name == self.name


@dataclass(frozen=True)
class Registry:
    revision: int
    categories: tuple[Category, ...]
    entries: tuple[Entry, ...]

    def of_category(self, category: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.category == category)

    def entry_for(self, storage: str, name: str) -> Entry | None:
        """The entry listing a stored name, or None: a name the registry does not list."""
        return next((e for e in self.entries if e.matches(storage, name)), None)


def parse(data: Any) -> Registry:
    """The registry from its decoded JSON, or RegistryError naming what is wrong."""
    if not isinstance(data, Mapping):
        raise RegistryError("the registry must be a JSON object")
    if set(data) != {"revision", "categories", "entries"}:
        raise RegistryError("the registry has exactly the keys revision, categories and entries")
    revision = data["revision"]
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        raise RegistryError("revision must be a whole number of at least 1")
    categories = tuple(_category(raw, i) for i, raw in enumerate(_list(data["categories"], "categories")))
    if tuple(c.id for c in categories) != CATEGORY_IDS:
        raise RegistryError(f"categories must be exactly {', '.join(CATEGORY_IDS)}, in that order")
    if [c.id for c in categories if c.read_only] != [NECESSARY]:
        raise RegistryError("only the necessary category is read-only, and it must be")
    entries = tuple(_entry(raw, i) for i, raw in enumerate(_list(data["entries"], "entries")))
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        if (entry.storage, entry.name) in seen:
            raise RegistryError(f"entry {entry.name!r} ({entry.storage}) is listed twice")
        seen.add((entry.storage, entry.name))
    return Registry(revision, categories, entries)


def _list(value: Any, what: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise RegistryError(f"{what} must be a list")
    return value


def _text(raw: Mapping[str, Any], field: str, where: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(f"{where}: {field} must be non-empty text")
    return value


def _category(raw: Any, index: int) -> Category:
    where = f"category {index}"
    if not isinstance(raw, Mapping) or set(raw) != CATEGORY_FIELDS:
        raise RegistryError(f"{where}: give exactly {', '.join(sorted(CATEGORY_FIELDS))}")
    if not isinstance(raw["read_only"], bool):
        raise RegistryError(f"{where}: read_only must be true or false")
    return Category(_text(raw, "id", where), _text(raw, "title", where), _text(raw, "description", where),
                    raw["read_only"])


def _entry(raw: Any, index: int) -> Entry:
    where = f"entry {index}"
    if not isinstance(raw, Mapping) or set(raw) != ENTRY_FIELDS:
        raise RegistryError(f"{where}: give exactly {', '.join(sorted(ENTRY_FIELDS))}")
    name = _text(raw, "name", where)
    where = f"entry {name!r}"
    if not isinstance(raw["pattern"], bool):
        raise RegistryError(f"{where}: pattern must be true or false")
    if raw["pattern"] != ("*" in name):
        raise RegistryError(f"{where}: a pattern has a '*' in its name, and only a pattern has")
    if raw["storage"] not in STORAGES:
        raise RegistryError(f"{where}: storage must be one of {', '.join(STORAGES)}")
    if raw["category"] not in CATEGORY_IDS:
        raise RegistryError(f"{where}: category must be one of {', '.join(CATEGORY_IDS)}")
    if raw["party"] not in PARTIES:
        raise RegistryError(f"{where}: party must be first or third")
    return Entry(name, raw["pattern"], raw["storage"], _text(raw, "provider", where), _text(raw, "purpose", where),
                 raw["category"], _text(raw, "expiry", where), raw["party"])
