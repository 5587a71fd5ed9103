"""Tests share code through tests/support/ only: no test module imports another test module
(`test_*.py`, a conftest) or a private (`_name`) helper of another module."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _module_of(path: Path) -> str:
    return ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)


def _absolute(module: str | None, level: int, importer: str) -> str:
    """The absolute name of `from <level dots><module> import ...` written in `importer`."""
    if level == 0:
        return module or ""
    package = importer.split(".")[:-level]
    return ".".join([*package, *([module] if module else [])])


def _is_test_module(name: str) -> bool:
    return any(part.startswith("test_") or part == "conftest" for part in name.split("."))


def violations(source: str, importer: str) -> list[str]:
    """What `source` (the module named `importer`) imports against the rule, one line each."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names
                      if a.name.split(".")[0] == "tests" and _is_test_module(a.name)]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node.module, node.level, importer)
            if module.split(".")[0] != "tests":
                continue
            for alias in node.names:
                if _is_test_module(module) or _is_test_module(f"{module}.{alias.name}"):
                    found.append(f"{node.lineno}: from {module} import {alias.name} (a test module)")
                elif alias.name.startswith("_"):
                    found.append(f"{node.lineno}: from {module} import {alias.name} (a private helper)")
    return found


def test_no_test_imports_another_test_module_or_a_private_helper() -> None:
    found = {}
    for path in sorted(TESTS.rglob("*.py")):
        bad = violations(path.read_text(), _module_of(path))
        if bad:
            found[str(path.relative_to(TESTS.parent))] = bad
    assert found == {}, "move what tests share into tests/support/"


def test_the_check_finds_each_kind_of_forbidden_import() -> None:
    source = ("from tests.api.test_orders_api import LINK\n"
              "from tests.api import test_orders_api\n"
              "import tests.integration.test_paging\n"
              "from .test_sessions import PASSWORD\n"
              "from tests.support.accounts import _private\n"
              "from tests.api.conftest import Browserish\n"
              "from tests.support.accounts import customer\n"
              "from tests.support import mail\n"
              "from chalicelib.store import _private_ok_outside_tests\n")
    found = violations(source, "tests.api.test_x")
    assert [line.split(":")[0] for line in found] == ["1", "2", "3", "4", "5", "6"], found
