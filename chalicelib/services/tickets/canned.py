"""Canned replies: support staff read them, admins add, change and delete them. Each change is
written with its audit record in one transaction; a reply that names a provider is refused."""

from __future__ import annotations

from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.tickets import canned as rules
from chalicelib.domain.tickets.canned import CannedReply
from chalicelib.services import audit_log
from chalicelib.store import canned_replies as store
from chalicelib.store import catalog

NO_SUCH_REPLY = "No such canned reply."


def canned_replies() -> list[CannedReply]:
    """Every canned reply, by title; the initial set is written on a new panel's first read."""
    if not store.seeded():
        store.seed(rules.INITIAL)
    return sorted(store.all_replies(), key=lambda r: (r.title.casefold(), r.reply_id))


def _checked(title: object, text: object) -> tuple[str, str]:
    checked_title, checked_text = rules.check_title(title), rules.check_text(text)
    rules.check_no_provider(checked_title, checked_text, (p.name for p in catalog.providers()))
    return checked_title, checked_text


def _snapshot(reply: CannedReply) -> dict[str, str]:
    return {"title": reply.title, "text": reply.text}


def _reply_id(raw: str) -> str:
    if not rules.is_reply_id(raw):
        raise NotFound(NO_SUCH_REPLY)
    return raw


def add(admin_id: str, title: object, text: object) -> CannedReply:
    checked_title, checked_text = _checked(title, text)
    existing = canned_replies()
    if len(existing) >= rules.MAX_CANNED_REPLIES:
        raise InvalidInput(f"There are already {rules.MAX_CANNED_REPLIES} canned replies; delete one first.",
                           fields={"title": "too_many"})
    reply = CannedReply(rules.id_from_title(checked_title), checked_title, checked_text)
    record = audit_log.build(Action.CANNED_REPLY_ADDED, SubjectKind.CANNED_REPLY, reply.reply_id,
                             after=_snapshot(reply), actor=admin_id)
    if not store.insert(reply, audit_log.action(record)):
        raise Conflict("A canned reply with this title already exists; choose another title.")
    return reply


def change(admin_id: str, reply_id: str, title: object, text: object) -> CannedReply:
    found_id = _reply_id(reply_id)
    checked_title, checked_text = _checked(title, text)
    canned_replies()   # the initial set, if this is the panel's first touch
    before = store.get(found_id)
    if before is None:
        raise NotFound(NO_SUCH_REPLY)
    after = CannedReply(found_id, checked_title, checked_text)
    record = audit_log.build(Action.CANNED_REPLY_CHANGED, SubjectKind.CANNED_REPLY, found_id,
                             before=_snapshot(before), after=_snapshot(after), actor=admin_id)
    if not store.replace(after, audit_log.action(record)):
        raise NotFound(NO_SUCH_REPLY)
    return after


def delete(admin_id: str, reply_id: str) -> CannedReply:
    found_id = _reply_id(reply_id)
    canned_replies()
    before = store.get(found_id)
    if before is None:
        raise NotFound(NO_SUCH_REPLY)
    record = audit_log.build(Action.CANNED_REPLY_DELETED, SubjectKind.CANNED_REPLY, found_id,
                             before=_snapshot(before), actor=admin_id)
    if not store.delete(found_id, audit_log.action(record)):
        raise NotFound(NO_SUCH_REPLY)
    return before
