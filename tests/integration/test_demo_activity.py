"""`make run`'s demo activity: the demo customer's first orders (one canceled and refunded at
once) and tickets (one answered, one closed), made once."""

from __future__ import annotations

from decimal import Decimal

from chalicelib.domain.accounts import Role
from chalicelib.domain.orders import OrderFilter, OrderStatus
from chalicelib.services import accounts, orders
from chalicelib.services.tickets import customer as customer_tickets
from devstack.seed import DEMO_ORDERS, seed_activity
from tests.support.accounts import customer
from tests.support.ledger import balance


def test_the_demo_customer_gets_orders_and_tickets_once(panel) -> None:
    demo = customer("50.00")
    admin, _password, _secret = accounts.create_staff(f"admin-{demo}@example.com", Role.ADMIN)
    seed_activity(demo, admin.user_id)
    placed, _ = orders.list_for_user(demo, OrderFilter(), limit=20)
    assert len(placed) == len(DEMO_ORDERS)
    statuses = sorted(o.status for o in placed)
    assert statuses.count(OrderStatus.CANCELED) == 1 and statuses.count(OrderStatus.PENDING) == len(DEMO_ORDERS) - 1
    charged = sum((o.charge for o in placed if o.status != OrderStatus.CANCELED), Decimal(0))
    assert balance(demo) == Decimal("50.00") - charged  # the canceled one refunded in full
    tickets = customer_tickets.tickets_of(demo)
    assert sorted(t.status for t in tickets) == ["answered", "closed"]

    seed_activity(demo, admin.user_id)  # a second `make run` adds nothing
    assert len(orders.list_for_user(demo, OrderFilter(), limit=20)[0]) == len(DEMO_ORDERS)
    assert len(customer_tickets.tickets_of(demo)) == 2
