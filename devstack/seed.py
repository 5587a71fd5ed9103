"""Demo data for the local stack, created once: a demo customer, a local admin and the three
local probe monitors.

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
from chalicelib.services import accounts, catalog, ledger, monitoring
from chalicelib.store import catalog as catalog_store
from chalicelib.store import users
from devstack.provider_sim import API_KEY as SIMULATOR_KEY
from devstack.scheduler import LOCAL_PROBES
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
        catalog.import_services(provider.provider_id)
    seed_monitors()
    return {"demo": {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}, "admin": admin}


def seed_monitors() -> None:
    """The local scheduler's three probe monitors (devstack/scheduler.py), registered once."""
    for monitor_id, location in LOCAL_PROBES:
        with contextlib.suppress(Conflict):
            monitoring.register(monitor_id, location, MonitorKind.PROBE)
