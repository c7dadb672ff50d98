"""Residents are told, once, on their channel (issue 12, point 4).

Every public state change of a decision raises its ``public_revision``. Each resident whose
appeal (or suggestion-box entry) is evidence of one of the decision's findings, and who asked
to be told, gets one notice per revision: an e-mail through the mail ledger, or — with only a
postal address — a line of the printable letter list (``DecisionNotice``, channel «letter»).

Exactly once, by two keys:

- ``DecisionNotice`` has one row per (decision, revision, resident) — a unique constraint — so
  recording the notices twice (two jobs at once, a job run again) records them once;
- each e-mail is queued with ``mail_enqueue`` under the key
  ``decision-notice:<decision>:<revision>:<resident>``, in the same transaction that marks the
  notice handed over, so the ledger holds one mail per notice and sends it once.

The sending job takes the pending notices in batches locked with SKIP LOCKED (two jobs share
the work, never the same notice); a job killed midway loses only its open batch's transaction,
and ``decision_notices_resume`` (``manage.py decisions_notify``, every minute, and the daily
run) records what was never recorded and hands over what is still pending.

Ambiguous: a worker killed while the SMTP server was taking a mail leaves it claimed; the ledger
tries it again after a while, so that resident may get it twice. The resume marks such notices
``ambiguous`` (they are listed: ``notices_ambiguous``) — the only ones that may be duplicated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from vidhuk.core.choices import MailStatus
from vidhuk.core.mail import mail_enqueue
from vidhuk.core.models import OutgoingMail

from .choices import DecisionState, NoticeChannel, NoticeState
from .models import Decision, DecisionEvent, DecisionNotice
from .selectors.evidence import NoticeContact, decision_notice_contacts

logger = logging.getLogger(__name__)

MAIL_TEMPLATE = "decisions/email/notice"
BATCH = 100
# A mail claimed this long ago and still being sent: its worker died mid-send.
SEND_CUT_OFF = dt.timedelta(minutes=2)
# Pending this long: the job that should have handed it over did not (killed, or lost).
PENDING_LOST = dt.timedelta(minutes=1)
# Public changes looked at by the resume: a notice older than this is no longer news.
RESUME_WINDOW = dt.timedelta(days=7)


def recipient_key(contact: NoticeContact) -> str:
    """One person, one notice per change: an e-mail notice is keyed by the normalised address
    (hashed to fit the column; several appeals from one address make one message), a letter by
    its appeal (one line per appeal in the letter list)."""
    if contact.email:
        digest = hashlib.sha256(contact.email.strip().casefold().encode()).hexdigest()
        return f"email:{digest[:56]}"
    return f"appeal:{contact.pk}"


def _by_key(contacts: list[NoticeContact]) -> dict[str, NoticeContact]:
    """Contacts by recipient key; an address's appeals are named together (oldest first)."""
    grouped: dict[str, list[NoticeContact]] = {}
    for contact in sorted(contacts, key=lambda c: c.pk):
        grouped.setdefault(recipient_key(contact), []).append(contact)
    return {
        key: replace(group[0], registration_index=", ".join(c.registration_index for c in group))
        for key, group in grouped.items()
    }


def mail_key(*, decision_id: int, revision: int, key: str) -> str:
    return f"decision-notice:{decision_id}:{revision}:{key}"


# --- recording -----------------------------------------------------------------------------------


def decision_notices_enqueue(*, decision: Decision, revision: int) -> None:
    """After a public state change is committed: record its notices and queue their sending.
    (Called by ``decision_transition`` on commit.)"""
    from .tasks import decision_notices_send

    decision_notices_record(decision=decision, revision=revision)
    decision_notices_send.enqueue(decision.pk, revision)


