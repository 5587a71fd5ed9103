"""Errors map to HTTP statuses by class hierarchy (api/http.py `status_of`): a subclass answers
like its nearest mapped ancestor, and a refusal nobody mapped is a loud 500, never a quiet 400."""

from __future__ import annotations

import importlib
import json
import logging
import pkgutil

import pytest

import chalicelib
from chalicelib.api.http import STATUS_BY_ERROR, error_response, status_of
from chalicelib.domain import errors


def make(cls: type[errors.DomainError]) -> errors.DomainError:
    if issubclass(cls, errors.TooManyRequests):
        return cls("slow down", retry_after_seconds=7)
    if issubclass(cls, errors.NotEnoughFunds):
        return cls()
    return cls("refused", fields={"x": "invalid"})


@pytest.mark.parametrize(("parent", "status"), list(STATUS_BY_ERROR.items()), ids=lambda v: str(v))
def test_a_fresh_subclass_answers_like_its_parent(parent: type[errors.DomainError], status: int) -> None:
    child = type(f"Fresh{parent.__name__}", (parent,), {})
    grandchild = type(f"Fresher{parent.__name__}", (child,), {"code": "fresher"})
    for cls in (parent, child, grandchild):
        exc = make(cls)
        response = error_response(exc)
        assert response.status_code == status, cls
        assert response.body["code"] == exc.code and response.body["error"] == exc.message
    if issubclass(parent, errors.TooManyRequests):
        assert error_response(make(grandchild)).headers["Retry-After"] == "7"


def test_the_nearest_mapped_ancestor_wins() -> None:
    both = type("GoneAndConflicting", (errors.NotFound, errors.Conflict), {})
    assert status_of(both("x")) == 404
    conflict_first = type("ConflictingAndGone", (errors.Conflict, errors.NotFound), {})
    assert status_of(conflict_first("x")) == 409


def test_an_unmapped_refusal_is_a_logged_500_not_a_400(caplog: pytest.LogCaptureFixture) -> None:
    stray = type("Stray", (errors.DomainError,), {"code": "stray"})
    assert status_of(stray("secret detail")) is None
    with caplog.at_level(logging.ERROR):
        response = error_response(stray("secret detail"))
    assert response.status_code == 500
    assert response.body["code"] == "internal_error" and "secret detail" not in json.dumps(response.body)
    [logged] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged.error == "Stray"  # type: ignore[attr-defined]
    assert status_of(type("Sloppy", (errors.InvalidInput,), {})("x")) == 400  # 400 only through InvalidInput


def _all_subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


def test_every_refusal_the_product_defines_has_a_status() -> None:
    for module in pkgutil.walk_packages(chalicelib.__path__, "chalicelib."):
        importlib.import_module(module.name)
    ours = {c for c in _all_subclasses(errors.DomainError) if c.__module__.startswith("chalicelib.")}
    assert {c.__name__ for c in ours} >= {"InvalidApiKey", "IdempotencyMismatch", "NotFound"}
    unmapped = sorted(c.__qualname__ for c in ours if status_of(make(c)) is None)
    assert unmapped == []


def test_the_refusals_that_had_no_class_of_their_own() -> None:
    from chalicelib.services.api_keys import InvalidApiKey
    from chalicelib.services.orders import IdempotencyMismatch

    assert status_of(IdempotencyMismatch("reused")) == 400
    assert status_of(InvalidApiKey("Invalid API key")) == 401
