"""Writes of centres, offices, their windows and the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .choices import AuditAction
from .models import AuditEvent, CalendarDay, Centre, Office, OfficeClosure, OpeningHours, Window
from .pagecache import public_pages_changed


def audit_record(
    *,
    actor: Any,
    centre: Centre | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit log. Callers pass the record or describe it."""
    event = audit_event_build(
        actor=actor,
        centre=centre,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes,
    )
    event.save()
    return event


def audit_event_build(
    *,
    actor: Any,
    centre: Centre | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """The unsaved event `audit_record` would append, for a service that writes it together
    with its record in one statement (an appeal's registration: appeals/services/numbering.py)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        centre=centre,
        actor=actor_obj,
        actor_name=(actor_obj.get_full_name() or actor_obj.get_username()) if actor_obj else "—",
        action=AuditAction(action),
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        changes=changes or {},
    )


def _diff(instance: models.Model, before: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            changes[name] = [_jsonable(old), _jsonable(new)]
    return changes


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


@transaction.atomic
def model_update(
    *, instance: models.Model, data: dict[str, Any], actor: Any, centre: Centre | None
) -> dict[str, Any]:
    """Set fields, validate, save and audit the difference. Returns the changes made.

    The "before" values are read from the database, because a bound ModelForm has already
    written the new values onto the instance it was given.
    """
    stored = type(instance)._default_manager.get(pk=instance.pk)
    before = snapshot(stored, data.keys())
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    changes = _diff(instance, before, data.keys())
    if changes:
        instance.save()
        audit_record(
            actor=actor, centre=centre, action=AuditAction.UPDATE, obj=instance, changes=changes
        )
    return changes


@transaction.atomic
def centre_update(*, centre: Centre, data: dict[str, Any], actor: Any) -> dict[str, Any]:
    public_pages_changed(centre)
    return model_update(instance=centre, data=data, actor=actor, centre=centre)


@transaction.atomic
def office_create(*, centre: Centre, data: dict[str, Any], actor: Any) -> Office:
    office = Office(centre=centre, **data)
    office.full_clean()
    office.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=office)
    public_pages_changed(centre)
    return office


@transaction.atomic
def office_update(*, office: Office, data: dict[str, Any], actor: Any) -> dict[str, Any]:
    public_pages_changed(office.centre)
    return model_update(instance=office, data=data, actor=actor, centre=office.centre)


@transaction.atomic
def window_save(
    *,
    centre: Centre,
    office: Office,
    number: str,
    label: str = "",
    is_active: bool = True,
    window: Window | None = None,
    actor: Any = None,
) -> Window:
    """Create a window (desk) of an office, or change one; only in the centre's own office.
    The services it handles are the catalog's to set (``catalog.services.window_services_set``)."""
    if office.centre_id != centre.pk or (window is not None and window.office_id != office.pk):
        raise ValidationError(_("Офіс має належати до цього центру."))
    is_new = window is None
    window = window or Window(centre=centre, office=office)
    window.number, window.label, window.is_active = number.strip(), label.strip(), is_active
    window.full_clean()
    window.save()
    public_pages_changed(centre)  # booking offers the active windows (kept timetables)
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        obj=window,
    )
    return window


@transaction.atomic
def office_hours_replace(
    *, office: Office, intervals: Iterable[tuple[int, dt.time, dt.time]], actor: Any
) -> list[OpeningHours]:
    """Replace the weekly timetable of an office as one unit: all intervals or none."""
    new_rows = [
        OpeningHours(office=office, weekday=weekday, opens=opens, closes=closes)
        for weekday, opens, closes in intervals
    ]
    for row in new_rows:
        row.full_clean(exclude=["office"])
    old = [str(h) for h in office.hours.all()]
    office.hours.all().delete()
    OpeningHours.objects.bulk_create(new_rows)
    public_pages_changed(office.centre)
    new = [str(h) for h in new_rows]
    if old != new:
        audit_record(
            actor=actor,
            centre=office.centre,
            action=AuditAction.UPDATE,
            obj=office,
            changes={"hours": [old, new]},
        )
    return new_rows


@transaction.atomic
def office_closure_set(
    *,
    office: Office,
    date: dt.date,
    opens: dt.time | None,
    closes: dt.time | None,
    note: str,
    actor: Any,
) -> OfficeClosure:
    closure, _created = OfficeClosure.objects.get_or_create(
        office=office, date=date, defaults={"opens": opens, "closes": closes, "note": note}
    )
    closure.opens, closure.closes, closure.note = opens, closes, note
    closure.full_clean()
    closure.save()
    public_pages_changed(office.centre)
    audit_record(
        actor=actor,
        centre=office.centre,
        action=AuditAction.UPDATE,
        obj=office,
        changes={"special_day": [None, f"{date.isoformat()} {note}"]},
    )
    return closure


@transaction.atomic
def office_closure_delete(*, closure: OfficeClosure, actor: Any) -> None:
    office = closure.office
    audit_record(
        actor=actor,
        centre=office.centre,
        action=AuditAction.UPDATE,
        obj=office,
        changes={"special_day": [closure.date.isoformat(), None]},
    )
    closure.delete()
    public_pages_changed(office.centre)


@transaction.atomic
def calendar_day_set(
    *, centre: Centre, date: dt.date, is_working_day: bool, note: str, actor: Any
) -> CalendarDay:
    """Mark a date as a working or non-working day of the centre, overriding the national
    calendar for the deadlines counted in working days (Law 2939-VI, art. 20)."""
    day, _created = CalendarDay.objects.get_or_create(
        centre=centre, date=date, defaults={"is_working_day": is_working_day, "note": note}
    )
    day.is_working_day, day.note = is_working_day, note
    day.full_clean()
    day.save()
    public_pages_changed(centre)
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.UPDATE,
        obj=centre,
        changes={"calendar_day": [None, f"{date.isoformat()} {is_working_day} {note}"]},
    )
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, actor: Any) -> None:
    audit_record(
        actor=actor,
        centre=day.centre,
        action=AuditAction.UPDATE,
        obj=day.centre,
        changes={"calendar_day": [f"{day.date.isoformat()} {day.is_working_day} {day.note}", None]},
    )
    public_pages_changed(day.centre)
    day.delete()