def decision_notices_record(*, decision: Decision, revision: int) -> int:
    """One notice per resident to tell of this revision; a second call adds nothing. Returns
    how many notices the revision has."""
    contacts = _by_key(decision_notice_contacts(decision=decision))
    DecisionNotice.objects.bulk_create(
        [
            DecisionNotice(
                decision=decision,
                public_revision=revision,
                recipient_key=key,
                channel=NoticeChannel.EMAIL if contact.email else NoticeChannel.LETTER,
                state=NoticeState.PENDING if contact.email else NoticeState.LETTER,
            )
            for key, contact in contacts.items()
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return DecisionNotice.objects.filter(decision=decision, public_revision=revision).count()


# --- handing over to the mail ledger -------------------------------------------------------------


def decision_notices_deliver(*, decision_id: int, revision: int) -> int:
    """Queue the e-mail of every pending notice of a revision, a batch per transaction.
    Returns how many this run handed over."""
    decision = Decision.objects.select_related("centre").filter(pk=decision_id).first()
    if decision is None:
        return 0
    event = (
        DecisionEvent.objects.filter(decision=decision, public_revision=revision)
        .order_by("-id")
        .first()
    )
    handed = 0
    while True:
        with transaction.atomic():
            batch = list(
                DecisionNotice.objects.select_for_update(skip_locked=True)
                .filter(
                    decision=decision,
                    public_revision=revision,
                    state=NoticeState.PENDING,
                    channel=NoticeChannel.EMAIL,
                )
                .order_by("id")[:BATCH]
            )
            if not batch:
                return handed
            handed += _hand_over(decision, event, revision, batch)


def _hand_over(
    decision: Decision, event: DecisionEvent | None, revision: int, batch: list[DecisionNotice]
) -> int:
    # Who is still to be told now (one query; an address's appeals are named together).
    everyone = decision_notice_contacts(decision=decision)
    contacts = _by_key(everyone)
    # Notices recorded before e-mail notices were keyed by address: ``appeal:<id>``.
    contacts.update({f"appeal:{c.pk}": c for c in everyone if c.email})
    handed = []
    for notice in batch:
        contact = contacts.get(notice.recipient_key)
        if contact is None or not contact.email:
            # Anonymised, or the resident withdrew meanwhile: nobody left to tell.
            notice.delete()
            continue
        notice.mail = _mail(decision, event, revision, notice, contact)
        notice.state = NoticeState.SENT
        handed.append(notice)
    DecisionNotice.objects.bulk_update(handed, ["mail", "state"])
    return len(handed)


def _mail(
    decision: Decision,
    event: DecisionEvent | None,
    revision: int,
    notice: DecisionNotice,
    contact: NoticeContact,
) -> OutgoingMail:
    with translation.override(settings.LANGUAGE_CODE):
        return mail_enqueue(
            key=mail_key(decision_id=decision.pk, revision=revision, key=notice.recipient_key),
            to=contact.email,
            template=MAIL_TEMPLATE,
            context=notice_context(decision=decision, event=event, contact=contact),
            centre=decision.centre,
            about=f"decision:{decision.pk}",
        )


def notice_context(
    *, decision: Decision, event: DecisionEvent | None, contact: NoticeContact
) -> dict[str, object]:
    """What the e-mail and the printed letter say: the appeal's number (never its text), the
    decision, its new state and the public reason or note, and the board's page."""
    return {
        "centre": decision.centre,
        "decision": decision,
        "state_label": DecisionState(decision.state).label
        if event is None or not event.to_state
        else DecisionState(event.to_state).label,
        "note": event.note if event is not None and event.is_public else "",
        "registration_index": contact.registration_index,
        "decision_url": decision_public_url(decision=decision),
    }


def decision_public_url(*, decision: Decision) -> str:
    base = str(getattr(settings, "VIDHUK_BASE_URL", "") or "").rstrip("/")
    try:
        path = reverse(
            "decisions:decision",
            kwargs={"centre_slug": decision.centre.slug, "number": decision.number},
        )
    except NoReverseMatch:
        path = f"/{decision.centre.slug}/decisions/{decision.number}/"
    return base + path


# --- recovery ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResumeReport:
    recorded: int
    handed_over: int
    marked_ambiguous: int

    def __str__(self) -> str:
        return (
            f"notices recorded: {self.recorded}, handed to the mail ledger: "
            f"{self.handed_over}, marked ambiguous: {self.marked_ambiguous}"
        )


def decision_notices_resume(*, now: dt.datetime | None = None) -> ResumeReport:
    """Finish what a killed or lost job left: mark the notices whose mail a dead worker was
    sending as ambiguous, record the notices of recent public changes that have none, and hand
    over every notice pending for more than a minute. Safe to run at any time, and twice."""
    now = now or timezone.now()
    marked = notices_mark_ambiguous(now=now)
    recorded = 0
    events = (
        DecisionEvent.objects.filter(public_revision__isnull=False, at__gte=now - RESUME_WINDOW)
        .values_list("decision_id", "public_revision")
        .distinct()
    )
    for decision_id, revision in events:
        if revision is None:
            continue
        if DecisionNotice.objects.filter(
            decision_id=decision_id, public_revision=revision
        ).exists():
            continue
        decision = Decision.objects.select_related("centre").get(pk=decision_id)
        recorded += decision_notices_record(decision=decision, revision=revision)
    handed = 0
    pending = (
        DecisionNotice.objects.filter(state=NoticeState.PENDING, created_at__lt=now - PENDING_LOST)
        .values_list("decision_id", "public_revision")
        .distinct()
    )
    for decision_id, revision in pending:
        handed += decision_notices_deliver(decision_id=decision_id, revision=revision)
    return ResumeReport(recorded=recorded, handed_over=handed, marked_ambiguous=marked)


def notices_mark_ambiguous(*, now: dt.datetime | None = None) -> int:
    """Notices whose mail was being sent when its worker stopped: the SMTP server may have
    taken it already, and the ledger will send it again."""
    now = now or timezone.now()
    cut_off = Q(mail__status=MailStatus.SENDING, mail__claimed_at__lt=now - SEND_CUT_OFF)
    stopped = Q(
        mail__status=MailStatus.RETRYING,
        mail__last_error__startswith="The worker stopped while sending",
    )
    return DecisionNotice.objects.filter(cut_off | stopped, state=NoticeState.SENT).update(
        state=NoticeState.AMBIGUOUS
    )


def notices_ambiguous(*, decision: Decision | None = None) -> list[DecisionNotice]:
    notices = DecisionNotice.objects.filter(state=NoticeState.AMBIGUOUS)
    if decision is not None:
        notices = notices.filter(decision=decision)
    return list(notices.select_related("mail").order_by("decision_id", "public_revision", "id"))
