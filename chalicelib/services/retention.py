"""The daily retention purge: one table of data classes, each swept the same way.

Every entry of `PURGERS` says how to read a class's candidates from a saved position, whose data
each one is, whether it is due (a rule of `domain.retention`) and how to remove it. The sweep:

* asks the hold check first: data under a preservation hold is never purged (L7), however due;
* reads at most `retention_pages_per_run` pages per class, within its share of
  `retention_seconds_per_run` (under the function's timeout), and saves its position after every
  page and where it stops, so a run stopped anywhere (timeout, crash) loses at most a page of
  work, which the next run redoes; every removal is conditional and idempotent, so redoing it
  changes nothing;
* for an ordered sweep, keeps two positions: where the next run continues, and where the next
  pass starts, which never moves past an item that had to be kept (held): once the hold is
  released the next pass reaches it. Held items are re-read once a pass, so they never use up
  the budget of later runs;
* emits one metric per data class (`DataClass.metric`), zero included, so an alarm can tell a
  purge that ran and found nothing from one that did not run.

A new class is one more `Purger` in `PURGERS`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from chalicelib.adapters import attachments as files
from chalicelib.domain import retention as rules
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.retention import DataClass, Decision
from chalicelib.observability import LEDGER_CHAIN_BROKEN, logger, metrics
from chalicelib.services import clock, erasure, holds, minors
from chalicelib.settings import get_settings
from chalicelib.store import financial_purge, purge, ticket_erasure

Item = dict[str, Any]


@dataclass(frozen=True)
class Purger:
    data_class: DataClass
    read: Callable[[datetime, str | None, int], purge.Batch]   # candidates after a position
    owner: Callable[[Item], str | None]                         # whose data it is (for the hold check)
    due: Callable[[Item, datetime], bool]
    remove: Callable[[Item, datetime], purge.Removal]           # conditional, and never under a hold
    # Ordered: candidates come in a stable order and the saved position is a watermark kept
    # across runs. Not ordered (a scan): a finished pass starts again from the beginning.
    ordered: bool


@dataclass
class Tally:
    purged: int = 0
    held: int = 0
    skipped: int = 0     # due when read, changed or gone by the time it was removed
    read: int = 0
    complete: bool = False   # the class's candidates were read to the end in this run

    def as_dict(self) -> dict[str, Any]:
        return {"purged": self.purged, "held": self.held, "skipped": self.skipped, "read": self.read,
                "complete": self.complete}


# --- the data classes ---------------------------------------------------------------------

def _read_login_ips(now: datetime, start: str | None, limit: int) -> purge.Batch:
    return purge.login_ips_due(now.date(), start, limit)


def _strip_login_ip(item: Item, now: datetime) -> purge.Removal:
    return purge.strip_login_ip({"pk": item["pk"], "sk": item["sk"]}, item.get("user_id"))


def _read_closed_tickets(now: datetime, start: str | None, limit: int) -> purge.Batch:
    cutoff = rules.ticket_text_cutoff(now, get_settings().ticket_text_retention_days)
    return purge.closed_tickets_until(cutoff, start, limit)


def _ticket_text_due(item: Item, now: datetime) -> bool:
    return rules.ticket_text_due(item.get("status") == "closed", datetime.fromisoformat(item["updated_at"]), now,
                                 get_settings().ticket_text_retention_days)


def _erase_ticket_text(item: Item, now: datetime) -> purge.Removal:
    outcome, found = ticket_erasure.mark_erased(item, now.isoformat())
    if outcome != purge.Removal.REMOVED:
        return outcome
    bucket = get_settings().attachments_bucket
    for key in sorted(found):
        files.delete(bucket, key)
    ticket_erasure.blank_messages(int(item["number"]))
    return outcome


def _read_expired(now: datetime, start: str | None, limit: int) -> purge.Batch:
    return purge.expired_records(int(now.timestamp()), start, limit)


def _record_owner(item: Item) -> str | None:
    return item.get("user_id") or purge.idempotency_owner(item)


def _delete_expired(item: Item, now: datetime) -> purge.Removal:
    return purge.delete_expired({"pk": item["pk"], "sk": item["sk"]}, int(now.timestamp()), _record_owner(item))


def _read_closed_accounts(now: datetime, start: str | None, limit: int) -> purge.Batch:
    return purge.closed_accounts_until(rules.closed_account_cutoff(now, get_settings().closed_account_grace_days),
                                       start, limit)


def _closed_account_due(item: Item, now: datetime) -> bool:
    return rules.closed_account_due(datetime.fromisoformat(item["closed_at"]), now,
                                    get_settings().closed_account_grace_days)


def _finish_erasure(item: Item, now: datetime) -> purge.Removal:
    """Run the (idempotent) erasure again: orders that ended since get their links blanked.
    The account leaves the list once no order of it is still running; until then every pass
    comes back to it."""
    user_id = str(item["user_id"])
    try:
        done = erasure.erase(user_id, reason="retention: finishing the erasure of a closed account")
    except Conflict:
        return purge.Removal.HELD      # a hold placed since the sweep asked
    except NotFound:
        return purge.Removal.UNCHANGED
    if done.orders_still_open:
        return purge.Removal.UNCHANGED
    minors.refund_what_arrived_later(user_id)   # money refunded to a minor's account since it closed
    return purge.finish_closed_account(user_id, now)


def _read_consent_records(now: datetime, start: str | None, limit: int) -> purge.Batch:
    return purge.typed_records(("consent",), "at", rules.consent_cutoff(now).isoformat(), start, limit)


def _read_pending_uploads(now: datetime, start: str | None, limit: int) -> purge.Batch:
    return purge.pending_uploads_until(rules.upload_cutoff(now), start, limit)


def _delete_unattached(item: Item, now: datetime) -> purge.Removal:
    """Drop the upload's claim (conditionally: a message that took the file meanwhile keeps it),
    then the file. A run stopped between the two leaves the file under the uploader's prefix,
    which the account's erasure deletes."""
    outcome = purge.drop_pending_upload(str(item["object_key"]), item.get("user_id"))
    if outcome == purge.Removal.REMOVED:
        files.delete(get_settings().attachments_bucket, str(item["object_key"]))
    return outcome


