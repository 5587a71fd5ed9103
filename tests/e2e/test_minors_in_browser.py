"""Staff flag a customer as under 18 from the admin console (P7): a confirmation names what
cannot be undone, the refund task appears on the tasks page and staff resolve it with a note."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chalicelib.domain.staff_tasks import TaskStatus, minor_refund_task_id
from chalicelib.store import ledger, users
from chalicelib.store import staff_tasks as task_store
from tests.support.accounts import customer, email_of
from tests.support.browser import sign_in_as_new_staff

pytestmark = pytest.mark.e2e


@pytest.mark.promise("P7")
def test_staff_flag_a_customer_as_under_18_and_resolve_the_refund_task(page) -> None:
    user_id = customer("7.25")
    email = email_of(user_id)
    sign_in_as_new_staff(page)
    page.goto(f"/admin/users?email={email}")
    expect(page.locator("#user-balance")).to_have_text("$7.25")

    page.click("#minor-form button[type=submit]")          # no reason: refused in the page
    expect(page.locator("#minor-error")).to_have_text("Write why you believe this customer is under 18.")
    page.fill("#minor-reason", "Said in a ticket that they are 16")
    page.press("#minor-reason", "Enter")                    # the keyboard works as the click does
    confirm = page.locator("#minor-confirm")
    expect(confirm).to_contain_text("This cannot be undone.")
    expect(confirm).to_contain_text("Its balance of $7.25 stays; a task is opened to refund it.")
    expect(page.locator("#minor-confirm-yes")).to_be_focused()
    page.click("#minor-confirm-no")                          # cancelling changes nothing
    assert users.get(user_id).email == email  # type: ignore[union-attr]

    page.click("#minor-form button[type=submit]")
    page.click("#minor-confirm-yes")
    expect(page.locator("#minor-result")).to_contain_text(f"Account {user_id} is closed and its personal data erased.")
    assert users.get(user_id).email == ""  # type: ignore[union-attr]
    assert ledger.account(user_id).closed  # type: ignore[union-attr]

    page.click("#minor-task-link")
    expect(page.locator("h1")).to_have_text("Tasks")
    task_id = minor_refund_task_id(user_id)
    row = page.locator("#tasks-table tr", has=page.locator(f"#resolve-{task_id}"))
    expect(row).to_contain_text(f"Refund the remaining withdrawable balance of $7.25 of account {user_id}")
    expect(row).to_contain_text("$7.25")
    page.click(f"#resolve-{task_id} button")                  # an empty note is refused
    expect(page.locator("#form-error")).to_be_visible()
    page.fill(f"#note-{task_id}", "Refunded $7.25 to the card")
    page.press(f"#note-{task_id}", "Enter")
    expect(page.locator("#resolved-tasks-table")).to_contain_text("Refunded $7.25 to the card")
    expect(page.locator(f"#resolve-{task_id}")).to_have_count(0)
    task = task_store.get(task_id)
    assert task is not None and task.status == TaskStatus.RESOLVED
    assert page.errors == []
