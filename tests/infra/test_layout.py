"""Every route of app.py runs in exactly one route group's function, and every worker and job
has its size: a new blueprint or handler cannot ship without a decision about where it runs."""

from __future__ import annotations

import pytest

from devstack.handlers import load_app, scheduled_handlers, sqs_handlers
from infra import layout


def test_every_route_belongs_to_exactly_one_group() -> None:
    served: dict[str, set[str]] = {group.name: set() for group in layout.ROUTE_GROUPS}
    for path, methods in load_app().routes.items():
        for method, entry in methods.items():
            group = layout.group_of_module(entry.view_function.__module__)
            served[group.name].add(f"{method} {path}")
    # No group is empty: a module listed for a group really has routes there.
    assert all(served.values()), {name: sorted(routes) for name, routes in served.items() if not routes}
    modules = [module for group in layout.ROUTE_GROUPS for module in group.modules]
    assert len(modules) == len(set(modules)), "a blueprint module is listed in two groups"


def test_a_module_in_no_group_is_refused_with_its_name() -> None:
    with pytest.raises(LookupError, match="'brand_new'"):
        layout.group_of_module("chalicelib.api.brand_new")


def test_every_worker_and_job_is_sized_and_named_like_chalice_names_them() -> None:
    app = load_app()
    assert {h.name for h in sqs_handlers(app)} == set(layout.WORKER_TIMEOUT_SECONDS) == set(layout.WORKER_MEMORY_MB)
    for handler in sqs_handlers(app):
        assert layout.visibility_timeout_seconds(handler.name) >= 6 * layout.WORKER_TIMEOUT_SECONDS[handler.name]
    assert scheduled_handlers(app), "app.py schedules jobs"
    assert layout.function_name("dev", "sync_statuses") == "smm-panel-dev-sync_statuses"
    names = {layout.function_name("prod", n) for n in [*layout.group_names(),
                                                      *(h.name for h in sqs_handlers(app)),
                                                      *(h.name for h in scheduled_handlers(app))]}
    assert all(len(name) <= 64 for name in names), "Lambda function names are at most 64 characters"


def test_bcrypt_groups_get_the_memory_a_fast_sign_in_needs() -> None:
    sizes = {group.name: group.memory_mb for group in layout.ROUTE_GROUPS}
    assert sizes["accounts"] == sizes["privacy"] == layout.BCRYPT_MEMORY_MB
    assert all(group.timeout_seconds < 29 for group in layout.ROUTE_GROUPS)
