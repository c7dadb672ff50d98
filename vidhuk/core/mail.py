"""The one mail ledger of Vidhuk: every app's mail is queued, sent once, retried, and visible.

Public API (keyword-only):

``mail_enqueue(*, key, to, template, context, centre=None, attachments=(), about="")``
    -> OutgoingMail. Renders ``<template>_subject.txt``, ``<template>.txt`` (plain text, never
    HTML-escaped) and ``<template>.html`` in the active language, stores subject, bodies and
    attachments in an ``OutgoingMail`` row and queues the send (task ``mail_send``) once the
    transaction commits. Idempotent by ``key``: the same key twice is one mail (the second call
    returns the first row, unchanged). The returned row carries ``is_new`` (False when the key
    was already there). ``about`` is a short reference for staff views ("appeal:123").
    Attachments are ``(filename, bytes, mimetype)`` triples or ``MailAttachment``; they are
    stored with the row (base64 in JSON), not regenerated.
``mail_deliver(*, mail_id) -> bool``
    Send one queued mail now (what the task ``mail_send`` runs). Claims the row first, so two
    runs at once send one mail; a failure gives the claim back with the reason, the attempt
    count and the next attempt (1, 2, 4 … minutes, at most an hour) until 72 hours have passed,
    then the mail is UNDELIVERABLE. A sent mail loses its bodies and attachments.
``mail_retry_due(*, now=None) -> int``
    Re-queue every mail whose retry is due, and mail queued but never picked up (the worker or
    its database was away), and take back claims of a worker that died while sending; erase the
    address and subject of mail finished more than 30 days ago. Run every minute:
    ``manage.py mail_retry`` (docs/operations.md), so retries survive worker restarts.
``mail_resend(*, mail, actor) -> OutgoingMail``
    Staff: try a retrying or undeliverable mail again now, for another 72 hours; audited.
``mail_list_for_about(*, about, centre=None)`` -> the mail of one reference, newest first.
``mail_latest_for_about(*, about, centre=None)`` -> the newest such mail or None.
``mail_stuck_for_about(*, about, centre)`` -> a reference's retrying or undeliverable mail.
``mail_stuck_abouts(*, abouts) -> set[str]``: which references have such mail (one query).
``mail_stuck_count(*, centre) -> int``: a centre's mail retrying or undeliverable.
``mail_forget_about(*, about) -> int``: erase address and content of a reference's mail
    (anonymisation of the record it was about).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django_tasks import task

from .choices import AuditAction, MailStatus
from .models import Centre, OutgoingMail
from .text import strip_bidi_controls

logger = logging.getLogger(__name__)

RETRY_FOR = dt.timedelta(hours=72)
FIRST_PAUSE = dt.timedelta(minutes=1)
LONGEST_PAUSE = dt.timedelta(hours=1)
# A claim this old belongs to a worker that stopped mid-send: the mail is tried again (at worst
# sent twice, rather than never).
STALE_CLAIM = dt.timedelta(minutes=15)
# Queued this long ago and still not picked up: the task queued on commit was lost.
LOST_AFTER = dt.timedelta(minutes=2)
STUCK = (MailStatus.RETRYING, MailStatus.UNDELIVERABLE)
KEEP_FOR = dt.timedelta(days=30)  # the address and subject of a finished mail, then erased


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content: bytes
    mimetype: str


# --- queueing -----------------------------------------------------------------------------------


def mail_enqueue(
    *,
    key: str,
    to: str,
    template: str,
    context: dict[str, Any],
    centre: Centre | None = None,
    attachments: Iterable[MailAttachment | tuple[str, bytes, str]] = (),
    about: str = "",
) -> OutgoingMail:
    """Record one mail under `key` and send it after the commit; a known key changes nothing."""
    existing = OutgoingMail.objects.filter(key=key).first()
    if existing is not None:
        existing.is_new = False  # type: ignore[attr-defined]
        return existing
    if not to:
        raise ValueError("A mail needs an address.")
    now = timezone.now()
    mail = OutgoingMail(
        key=key,
        to=to,
        centre=centre,
        about=about[:100],
        template=template,
        # A subject line carries names: no bidi control may reorder what the recipient reads.
        subject=" ".join(
            strip_bidi_controls(_render_plain(f"{template}_subject.txt", context)).split()
        )[:998],
        body_text=_render_plain(f"{template}.txt", context),
        body_html=render_to_string(f"{template}.html", context),
        attachments=[_stored(a) for a in attachments],
        created_at=now,
        next_attempt_at=now,
        give_up_at=now + RETRY_FOR,
    )
    try:
        with transaction.atomic():
            mail.save()
    except IntegrityError:  # the same key, queued by another run at this very moment
        existing = OutgoingMail.objects.get(key=key)
        existing.is_new = False  # type: ignore[attr-defined]
        return existing
    mail.is_new = True  # type: ignore[attr-defined]
    _send_on_commit(mail.pk)
    return mail


def _render_plain(name: str, context: dict[str, Any]) -> str:
    """Plain text is not HTML: an apostrophe in a name stays as typed, never &#x27;."""
    template: Any = get_template(name)
    return str(template.template.render(Context(context, autoescape=False)))


def _stored(attachment: MailAttachment | tuple[str, bytes, str]) -> dict[str, str]:
    if isinstance(attachment, tuple):
        attachment = MailAttachment(*attachment)
    return {
        "filename": attachment.filename,
        "mimetype": attachment.mimetype,
        "content": base64.b64encode(attachment.content).decode("ascii"),
    }