def _read_audit_log(now: datetime, start: str | None, limit: int) -> purge.Batch:
    before = rules.years_later(now.date(), -rules.PROOF_YEARS).isoformat()
    return purge.typed_records(("audit",), "at", before, start, limit)


def _audit_owner(item: Item) -> str | None:
    kind, _, ident = str(item.get("subject", "")).partition(":")
    return ident if kind == "user" and ident else None


# Financial records: orders, refills and top-ups one by one; an account (its user item) stands
# for its ledger entries, removed oldest first behind the checkpoint (store/financial_purge.py).

def _financial_cutoff(now: datetime) -> date:
    return rules.financial_cutoff(now.date(), rules.parse_year_end(get_settings().accounting_year_end))


def _read_financial(now: datetime, start: str | None, limit: int) -> purge.Batch:
    return purge.typed_records(financial_purge.RECORD_TYPES, "created_at", f"{_financial_cutoff(now)}\uffff",
                               start, limit)


def _removable_entries(user_id: str, now: datetime) -> list[Item]:
    """The account's ledger entries that may go now, in sequence: the next ones after the
    checkpoint, past their period, stopping before a gap, before any entry of an order still
    running (its refund, when it comes, must find the ledger as it was), and before an entry
    that does not follow on from the balance before it: a broken chain is an error for people
    to look at (`LedgerChainBroken`), and removing it would hide it from the ledger audit."""
    checkpoint = financial_purge.carried(user_id)
    if checkpoint is None:
        return []
    carried, balance = checkpoint
    removable = []
    for entry in financial_purge.entries_until(user_id, _financial_cutoff(now)):
        seq = int(entry["seq"])
        if seq <= carried:
            continue
        reference = str(entry.get("reference") or "")
        running = reference.startswith("order:") and not financial_purge.order_is_final(int(reference[6:]))
        if seq != carried + 1 or running:
            break
        if Decimal(entry["balance_after"]) - Decimal(entry["amount"]) != balance:
            logger.error("ledger chain broken: entries kept", extra={"user_id": user_id, "seq": seq})
            metrics.add_metric(name=LEDGER_CHAIN_BROKEN, unit="Count", value=1)
            break
        removable.append(entry)
        carried, balance = seq, Decimal(entry["balance_after"])
    return removable


def _financial_due(item: Item, now: datetime) -> bool:
    if item["type"] == "user":
        return bool(_removable_entries(str(item["user_id"]), now))
    year_end = rules.parse_year_end(get_settings().accounting_year_end)
    days = [datetime.fromisoformat(item[name]).date() for name in ("created_at", "updated_at") if item.get(name)]
    return financial_purge.is_final(item) and all(rules.financial_record_due(day, now.date(), year_end)
                                                  for day in days)


def _remove_financial(item: Item, now: datetime) -> purge.Removal:
    if item["type"] != "user":
        return financial_purge.delete_final(item)
    outcome = purge.Removal.UNCHANGED
    for entry in _removable_entries(str(item["user_id"]), now):
        step = financial_purge.carry_forward(entry)
        if step != purge.Removal.REMOVED:
            return outcome if outcome == purge.Removal.REMOVED else step
        outcome = step
    return outcome


