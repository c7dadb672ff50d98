"""Events and public hearings (issue 13, point 2): what staff write and what residents do.

* Staff create, edit and cancel an event; a change of its date or place raises the calendar's
  SEQUENCE (RFC 5545 §3.8.7.4), so subscribed calendars replace what they hold.
* A resident registers without an account. The seats are held by the database: the event's row
  is locked (``SELECT … FOR UPDATE``) while the confirmed registrations are counted, so 200
  people at once for 50 seats give exactly 50 confirmed and 150 on the waitlist.
* Cancelling a confirmed place promotes the first on the waitlist (same lock), who is told by
  mail. Mail goes through the one ledger (``core.mail``) with keys that make it send once.
* The day before, every confirmed registrant with an address is reminded (a daily job); 30 days
  after the event the registrants' personal data is erased (a daily job).
* Remarks from a held hearing's minutes become a finding in the decisions register, each remark
  a piece of evidence of source ``hearing_remark``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.appeals.services import normalise_phone
from vidhuk.core.choices import AuditAction
from vidhuk.core.dailyjobs import DailyRun
from vidhuk.core.mail import mail_enqueue, mail_forget_about
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record, model_update
from vidhuk.core.tokens import token_new
from vidhuk.core.uploads import JPEG, PDF, PNG, upload_check

from ..models import (
    Event,
    EventDocument,
    EventKind,
    EventRegistration,
    EventState,
    RegistrationState,
)

HEARING_REMARK = "hearing_remark"  # the evidence source of a remark from a hearing's minutes
HEARING_KINDS = (EventKind.HEARING, EventKind.CONSULTATION, EventKind.WORKING_GROUP)
KEEP_REGISTRANTS_DAYS = 30  # personal data of registrants is erased this long after the event
CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_url")  # what raises SEQUENCE
EVENT_FIELDS = (
    "kind",
    "title",
    "title_en",
    "description",
    "description_en",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "agenda",
    "capacity",
    "registration_open",
)
DOCUMENT_KINDS = (PDF, JPEG, PNG)  # documents as PDF, scans and pictures
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
ACTIVE = (RegistrationState.CONFIRMED, RegistrationState.WAITLISTED)


def about(registration: EventRegistration) -> str:
    """The mail ledger's reference of a registration's mail (erased with its personal data)."""
    return f"event_registration:{registration.pk}"


# --- events (staff) -------------------------------------------------------------------------------


def _check_event(event: Event) -> None:
    if not event.place.strip() and not event.online_url.strip():
        raise ValidationError({"place": _("Вкажіть місце проведення або посилання на трансляцію.")})
    event.full_clean(exclude=["topics", "offices"])


@transaction.atomic
def event_create(
    *, centre: Centre, actor: Any, data: dict[str, Any], offices: list[Office] | None = None
) -> Event:
    """A new event; ``data`` holds ``EVENT_FIELDS``."""
    event = Event(centre=centre, **{name: data[name] for name in EVENT_FIELDS if name in data})
    _check_event(event)
    event.save()
    if offices is not None:
        _scope_offices(centre=centre, offices=offices)
        event.offices.set(offices)
    audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=event)
    return event


def _scope_offices(*, centre: Centre, offices: list[Office]) -> None:
    if any(office.centre_id != centre.pk for office in offices):
        raise ValidationError(_("Виберіть офіси свого центру."))


@transaction.atomic
def event_update(
    *, event: Event, actor: Any, data: dict[str, Any], base_url: str = ""
) -> dict[str, Any]:
    """Save an edit. A moved date or place raises the calendar's SEQUENCE by one; a larger
    capacity gives the freed seats to the waitlist at once."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    changes_planned = {name: data[name] for name in EVENT_FIELDS if name in data}
    moved = any(
        getattr(locked, name) != changes_planned.get(name, getattr(locked, name))
        for name in CALENDAR_FIELDS
    )
    for name, value in changes_planned.items():
        setattr(locked, name, value)
    _check_event(locked)
    if moved:
        changes_planned["sequence"] = locked.sequence + 1
    changes = model_update(instance=locked, data=changes_planned, actor=actor, centre=locked.centre)
    _fill_free_seats(locked, base_url=base_url)
    event.refresh_from_db()
    return changes


