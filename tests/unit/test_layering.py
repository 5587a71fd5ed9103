"""The layers' boundaries (docs/architecture.md), checked on the source.

- api/, jobs/ and services/ reach DynamoDB only through the store's named reads and writes:
  they never import store.keys (key patterns) or store.dynamo (the client and raw items).
- api/ handlers and the operator CLI reach data only through services: they import no store
  module at all (http.py may name the session record and account snapshot types it resolves).
- domain/ is pure: no AWS SDK, no store, adapters, services, settings or logging of ours,
  no randomness, threads or OS access, and no clock (the caller passes the time in).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"

STORE_INTERNALS = ("chalicelib.store.keys", "chalicelib.store.dynamo")

# Modules that still import a store internal because another change restructures them at
# the same time; each entry is to be removed once that change has landed. Keep it empty.
KNOWN_STORE_INTERNAL_IMPORTERS: frozenset[str] = frozenset()

DOMAIN_FORBIDDEN = (
    "boto3", "botocore", "requests", "stripe",
    "chalicelib.store", "chalicelib.adapters", "chalicelib.services", "chalicelib.api", "chalicelib.jobs",
    "chalicelib.settings", "chalicelib.observability",
    "os", "random", "secrets", "time", "threading", "uuid", "socket", "subprocess",
)

# The request context carries the session record and account snapshot it resolved: types only.
HANDLER_STORE_TYPES = {"http.py": {"chalicelib.store.ledger", "chalicelib.store.sessions"}}

CLOCK_READS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
               ("time", "time"), ("time", "monotonic"), ("time", "perf_counter"), ("time", "time_ns")}


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(CHALICELIB.parent).with_suffix("").parts)


def imported(source: str) -> set[str]:
    """Every module a source imports, `from a import b` counted as both `a` and `a.b`."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def clock_reads(source: str) -> list[str]:
    """Calls such as datetime.now(), date.today() or time.monotonic()."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(
                owner, ast.Attribute) else None
            if (owner_name, node.func.attr) in CLOCK_READS:
                found.append(f"{owner_name}.{node.func.attr}() on line {node.lineno}")
    return found


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _modules(*layers: str) -> list[Path]:
    return sorted(p for layer in layers for p in (CHALICELIB / layer).rglob("*.py"))


def store_internal_imports() -> dict[str, list[str]]:
    found = {}
    for path in _modules("api", "jobs", "services"):
        bad = sorted(n for n in imported(path.read_text()) if _within(n, STORE_INTERNALS))
        if bad:
            found[_module_name(path)] = bad
    return found


def test_handlers_jobs_and_services_never_import_store_internals() -> None:
    found = store_internal_imports()
    unexpected = {m: names for m, names in found.items() if m not in KNOWN_STORE_INTERNAL_IMPORTERS}
    assert unexpected == {}, "use a named read or write of the store module instead"


def test_the_known_exceptions_are_still_exceptions() -> None:
    """An entry that no longer imports a store internal must leave the list."""
    assert set(store_internal_imports()) >= KNOWN_STORE_INTERNAL_IMPORTERS


@pytest.mark.parametrize("path", [*_modules("api"), CHALICELIB.parent / "ops" / "cli.py"], ids=lambda p: p.name)
def test_handlers_and_the_cli_reach_the_store_only_through_services(path: Path) -> None:
    allowed = HANDLER_STORE_TYPES.get(path.name, set())
    reached = {n for n in imported(path.read_text())
               if _within(n, ("chalicelib.store",)) and n not in allowed and n.rsplit(".", 1)[0] not in allowed}
    assert reached == set()


def test_the_admin_console_calls_services_not_dispatch_internals() -> None:
    modules = imported((CHALICELIB / "api" / "admin.py").read_text())
    assert "chalicelib.services.dispatch" not in modules and "chalicelib.services.ledger" not in modules


@pytest.mark.parametrize("path", _modules("domain"), ids=lambda p: p.name)
def test_the_domain_imports_no_io_and_reads_no_clock(path: Path) -> None:
    source = path.read_text()
    forbidden = sorted(n for n in imported(source) if _within(n, DOMAIN_FORBIDDEN))
    assert forbidden == [] and clock_reads(source) == []


def test_the_checks_see_what_they_look_for() -> None:
    source = ("import os\nfrom datetime import date\nfrom chalicelib.store import keys\n"
              "def f():\n    return date.today(), datetime.datetime.now(UTC)\n")
    assert {"os", "chalicelib.store.keys"} <= imported(source)
    assert clock_reads(source) == ["date.today() on line 5", "datetime.now() on line 5"]
    assert _within("chalicelib.store.keys", STORE_INTERNALS)
    assert not _within("chalicelib.store.keystone", STORE_INTERNALS)
    assert not _within("ossify", DOMAIN_FORBIDDEN)
