"""Cache invalidation only: the footer's cached week of a centre is dropped once a change to its
hours, offices or the centre itself is committed (``templatetags/portal_footer.py``). Hours are
replaced with a bulk insert, which sends no signal: the audit record every staff change writes
covers it."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from vidhuk.core.models import AuditEvent, Centre, Office, OpeningHours

from .templatetags.portal_footer import footer_cache_key


def _forget(centre_id: int | None) -> None:
    if centre_id is not None:
        transaction.on_commit(lambda: cache.delete(footer_cache_key(centre_id)))


def _office_changed(sender: Any, instance: Office, **kwargs: Any) -> None:
    _forget(instance.centre_id)


def _hours_changed(sender: Any, instance: OpeningHours, **kwargs: Any) -> None:
    office = Office.objects.filter(pk=instance.office_id).values_list("centre_id", flat=True)
    _forget(office.first())


def _centre_changed(sender: Any, instance: Centre, **kwargs: Any) -> None:
    _forget(instance.pk)


def _audited(sender: Any, instance: AuditEvent, **kwargs: Any) -> None:
    _forget(instance.centre_id)


def connect() -> None:
    post_save.connect(_audited, sender=AuditEvent, dispatch_uid="portal-audit")
    for signal in (post_save, post_delete):
        signal.connect(_office_changed, sender=Office, dispatch_uid=f"portal-office-{signal}")
        signal.connect(_hours_changed, sender=OpeningHours, dispatch_uid=f"portal-hours-{signal}")
        signal.connect(_centre_changed, sender=Centre, dispatch_uid=f"portal-centre-{signal}")