@transaction.atomic
def event_cancel(*, event: Event, actor: Any, base_url: str = "") -> Event:
    """Cancel an event: STATUS:CANCELLED in the calendar (a new SEQUENCE), registration closed,
    everyone registered told once by mail."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.state == EventState.CANCELLED:
        return locked
    model_update(
        instance=locked,
        data={
            "state": EventState.CANCELLED,
            "registration_open": False,
            "sequence": locked.sequence + 1,
        },
        actor=actor,
        centre=locked.centre,
    )
    for registration in locked.registrations.filter(state__in=ACTIVE).exclude(email=""):
        _mail(registration, "cancelled", base_url=base_url)
    return locked


@transaction.atomic
def event_document_add(*, event: Event, actor: Any, title: str, upload: Any) -> EventDocument:
    """Attach a document (agenda, draft decision); the file passes the one upload check."""
    checked = upload_check(
        upload, kinds=DOCUMENT_KINDS, max_bytes=DOCUMENT_MAX_BYTES, match_name=True
    )
    document = EventDocument(event=event, title=title.strip() or checked.original_name)
    document.file.save(checked.original_name, ContentFile(checked.content), save=False)
    document.full_clean()
    document.save()
    audit_record(
        actor=actor,
        centre=event.centre,
        action=AuditAction.CREATE,
        obj=document,
        changes={"event": event.pk},
    )
    return document


# --- registrations (residents) -------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationIntake:
    name: str
    email: str = ""
    phone: str = ""
    accessibility_needs: str = ""
    wants_to_speak: bool = False
    speech_topic: str = ""


def _same_person(event: Event, intake: RegistrationIntake) -> EventRegistration | None:
    """One active registration per contact: the same form sent twice is the same registration."""
    found = event.registrations.filter(state__in=ACTIVE)
    if intake.email:
        return found.filter(email__iexact=intake.email).first()
    return found.filter(email="", phone=intake.phone).first()


@transaction.atomic
def registration_create(
    *, event: Event, intake: RegistrationIntake, base_url: str = "", now: dt.datetime | None = None
) -> EventRegistration:
    """Register for an event: confirmed while seats are left, else on the waitlist.

    The event's row is locked while the seats are counted, so concurrent registrations are
    decided one after another and never exceed the capacity. The returned registration carries
    ``is_new`` (False when this contact was already registered)."""
    now = now or timezone.now()
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.state == EventState.CANCELLED:
        raise ValidationError(_("Захід скасовано, реєстрація закрита."))
    if not locked.registration_open or locked.ends_at <= now:
        raise ValidationError(_("Реєстрацію на цей захід закрито."))
    if not intake.email and not intake.phone:
        raise ValidationError({"email": _("Вкажіть електронну пошту або телефон.")})
    intake = replace(intake, phone=normalise_phone(intake.phone))  # one form per number
    existing = _same_person(locked, intake)
    if existing is not None:
        existing.is_new = False  # type: ignore[attr-defined]
        return existing
    registration = EventRegistration(
        centre_id=locked.centre_id,
        event=locked,
        name=intake.name.strip(),
        email=intake.email.strip().lower(),
        phone=intake.phone,
        accessibility_needs=intake.accessibility_needs.strip(),
        wants_to_speak=intake.wants_to_speak,
        speech_topic=intake.speech_topic.strip() if intake.wants_to_speak else "",
        state=RegistrationState.CONFIRMED if _has_seat(locked) else RegistrationState.WAITLISTED,
        token=token_new(),
    )
    registration.full_clean(exclude=["event"])
    registration.save()
    registration.is_new = True  # type: ignore[attr-defined]
    if registration.email:
        template = (
            "confirmation" if registration.state == RegistrationState.CONFIRMED else "waitlisted"
        )
        _mail(registration, template, base_url=base_url)
    return registration


def _has_seat(event: Event) -> bool:
    """Called with the event's row locked."""
    if event.capacity is None:
        return True
    taken = event.registrations.filter(state=RegistrationState.CONFIRMED).count()
    return taken < event.capacity


def _fill_free_seats(event: Event, *, base_url: str = "") -> list[EventRegistration]:
    """Move the first of the waitlist up while seats are free (the event's row locked)."""
    promoted = []
    waiting = event.registrations.filter(state=RegistrationState.WAITLISTED).order_by(
        "created_at", "pk"
    )
    for registration in waiting:
        if not _has_seat(event):
            break
        registration.state = RegistrationState.CONFIRMED
        registration.save(update_fields=["state"])
        promoted.append(registration)
        if registration.email:
            _mail(registration, "promoted", base_url=base_url)
    return promoted


