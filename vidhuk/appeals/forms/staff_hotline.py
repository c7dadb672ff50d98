"""Forms of the hotline: a call, the call log's filter, a case made from a call."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Office

from ..choices import (
    Kind,
    Topic,
)
from .staff_common import (
    REQUIRED,
    ApplicantFieldsMixin,
    blank,
    check_applicant,
    date_field,
    datetime_field,
    scope_choices,
)


class HotlineCallForm(forms.Form):
    started_at = datetime_field(_("Початок дзвінка"))
    duration = forms.CharField(
        label=_("Тривалість"),
        max_length=20,
        help_text=_("Хвилини, наприклад 4, 4:30, 4 хв або 4 хв 30 с"),
        error_messages={"required": _("Вкажіть тривалість дзвінка.")},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    topic = forms.ChoiceField(label=_("Тема"), required=False, choices=blank("—") + Topic.choices)
    office = ModelChoiceField(
        label=_("Офіс"), queryset=Office.objects.none(), required=False, empty_label="—"
    )
    service = ModelChoiceField(
        label=_("Послуга"), queryset=Service.objects.none(), required=False, empty_label="—"
    )
    question = forms.CharField(
        label=_("Питання"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED
    )
    consultation = forms.CharField(
        label=_("Надана консультація"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    staff_remark = forms.CharField(
        label=_("Зауваження щодо працівника"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    make_case = forms.BooleanField(
        label=_("Потрібен подальший розгляд — відкрити звернення"),
        required=False,
        help_text=_("Після збереження відкриється коротка форма звернення за цим дзвінком."),
    )

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Office],
        services: QuerySet[Service],
        default_office: Office | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        scope_choices(self, offices=offices, services=services)
        for name in ("office", "service"):
            self.fields[name].error_messages["invalid_choice"] = _("Виберіть зі списку.")
        self.initial.setdefault("started_at", timezone.localtime().replace(second=0, microsecond=0))
        self.initial.setdefault("office", default_office.pk if default_office else None)

    def clean_duration(self) -> int:
        seconds = parse_call_duration(self.cleaned_data["duration"])
        if seconds is None:
            raise ValidationError(
                _("Вкажіть тривалість, наприклад 4, 4:30, 4 хв або 4 хв 30 с."), code="invalid"
            )
        if not 0 < seconds <= 6 * 3600:
            raise ValidationError(_("Тривалість має бути від 1 секунди до 6 годин."))
        return seconds


_DURATION_CLOCK = re.compile(r"(\d{1,3})[:.,](\d{1,2})")
_DURATION_PART = re.compile(r"(\d{1,3})\s*([a-zа-яіїєґ]*)\.?\s*")


def parse_call_duration(value: str) -> int | None:
    """Seconds from what an operator types: «4» (minutes), «4:30», «4 хв», «4 хв 30 с»,
    «1 год 5 хв», «30 с»; None when it is none of these."""
    value = value.strip().lower()
    clock = _DURATION_CLOCK.fullmatch(value)
    if clock:
        minutes, seconds = int(clock.group(1)), int(clock.group(2))
        return minutes * 60 + seconds if seconds < 60 else None
    total, position, parts = 0, 0, 0
    for part in _DURATION_PART.finditer(value):
        if part.start() != position:
            return None
        position, parts = part.end(), parts + 1
        number, unit = int(part.group(1)), part.group(2)
        if unit.startswith(("год", "г", "h")):
            total += number * 3600
        elif unit.startswith(("хв", "м", "min")) or (not unit and parts == 1):
            total += number * 60
        elif unit.startswith(("с", "s")) or not unit:
            if number > 59 and parts > 1:
                return None
            total += number
        else:
            return None
    return total if parts and position == len(value) else None


class HotlineFilterForm(forms.Form):
    date_from = date_field(_("З"), required=False)
    date_to = date_field(_("По"), required=False)
    with_case = forms.ChoiceField(
        label=_("Звернення"),
        required=False,
        choices=[
            ("", _("Усі дзвінки")),
            ("no", _("Лише консультації")),
            ("yes", _("Відкрито звернення")),
        ],
    )


class MakeCaseForm(ApplicantFieldsMixin):
    """A case from a hotline call: the name and what the caller wants, the rest from the call."""

    kind = forms.ChoiceField(
        label=_("Вид"),
        choices=[(k, label) for k, label in Kind.choices],
        initial=Kind.STATEMENT,
        error_messages={**REQUIRED, "invalid_choice": _("Виберіть вид зі списку.")},
    )
    text = forms.CharField(
        label=_("Зміст"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Запитання абонента вже вписано; уточніть, якщо треба."),
        error_messages=REQUIRED,
    )
    needs_study = forms.BooleanField(
        label=_("Потребує додаткового вивчення (строк — 1 місяць)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["full_name"].error_messages["required"] = _(
            "Вкажіть прізвище, ім’я та по батькові абонента."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        check_applicant(self, data, kind=data.get("kind", ""))
        return data
