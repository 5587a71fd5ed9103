"""Ticket attachments: a presigned form to upload a file to the caller's own prefix (a customer) or
to the ticket's (staff: `attachments/ticket-<number>/`, so a staff reply takes only files uploaded
for its own ticket), checking the uploads a message names, and short-lived download links
(docs/support.md, "Attachments")."""

from __future__ import annotations

from typing import Any

from chalicelib.adapters import attachments as bucket
from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.tickets import checks
from chalicelib.domain.tickets.model import Attachment
from chalicelib.services import clock
from chalicelib.services.tickets.changes import NO_SUCH_TICKET, ticket_number
from chalicelib.settings import get_settings
from chalicelib.store import tickets as store
from chalicelib.store import uploads

NO_SUCH_ATTACHMENT = "No such attachment."


def request_upload(user_id: str, filename: object, content_type: object, size: object) -> dict[str, Any]:
    """A presigned form to upload one file to the caller's own prefix of the bucket."""
    return _form(user_id, user_id, filename, content_type, size)


def request_staff_upload(staff_id: str, number: object, filename: object, content_type: object,
                         size: object) -> dict[str, Any]:
    """A presigned form for a file staff attach to a reply on ticket `number`: under the ticket's
    prefix, with the customers' rules on type and size."""
    ticket = store.get(ticket_number(number))
    if ticket is None:
        raise NotFound(NO_SUCH_TICKET)
    return _form(store.upload_owner(ticket.number), staff_id, filename, content_type, size)


def _form(owner: str, claimant: str, filename: object, content_type: object, size: object) -> dict[str, Any]:
    settings = get_settings()
    name = checks.check_filename(filename)
    kind = checks.check_content_type(content_type, settings.attachment_content_types)
    checks.check_size(size, settings.attachment_max_bytes)
    token, key = store.new_attachment_key(owner)
    uploads.claim(key, claimant, clock.now())   # a file no message takes within a day is purged
    form = bucket.presigned_post(settings.attachments_bucket, key, kind, name, settings.attachment_max_bytes,
                                 settings.attachment_url_seconds)
    return {"id": token, "key": key, "filename": name, "content_type": kind, "max_bytes": settings.attachment_max_bytes,
            "expires_in": settings.attachment_url_seconds, "upload": form}


def attached(user_id: str, raw: object) -> tuple[Attachment, ...]:
    """The uploads named by key, each checked in S3: under `user_id`'s prefix (the caller's own, or
    for staff the ticket's, `store.upload_owner`), present, allowed type and size."""
    if raw is None:
        return ()
    wanted = list(dict.fromkeys(checks.check_upload_keys(raw)))
    if len(wanted) > checks.MAX_ATTACHMENTS:
        raise InvalidInput(f"Attach at most {checks.MAX_ATTACHMENTS} files to one message.",
                           fields={"attachments": "too_many"})
    settings = get_settings()
    name, found = settings.attachments_bucket, []
    for key in wanted:
        token = store.attachment_token(user_id, key)
        if token:
            uploads.take(key)   # before the check: a file the purge got to first is found gone
        stored = bucket.head(name, key) if token else None
        if token is None or stored is None:
            raise InvalidInput("An attachment was not found: the upload did not finish or the link expired. "
                               "Upload the file again.", fields={"attachments": "not_uploaded"})
        kind = stored.content_type.split(";")[0].strip().lower()
        try:
            checks.check_content_type(kind, settings.attachment_content_types)
            checks.check_size(stored.size, settings.attachment_max_bytes)
        except InvalidInput as exc:
            bucket.delete(name, key)  # the caller's own refused upload: not kept
            raise InvalidInput(f"{stored.filename or 'An attachment'}: {exc.message}",
                               fields={"attachments": next(iter(exc.fields.values()), "invalid")}) from exc
        found.append(Attachment(token, key, stored.filename or token, kind, stored.size))
    return tuple(found)


def attachment_link(number: object, attachment_id: str, *, customer: str | None) -> dict[str, Any]:
    """A short-lived download link; `customer`: only from their own ticket and never from a note."""
    found_number = ticket_number(number)
    ticket = store.get(found_number)
    if ticket is None or (customer is not None and ticket.user_id != customer):
        raise NotFound(NO_SUCH_ATTACHMENT)
    for message in store.thread(found_number, with_notes=customer is None):
        for attachment in message.attachments:
            if attachment.attachment_id == attachment_id:
                settings = get_settings()
                url = bucket.presigned_get(settings.attachments_bucket, attachment.key, attachment.filename,
                                           attachment.content_type, settings.attachment_url_seconds)
                return {"url": url, "filename": attachment.filename, "content_type": attachment.content_type,
                        "size": attachment.size, "expires_in": settings.attachment_url_seconds}
    raise NotFound(NO_SUCH_ATTACHMENT)