@transaction.atomic
def registration_cancel(
    *, registration: EventRegistration, base_url: str = ""
) -> list[EventRegistration]:
    """The resident gives their place back (the link in their mail): the first on the waitlist
    gets it and is told. Returns who was promoted."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    current = EventRegistration.objects.get(pk=registration.pk)
    if current.state == RegistrationState.CANCELLED:
        return []
    current.state = RegistrationState.CANCELLED
    current.save(update_fields=["state"])
    registration.state = current.state
    if event.state == EventState.CANCELLED:
        return []
    return _fill_free_seats(event, base_url=base_url)


def registration_get_by_token(*, event: Event, token: str) -> EventRegistration | None:
    if not token or len(token) > 64:
        return None
    return EventRegistration.objects.filter(event=event, token=token).first()


@transaction.atomic
def registration_check_in(
    *, centre: Centre, token: str, actor: Any, now: dt.datetime | None = None
) -> EventRegistration:
    """Mark a registrant present from their QR code (the token it holds). A second scan keeps
    the first time."""
    token = token.strip().rsplit("=", 1)[-1].rsplit("/", 1)[-1]
    registration = (
        EventRegistration.objects.select_for_update()
        .select_related("event")
        .filter(centre=centre, token=token)
        .first()
    )
    if registration is None or not token:
        raise ValidationError({"token": _("Реєстрацію з таким кодом не знайдено.")})
    if registration.state != RegistrationState.CONFIRMED:
        raise ValidationError(
            {"token": _("Ця реєстрація не підтверджена: %(state)s.")
             % {"state": registration.get_state_display().lower()}}
        )  # fmt: skip
    if registration.checked_in_at is None:
        registration.checked_in_at = now or timezone.now()
        registration.save(update_fields=["checked_in_at"])
        audit_record(
            actor=actor,
            centre=centre,
            action=AuditAction.UPDATE,
            obj=registration,
            changes={"checked_in": True},
        )
    return registration


# --- mail ----------------------------------------------------------------------------------------


def registration_link(registration: EventRegistration, *, base_url: str) -> str:
    path = reverse(
        "communications_events:registration",
        args=[registration.event.centre.slug, registration.event_id],
    )
    return f"{base_url.rstrip('/')}{path}?t={registration.token}"


def _mail(registration: EventRegistration, template: str, *, base_url: str) -> None:
    event = registration.event
    mail_enqueue(
        key=f"comms-event:{template}:{registration.pk}",
        to=registration.email,
        template=f"communications/events/email/{template}",
        context={
            "registration": registration,
            "event": event,
            "centre": event.centre,
            "link": registration_link(registration, base_url=base_url) if base_url else "",
        },
        centre=event.centre,
        about=about(registration),
    )


def reminders_send(*, centre: Centre, today: dt.date, base_url: str = "") -> int:
    """Remind every confirmed registrant with an address of tomorrow's events; each reminder is
    one mail whatever the number of runs (its key names the registration)."""
    tomorrow = today + dt.timedelta(days=1)
    registrations = (
        EventRegistration.objects.filter(
            centre=centre,
            state=RegistrationState.CONFIRMED,
            event__state=EventState.SCHEDULED,
            event__starts_at__date=tomorrow,
        )
        .exclude(email="")
        .select_related("event", "event__centre")
    )
    sent = 0
    for registration in registrations:
        with transaction.atomic():
            _mail(registration, "reminder", base_url=base_url)
        sent += 1
    return sent


def registrants_erase(*, centre: Centre, today: dt.date) -> int:
    """Erase the personal data of registrants of events that ended more than
    ``KEEP_REGISTRANTS_DAYS`` ago (their mail too); the counts stay for the statistics."""
    limit = today - dt.timedelta(days=KEEP_REGISTRANTS_DAYS)
    stale = EventRegistration.objects.filter(centre=centre, event__ends_at__date__lt=limit).exclude(
        name=""
    )
    erased = 0
    for registration in stale.only("pk"):
        with transaction.atomic():
            EventRegistration.objects.filter(pk=registration.pk).update(
                name="", email="", phone="", accessibility_needs="", speech_topic=""
            )
            mail_forget_about(about=about(registration))
        erased += 1
    return erased


def reminders_daily(run: DailyRun) -> str:
    if run.centre is None:  # registered per centre
        return "no centre"
    count = reminders_send(centre=run.centre, today=run.today, base_url=run.base_url)
    return f"event reminders queued: {count}"


def registrants_erase_daily(run: DailyRun) -> str:
    if run.centre is None:  # registered per centre
        return "no centre"
    count = registrants_erase(centre=run.centre, today=run.today)
    return f"event registrants erased: {count}"


def registrations_for(event: Event) -> QuerySet[EventRegistration]:
    return event.registrations.order_by("created_at", "pk")
