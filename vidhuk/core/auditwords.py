"""Audit entries in words: «Стан: В роботі → Відповідь надано», not ``status: in_progress →
answered``. A change is stored as codes (the log is evidence and must not depend on today's
labels); it is read through the recorded model's field names and choice labels at display time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

# Keys that services record beside the model's fields.
_EXTRA_LABELS: dict[str, Any] = {
    "filters": _("фільтри"),
    "include_personal_data": _("з персональними даними"),
    "reason": _("підстава"),
    "appeal": _("звернення"),
    "items": _("записи"),
}
_EXTRA_VALUES: dict[str, Any] = {"calendar": _("зміна календаря робочих днів")}
_EMPTY = "—"


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str
    is_change: bool


def _model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return _moved_model(object_type)


def _moved_model(object_type: str) -> type[models.Model] | None:
    """A model that moved to another app keeping its table (``db_table``) is still found by the
    label recorded before the move: its table is named ``<old app>_<model>``."""
    table = object_type.replace(".", "_")
    return next((m for m in apps.get_models() if m._meta.db_table == table), None)


def _field_of(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(field: Any, name: str) -> str:
    verbose = getattr(field, "verbose_name", None)
    if verbose:
        return str(verbose)
    return str(_EXTRA_LABELS.get(name, name.replace("_", " ")))


def value_in_words(field: Any, value: Any) -> str:
    """One recorded value as staff read it: a choice's label, a date as a date, yes or no."""
    if value is None or value == "" or value == []:
        return _EMPTY
    if isinstance(value, list):
        return ", ".join(value_in_words(field, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {value_in_words(None, item)}" for key, item in value.items())
    if isinstance(value, bool):
        return str(_("так") if value else _("ні"))
    choices = dict(getattr(field, "flatchoices", None) or [])
    if value in choices:
        return str(choices[value])
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "d.m.Y H:i")
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return formats.date_format(dt.date.fromisoformat(value[:10]), "d.m.Y")
        except ValueError:
            return value
    if isinstance(value, str) and value in _EXTRA_VALUES:
        return str(_EXTRA_VALUES[value])
    return str(value)


def readable_changes(event: Any) -> list[ChangeRow]:
    """An audit event's changes as rows of words: a `[before, after]` pair is a change, any
    other value a fact recorded with the event."""
    model = _model_of(event.object_type)
    rows = []
    for name, change in (event.changes or {}).items():
        field = _field_of(model, name)
        label = _label(field, name)
        if isinstance(change, list) and len(change) == 2:
            before, after = value_in_words(field, change[0]), value_in_words(field, change[1])
            rows.append(ChangeRow(label, before, after, True))
        else:
            rows.append(ChangeRow(label, "", value_in_words(field, change), False))
    return rows
