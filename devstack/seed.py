"""Demo data for the local stack, created once: a demo customer, a local admin, the three
local probe monitors, the demo customer's first orders and tickets, and four weeks of other
customers' activity (devstack/seed_history.py) so the pages are not empty on a first visit.

The admin's generated password and TOTP secret are kept in .local/admin.json (ignored by
git) so every `make run` can print them again.
"""

from __future__ import annotations

import contextlib
import json
from decimal import Decimal
from typing import Any

from chalicelib.domain.accounts import Role
from chalicelib.domain.errors import Conflict
from chalicelib.domain.ledger import AlreadyApplied, EntryKind
from chalicelib.domain.monitoring import MonitorKind
from chalicelib.domain.orders import OrderFilter
from chalicelib.services import accounts, catalog, ledger, monitoring, orders
from chalicelib.services.tickets import customer as customer_tickets
from chalicelib.services.tickets import staff as staff_tickets
from chalicelib.store import catalog as catalog_store
from chalicelib.store import users
from devstack.provider_sim import API_KEY as SIMULATOR_KEY
from devstack.scheduler import LOCAL_PROBES
from devstack.seed_history import seed_history
from devstack.stack import LOCAL, LOCAL_DIR

DEMO_BALANCE = Decimal("50")

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password-1"  # noqa: S105 - a published demo credential, local stack only
ADMIN_EMAIL = "admin@example.com"
ADMIN_FILE = LOCAL_DIR / "admin.json"


def seed() -> dict[str, Any]:
    """Create the demo accounts if missing; return the credentials to print."""
    with contextlib.suppress(Conflict):
        accounts.register("demo", DEMO_EMAIL, DEMO_PASSWORD, True)
    admin: dict[str, Any] = json.loads(ADMIN_FILE.read_text()) if ADMIN_FILE.exists() else {}
    if not admin or users.get_by_email(ADMIN_EMAIL) is None:
        user, password, secret = accounts.create_staff(ADMIN_EMAIL, Role.ADMIN, username="admin")
        admin = {"email": ADMIN_EMAIL, "password": password, "totp_secret": secret,
                 "totp_uri": accounts.totp_uri(user)}
        ADMIN_FILE.parent.mkdir(parents=True, exist_ok=True)
        ADMIN_FILE.write_text(json.dumps(admin, indent=2))
        ADMIN_FILE.chmod(0o600)
    demo = users.get_by_email(DEMO_EMAIL)
    assert demo is not None
    with contextlib.suppress(AlreadyApplied):  # once: the entry id is fixed
        ledger.move(demo.user_id, DEMO_BALANCE, EntryKind.MANUAL_ADJUSTMENT, "adjust#demo-seed",
                    reference="seed", staff_id="seed", reason="demo balance")
    if not catalog_store.providers():
        provider = catalog.add_provider("Provider simulator", f"http://127.0.0.1:{LOCAL.provider_port}/api/v2",
                                        SIMULATOR_KEY)
        import_named(provider.provider_id)
    seed_monitors()
    admin_id = users.get_by_email(ADMIN_EMAIL).user_id  # type: ignore[union-attr]
    seed_activity(demo.user_id, admin_id)
    provider = catalog_store.providers()[0]
    seed_history(admin_id, provider, {s.provider_service: s for s in catalog_store.services()
                                      if s.provider_id == provider.provider_id})
    return {"demo": {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}, "admin": admin}


# The demo customer's first orders (service by the simulator's id, link, quantity): placed while
# the worker is still down, so the sweeper sends them about two minutes after `make run` starts
# and the simulator takes them from In progress to Completed over the next minute.
DEMO_ORDERS = [("101", "https://instagram.com/demo.account", 500), ("102", "https://instagram.com/p/demo-post", 2000),
               ("102", "https://instagram.com/p/demo-reel", 1000), ("101", "https://instagram.com/demo.shop", 100)]


def seed_activity(demo_user_id: str, admin_id: str) -> None:
    """Once (while the demo customer has no order): orders, one canceled and refunded at once,
    and two tickets: one answered by the admin, one the customer closed."""
    if orders.list_for_user(demo_user_id, OrderFilter(), limit=1)[0]:
        return
    by_upstream = {s.provider_service: s for s in catalog_store.services()}
    placed = [orders.place(demo_user_id, by_upstream[upstream].service_id, {"link": link, "quantity": quantity})
              for upstream, link, quantity in DEMO_ORDERS if upstream in by_upstream]
    if placed:
        orders.request_cancel(demo_user_id, placed[-1].order_id)
    asked, _ = customer_tickets.open_ticket(
        demo_user_id, "When does my follower order start?", "orders",
        "I ordered followers a minute ago. How long until they start arriving?",
        [placed[0].order_id] if placed else None)
    staff_tickets.reply_as_staff(admin_id, asked.number, "Hello! Followers start within a few minutes and "
                                 "are delivered over the next hour. You can follow progress on the Orders page.")
    done, _ = customer_tickets.open_ticket(demo_user_id, "Question about top-ups", "balance_top_up",
                                           "Which cards do you accept for adding funds?")
    customer_tickets.close_as_customer(demo_user_id, done.number)


def seed_monitors() -> None:
    """The local scheduler's three probe monitors (devstack/scheduler.py), registered once."""
    for monitor_id, location in LOCAL_PROBES:
        with contextlib.suppress(Conflict):
            monitoring.register(monitor_id, location, MonitorKind.PROBE)


def import_named(provider_id: int) -> list[int]:
    """Import every service of a provider and enable each under the provider's own name, as
    staff would name them (imports arrive disabled and unnamed): the demo's and the benches'
    catalog. Returns the imported service ids."""
    imported = catalog.import_services(provider_id).imported
    for service_id in imported:
        service = catalog_store.get_service(service_id)
        if service is not None:
            catalog.change_service(service_id, {"name": service.provider_name or f"Service {service.provider_service}",
                                                "enabled": True})
    return imported
