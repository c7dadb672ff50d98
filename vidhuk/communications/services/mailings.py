"""Mailings that never skip or repeat (issue 13, point 4).

The anchors' failures this avoids: listmonk advances its checkpoint when a batch is fetched (a
crash skips recipients, #3022); CONSUL and Mautic send twice after a restart (#1739, #9880).

- ``mailing_start`` freezes the audience: one ``MailingDelivery`` row per mailing and subscriber
  (a unique constraint), only confirmed, not unsubscribed, not suppressed subscribers.
- ``mailing_send_batch`` claims pending rows with ``SELECT … FOR UPDATE SKIP LOCKED`` (two workers
  never take the same row) and commits the claim. Before each message it writes the row's
  deterministic Message-ID (``<mailing-M.delivery-D@domain>``), then sends, then marks it sent.
- ``mailing_recover`` takes back claims older than ``COMMS_MAILING_STALE_SECONDS`` (their worker
  died): a row without a Message-ID was never handed to SMTP and goes back to pending; a row with
  one may or may not have been sent — it is marked ``ambiguous`` (listed to staff) and sent once
  more. These are the only possible duplicates: at most one per killed worker.
- The rate: the mailing's ``rate_per_minute``, ``COMMS_MAIL_RATE_PER_MINUTE`` for all mailings
  together and ``COMMS_MAILING_RATE_PER_DOMAIN`` per recipient domain (services/mailing_pace.py):
  each batch reserves its send times under the locked shared paces, so workers share the limits;
  a row whose domain is busy stays pending for a later batch (held back, not skipped).

Mailings do not go through ``vidhuk.core.mail``'s ledger on purpose: each message needs its own
headers (List-Unsubscribe, Message-ID), a VERP envelope sender and a DKIM signature, and the
per-recipient row here is the ledger — one row, sent once, with its outcome.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre

from ..models import DeliveryState, Mailing, MailingDelivery, MailingState, Subscriber
from .mailing_message import delivery_message
from .mailing_pace import booked_domains_q, domain_rate, pace_schedule
from .subscriptions import subscriber_mailable_q, subscriber_segment_q

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailingIntake:
    subject: str
    body: str
    segment: dict[str, list[int]]
    rate_per_minute: int = 60
    publication_id: int | None = None


@dataclass(frozen=True)
class MailingProgress:
    total: int
    sent: int
    left: int
    failed: int
    bounced: int
    ambiguous: int


def _stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "COMMS_MAILING_STALE_SECONDS", 120))


@transaction.atomic
def mailing_create(*, centre: Centre, intake: MailingIntake) -> Mailing:
    if not intake.subject.strip():
        raise ValidationError({"subject": _("Вкажіть тему листа.")})
    if intake.rate_per_minute < 1:
        raise ValidationError({"rate_per_minute": _("Щонайменше один лист на хвилину.")})
    mailing = Mailing(
        centre=centre,
        subject=intake.subject.strip(),
        body=intake.body,
        segment=intake.segment,
        rate_per_minute=intake.rate_per_minute,
        publication_id=intake.publication_id,
    )
    mailing.full_clean()
    mailing.save()
    return mailing


@transaction.atomic
def mailing_start(*, mailing: Mailing) -> int:
    """Freeze the audience and start sending; returns the audience's size. Starting twice
    freezes once (only a draft starts)."""
    locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if locked.state != MailingState.DRAFT:
        return locked.deliveries.count()
    audience = (
        Subscriber.objects.filter(centre=locked.centre)
        .filter(subscriber_mailable_q())
        .filter(subscriber_segment_q(locked.segment or {}))
        .values_list("pk", "email")
    )
    rows = [
        MailingDelivery(mailing=locked, subscriber_id=pk, email=email) for pk, email in audience
    ]
    MailingDelivery.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    locked.state = MailingState.SENDING if rows else MailingState.DONE
    locked.started_at = timezone.now()
    locked.finished_at = None if rows else locked.started_at
    locked.save(update_fields=["state", "started_at", "finished_at", "updated_at"])
    return len(rows)


_MOVES = {
    "pause": ({MailingState.SENDING}, MailingState.PAUSED),
    "resume": ({MailingState.PAUSED}, MailingState.SENDING),
    "cancel": (
        {MailingState.DRAFT, MailingState.SENDING, MailingState.PAUSED},
        MailingState.CANCELLED,
    ),
}


@transaction.atomic
def mailing_move(*, mailing: Mailing, move: str) -> Mailing:
    """Pause, resume or cancel. A paused or cancelled mailing's pending rows stay unsent; rows a
    worker already claimed are finished (a message in flight cannot be called back)."""
    locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
    allowed, target = _MOVES[move]
    if locked.state not in allowed:
        raise ValidationError(_("Цю дію зараз виконати не можна: розсилка в іншому стані."))
    locked.state = target
    locked.next_slot_at = None
    if target == MailingState.CANCELLED:
        locked.finished_at = timezone.now()
    locked.save(update_fields=["state", "next_slot_at", "finished_at", "updated_at"])
    return locked


def mailing_progress(*, mailing: Mailing) -> MailingProgress:
    counts = dict(
        mailing.deliveries.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    ambiguous_sent = mailing.deliveries.filter(
        state=DeliveryState.AMBIGUOUS, sent_at__isnull=False
    ).count()
    total = sum(counts.values())
    sent = counts.get(DeliveryState.SENT, 0) + ambiguous_sent
    failed = counts.get(DeliveryState.FAILED, 0)
    bounced = counts.get(DeliveryState.BOUNCED, 0)
    return MailingProgress(
        total=total,
        sent=sent,
        left=total - sent - failed - bounced,
        failed=failed,
        bounced=bounced,
        ambiguous=counts.get(DeliveryState.AMBIGUOUS, 0),
    )


# --- the worker ---------------------------------------------------------------------------------


def mailing_recover(*, now: dt.datetime | None = None) -> int:
    """Take back the claims of workers that died (see the module's note)."""
    cut_off = (now or timezone.now()) - _stale_after()
    stale = MailingDelivery.objects.filter(state=DeliveryState.CLAIMED, claimed_at__lt=cut_off)
    never_sent = stale.filter(message_id="").update(state=DeliveryState.PENDING, claimed_at=None)
    in_flight = stale.exclude(message_id="").update(
        state=DeliveryState.AMBIGUOUS,
        claimed_at=None,
        error="Обробник зупинився під час надсилання: лист міг дійти; надіслано ще раз.",
    )
    resent_lost = MailingDelivery.objects.filter(
        state=DeliveryState.AMBIGUOUS, sent_at__isnull=True, claimed_at__lt=cut_off
    ).update(claimed_at=None)
    return int(never_sent + in_flight + resent_lost)


def _claim(*, batch_size: int) -> tuple[Mailing | None, list[tuple[MailingDelivery, dt.datetime]]]:
    """Claim up to ``batch_size`` rows of one sending mailing, each with its send time under the
    rate limits (services/mailing_pace.py); rows of a domain booked further ahead stay pending."""
    with transaction.atomic():
        now = timezone.now()
        booked = booked_domains_q(now=now)
        first = (
            MailingDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(_claimable_q(), mailing__state=MailingState.SENDING)
            .exclude(booked)
            .order_by("mailing_id", "pk")
            .values_list("mailing_id", flat=True)
            .first()
        )
        if first is None:
            return None, []
        candidates = list(
            MailingDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscriber")
            .filter(_claimable_q(), mailing_id=first)
            .exclude(booked)
            .order_by("pk")[: batch_size * (4 if domain_rate() else 1)]
        )
        mailing = (
            Mailing.objects.select_for_update(of=("self",))
            .select_related("centre", "publication")
            .get(pk=first)
        )
        if mailing.state != MailingState.SENDING:  # paused or cancelled meanwhile
            return None, []
        slots = pace_schedule(
            mailing=mailing, candidates=candidates, now=now, batch_size=batch_size
        )
        for row, _slot in slots:
            row.claimed_at = now
        MailingDelivery.objects.filter(pk__in=[row.pk for row, _slot in slots]).update(
            # an ambiguous row stays marked ambiguous while it is resent (it is listed to staff)
            state=Case(
                When(state=DeliveryState.AMBIGUOUS, then=Value(DeliveryState.AMBIGUOUS)),
                default=Value(DeliveryState.CLAIMED),
            ),
            claimed_at=now,
        )
    return (mailing if slots else None), slots


def _claimable_q() -> Q:
    return Q(state=DeliveryState.PENDING) | Q(
        state=DeliveryState.AMBIGUOUS, sent_at__isnull=True, claimed_at__isnull=True
    )


def mailing_send_batch(
    *, batch_size: int = 50, base_url: str = "", sleep: Callable[[float], Any] = time.sleep
) -> int:
    """Claim one batch and send each message at its reserved time; returns how many were handed
    to SMTP. (``sleep`` is the waiting: tests pass one that moves their frozen clock.)"""
    mailing, slots = _claim(batch_size=batch_size)
    if mailing is None:
        _finish_done()
        return 0
    backend = get_connection()
    backend.open()
    sent = 0
    try:
        for row, slot in slots:
            wait = (slot - timezone.now()).total_seconds()
            if wait > 0:
                sleep(wait)
            sent += _send_one(backend=backend, mailing=mailing, row=row, base_url=base_url)
    finally:
        backend.close()
    return sent


def _send_one(*, backend: Any, mailing: Mailing, row: MailingDelivery, base_url: str) -> int:
    message, message_id, envelope_from = delivery_message(
        mailing=mailing, delivery=row, base_url=base_url
    )
    # Written before the message goes: a worker killed after this line leaves an ambiguous row.
    # Only while the claim is still this worker's (same claimed_at): a claim taken back as stale
    # is not sent by its old holder too. The claim is renewed with it, so the message in flight
    # is not taken for a dead worker's.
    renewed = timezone.now()
    if not MailingDelivery.objects.filter(pk=row.pk, claimed_at=row.claimed_at).update(
        message_id=message_id, claimed_at=renewed
    ):
        return 0
    row.claimed_at = renewed
    try:
        _transmit(backend=backend, message=message, envelope_from=envelope_from)
    except Exception as error:  # the server refused this recipient, or the network failed
        MailingDelivery.objects.filter(pk=row.pk).update(
            state=DeliveryState.FAILED,
            claimed_at=None,
            error=f"{type(error).__name__}: {error}"[:500],
        )
        return 0
    now = timezone.now()
    MailingDelivery.objects.filter(pk=row.pk, state=DeliveryState.CLAIMED).update(
        state=DeliveryState.SENT, sent_at=now, claimed_at=None
    )
    MailingDelivery.objects.filter(pk=row.pk, state=DeliveryState.AMBIGUOUS).update(
        sent_at=now, claimed_at=None
    )
    return 1


def _transmit(*, backend: Any, message: EmailMultiAlternatives, envelope_from: str) -> None:
    from ..dkim import dkim_sign

    raw = dkim_sign(message.message().as_bytes(linesep="\r\n"))
    smtp = getattr(backend, "connection", None)
    if smtp is None:  # a backend without SMTP (files in development): hand it the message
        message.connection = backend
        message.send()
        return
    smtp.sendmail(envelope_from, message.recipients(), raw)


def _busy_q() -> Q:
    return Q(state__in=(DeliveryState.PENDING, DeliveryState.CLAIMED)) | Q(
        state=DeliveryState.AMBIGUOUS, sent_at__isnull=True
    )


def _finish_done() -> None:
    """A sending mailing with nothing left to claim or in flight is done."""
    busy = _busy_q()
    Mailing.objects.filter(state=MailingState.SENDING).exclude(
        pk__in=MailingDelivery.objects.filter(busy).values("mailing_id")
    ).update(state=MailingState.DONE, finished_at=timezone.now())


def mailing_work(
    *,
    base_url: str = "",
    until_idle: bool = False,
    idle_sleep: float = 1.0,
    sleep: Callable[[float], Any] = time.sleep,
) -> int:
    """The worker loop (``manage.py comms_mailings``): recover, claim, send; forever, or until
    nothing is left to send. Nothing to claim while rows are left (their domains are busy, or
    another worker holds them): wait ``idle_sleep`` and look again."""
    total = 0
    while True:
        mailing_recover()
        sent = mailing_send_batch(base_url=base_url, sleep=sleep)
        total += sent
        if sent:
            continue
        if until_idle and not MailingDelivery.objects.filter(_busy_q()).exists():
            return total
        sleep(idle_sleep)


def mailing_for_publication(publication: Any) -> None:
    """The «mail» firing action: a published publication mails the subscribers of its topics,
    services and offices once (the firing row is unique per publication and action)."""
    segment = {
        "topics": list(publication.topics.values_list("pk", flat=True)),
        "services": list(publication.services.values_list("pk", flat=True)),
        "offices": list(publication.offices.values_list("pk", flat=True)),
    }
    mailing = mailing_create(
        centre=publication.centre,
        intake=MailingIntake(
            subject=publication.title,
            body=publication.lead,
            segment=segment,
            publication_id=publication.pk,
        ),
    )
    mailing_start(mailing=mailing)