def _send_on_commit(mail_id: int) -> None:
    # robust: a queue that cannot be reached must not undo the saved change; mail_retry_due
    # picks up the mail a minute later.
    transaction.on_commit(lambda: mail_send.enqueue(mail_id), robust=True)


# --- sending ------------------------------------------------------------------------------------


@task()
def mail_send(mail_id: int) -> bool:
    """Send one mail of the ledger (idempotent: a sent or claimed mail is left alone)."""
    return mail_deliver(mail_id=mail_id)


def mail_deliver(*, mail_id: int) -> bool:
    """Claim, send, record. True when this run sent the mail."""
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=mail_id,
        status__in=(MailStatus.QUEUED, MailStatus.RETRYING),
    ).update(status=MailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:  # sent already, being sent by another run, or not due yet
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        _message(mail).send()
    except Exception as error:  # any refusal: SMTP, network, DNS
        _give_back(mail, error)
        return False
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        claimed_at=None,
        last_error="",
        body_text="",
        body_html="",
        attachments=[],
    )
    return True


def _message(mail: OutgoingMail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject=mail.subject, body=mail.body_text, to=[mail.to])
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for item in mail.attachments:
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    return message


def _give_back(mail: OutgoingMail, error: Exception) -> None:
    now = timezone.now()
    pause = min(FIRST_PAUSE * 2 ** max(mail.attempts - 1, 0), LONGEST_PAUSE)
    gives_up = now >= mail.give_up_at  # the last attempt falls on the 72nd hour itself
    reason = f"{type(error).__name__}: {error}"[:500]
    logger.warning("mail %s not sent (attempt %s): %s", mail.key, mail.attempts, reason)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.UNDELIVERABLE if gives_up else MailStatus.RETRYING,
        next_attempt_at=None if gives_up else min(now + pause, mail.give_up_at),
        claimed_at=None,
        last_error=reason,
    )


def mail_retry_due(*, now: dt.datetime | None = None) -> int:
    """Queue a send for every mail that is due; returns how many were queued."""
    now = now or timezone.now()
    OutgoingMail.objects.filter(status=MailStatus.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=MailStatus.RETRYING,
        next_attempt_at=now,
        claimed_at=None,
        last_error="The worker stopped while sending.",
    )
    # Retention: a month on, the ledger keeps that a mail existed and how it went, not to whom
    # or what it said.
    OutgoingMail.objects.filter(
        status__in=(MailStatus.SENT, MailStatus.UNDELIVERABLE), created_at__lt=now - KEEP_FOR
    ).exclude(to="").update(
        to="", subject="", body_text="", body_html="", attachments=[], last_error=""
    )
    due = OutgoingMail.objects.filter(
        Q(status=MailStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=MailStatus.QUEUED, next_attempt_at__lte=now - LOST_AFTER)
    ).values_list("pk", flat=True)
    ids = list(due)
    for mail_id in ids:
        mail_send.enqueue(mail_id)
    return len(ids)


@transaction.atomic
def mail_resend(*, mail: OutgoingMail, actor: Any) -> OutgoingMail:
    """Try a stuck mail again now, with a fresh 72 hours; a mail not stuck is left as it is."""
    from .services import audit_record

    locked = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
    if locked.status not in STUCK or not locked.to:
        return locked
    now = timezone.now()
    before = locked.status
    locked.status = MailStatus.QUEUED
    locked.next_attempt_at = now
    locked.give_up_at = now + RETRY_FOR
    locked.save(update_fields=["status", "next_attempt_at", "give_up_at"])
    audit_record(
        actor=actor,
        centre=locked.centre,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={"status": [before, MailStatus.QUEUED], "about": [None, locked.about]},
    )
    _send_on_commit(locked.pk)
    return locked


# --- reading ------------------------------------------------------------------------------------


def mail_list_for_about(*, about: str, centre: Centre | None = None) -> QuerySet[OutgoingMail]:
    mails = OutgoingMail.objects.filter(about=about)
    if centre is not None:
        mails = mails.filter(centre=centre)
    return mails.order_by("-created_at", "-id")


def mail_latest_for_about(*, about: str, centre: Centre | None = None) -> OutgoingMail | None:
    return mail_list_for_about(about=about, centre=centre).first()


def mail_stuck_for_about(*, about: str, centre: Centre) -> QuerySet[OutgoingMail]:
    """A reference's mail the server refused (retrying or given up), newest first."""
    return _stuck(mail_list_for_about(about=about, centre=centre))


def mail_stuck_abouts(*, abouts: Iterable[str]) -> set[str]:
    """Which of these references have refused mail, in one query (list pages)."""
    return set(
        _stuck(OutgoingMail.objects.filter(about__in=list(abouts))).values_list("about", flat=True)
    )


def mail_stuck_count(*, centre: Centre) -> int:
    """Mail of the centre the server refused and that is still retrying or was given up."""
    return _stuck(OutgoingMail.objects.filter(centre=centre)).count()


def _stuck(mails: QuerySet[OutgoingMail]) -> QuerySet[OutgoingMail]:
    # A forgotten mail (its case anonymised, or a month old) has no address left: nobody can
    # act on it any more, so it no longer counts as waiting for someone.
    return mails.filter(status__in=STUCK).exclude(to="")


def mail_forget_about(*, about: str) -> int:
    """Erase the address and the content of a reference's mail; what was not sent yet never
    will be (the row stays, as a trace that a mail existed)."""
    mails = OutgoingMail.objects.filter(about=about)
    mails.exclude(status=MailStatus.SENT).update(
        status=MailStatus.UNDELIVERABLE, next_attempt_at=None
    )
    return mails.update(
        to="", subject="", body_text="", body_html="", attachments=[], last_error=""
    )