PURGERS: tuple[Purger, ...] = (
    Purger(DataClass.LOGIN_IPS, _read_login_ips, owner=lambda item: item.get("user_id"),
           due=lambda item, now: rules.login_ip_due(date.fromisoformat(item["ip_purge_after"]), now.date()),
           remove=_strip_login_ip, ordered=True),
    Purger(DataClass.TICKET_TEXT, _read_closed_tickets, owner=lambda item: item.get("user_id"),
           due=_ticket_text_due, remove=_erase_ticket_text, ordered=True),
    Purger(DataClass.EXPIRED_RECORDS, _read_expired, owner=_record_owner,
           due=lambda item, now: rules.ttl_expired(_ttl(item), int(now.timestamp())),
           remove=_delete_expired, ordered=False),
    Purger(DataClass.CLOSED_ACCOUNTS, _read_closed_accounts, owner=lambda item: item.get("user_id"),
           due=_closed_account_due, remove=_finish_erasure, ordered=True),
    Purger(DataClass.CONSENT_RECORDS, _read_consent_records, owner=lambda item: item.get("user_id"),
           due=lambda item, now: rules.consent_record_due(datetime.fromisoformat(item["at"]), now),
           remove=lambda item, now: purge.delete_record(item, item.get("user_id")), ordered=False),
    Purger(DataClass.UNATTACHED_UPLOADS, _read_pending_uploads, owner=lambda item: item.get("user_id"),
           due=lambda item, now: datetime.fromisoformat(item["issued_at"]) <= rules.upload_cutoff(now),
           remove=_delete_unattached, ordered=True),
    Purger(DataClass.FINANCIAL_RECORDS, _read_financial, owner=lambda item: item.get("user_id"),
           due=_financial_due, remove=_remove_financial, ordered=False),
    Purger(DataClass.AUDIT_LOG, _read_audit_log, owner=_audit_owner,
           due=lambda item, now: rules.audit_record_due(datetime.fromisoformat(item["at"]), now),
           remove=lambda item, now: purge.delete_record(item, _audit_owner(item)), ordered=False),
)


def _ttl(item: Item) -> int | None:
    value = item.get("ttl")
    return int(value) if value is not None else None


# --- the sweep ----------------------------------------------------------------------------

def purge_personal_data(purgers: tuple[Purger, ...] = PURGERS) -> dict[str, dict[str, Any]]:
    """Run every data class's sweep once; what each purged, kept under hold and read."""
    now = clock.now()
    hold_reasons: dict[str, str | None] = {}

    def hold_on(user_id: str | None) -> str | None:
        if user_id is None:
            return None
        if user_id not in hold_reasons:
            hold_reasons[user_id] = holds.hold_on(user_id)
        return hold_reasons[user_id]

    share = get_settings().retention_seconds_per_run / max(len(purgers), 1)
    results = {}
    for purger in purgers:
        tally = _sweep(purger, now, hold_on, time.monotonic() + share)
        metrics.add_metric(name=purger.data_class.metric, unit="Count", value=tally.purged)
        logger.info("retention purge", extra={"data_class": purger.data_class.value, **tally.as_dict()})
        results[purger.data_class.value] = tally.as_dict()
    return results


def _sweep(purger: Purger, now: datetime, hold_on: Callable[[str | None], str | None], deadline: float) -> Tally:
    """One run of one class: from the saved position until the candidates, the page budget or
    the time (`deadline`, monotonic seconds) run out; the position is saved after every page and
    wherever the run stops."""
    settings = get_settings()
    name = purger.data_class.value
    state = purge.load_position(name)
    tally = Tally()
    out_of_time = False
    for _ in range(settings.retention_pages_per_run):
        batch = purger.read(now, state.resume, settings.retention_page_size)
        for item, position in batch.items:
            tally.read += 1
            state = _handle(purger, item, position, now, hold_on, state, tally)
            if out_of_time := time.monotonic() >= deadline:
                break
        if out_of_time:
            break
        if batch.end is None:
            tally.complete = True
            break
        state = purge.Position(batch.end, state.next_pass if state.blocked else batch.end, state.blocked)
        purge.save_position(name, state, now)
    if tally.complete:
        # The pass is over. An ordered sweep starts the next one just before the first item it
        # had to keep (or where this one ended); a scan starts again from the beginning.
        state = (purge.Position(state.next_pass, state.next_pass, blocked=False) if purger.ordered
                 else purge.Position(None, None, blocked=False))
    purge.save_position(name, state, now)
    return tally


def _handle(purger: Purger, item: Item, position: str, now: datetime, hold_on: Callable[[str | None], str | None],
            state: purge.Position, tally: Tally) -> purge.Position:
    """Decide on one candidate and remove it if due and not held; the position after it."""
    decision = rules.decide(purger.due(item, now), hold_on(purger.owner(item)))
    removal = purger.remove(item, now) if decision == Decision.PURGE else None
    if removal == purge.Removal.REMOVED:
        tally.purged += 1
    elif removal == purge.Removal.UNCHANGED:
        tally.skipped += 1
    elif decision == Decision.HELD or removal == purge.Removal.HELD:
        tally.held += 1
    # An ordered sweep's next pass starts before anything kept or changed since it was read.
    blocked = state.blocked or (purger.ordered and removal != purge.Removal.REMOVED)
    return purge.Position(position, state.next_pass if blocked else position, blocked)
