"""What the appeals back office's forms share: date fields, centre-scoped choices, the applicant."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Office
from vidhuk.core.names import PersonNameField

from ..choices import (
    APPEAL_KINDS,
)

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
REQUIRED = {"required": _("Заповніть це поле.")}


def blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def soon() -> dt.datetime:
    """A moment in the past, as entered: a few minutes of clock difference are forgiven."""
    return timezone.now() + dt.timedelta(minutes=10)


def not_before_2000(value: dt.date | dt.datetime) -> None:
    day = value.date() if isinstance(value, dt.datetime) else value
    if day < EARLIEST:
        raise ValidationError(_("Вкажіть дату не раніше 01.01.2000."), code="too_early")


def not_in_future(value: dt.date | dt.datetime) -> None:
    moment = value if isinstance(value, dt.datetime) else None
    if (moment is not None and moment > soon()) or (
        moment is None and value > timezone.localdate()
    ):
        raise ValidationError(
            _("Ця дата ще не настала: вкажіть, коли надійшло звернення."), code="future"
        )


def not_after_2100(value: dt.date) -> None:
    if value > LATEST:
        raise ValidationError(_("Вкажіть дату не пізніше 31.12.2100."), code="too_late")


def datetime_field(label: Any, **kwargs: Any) -> forms.DateTimeField:
    # Dates of receipt: the deadline and the year of the registration index follow from them.
    kwargs.setdefault("validators", [not_before_2000, not_in_future])
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input--width-20"},
            format="%Y-%m-%dT%H:%M",
        ),
        error_messages={
            "invalid": _("Вкажіть дату й час, наприклад 02.03.2026 10:30."),
            **REQUIRED,
        },
        **kwargs,
    )


def date_field(label: Any, *, past: bool = False, **kwargs: Any) -> forms.DateField:
    # `past`: a day something happened (not in the future); otherwise a filter bound.
    kwargs.setdefault("validators", [not_before_2000, not_in_future if past else not_after_2100])
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        error_messages={"invalid": _("Вкажіть дату, наприклад 02.03.2026."), **REQUIRED},
        **kwargs,
    )


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def scope_choices(
    form: forms.BaseForm,
    *,
    offices: QuerySet[Office] | None = None,
    services: QuerySet[Service] | None = None,
    executors: QuerySet[Any] | None = None,
) -> None:
    """Limit the related choices to the member's centre (the lists the selectors give)."""
    for name, queryset in (("office", offices), ("service", services), ("executor", executors)):
        if name in form.fields and queryset is not None:
            model_choice(form, name).queryset = queryset


def executor_label(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


class ExecutorChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return executor_label(obj)


class ApplicantFieldsMixin(forms.Form):
    """Who wrote or called. Only feedback may be anonymous (Art. 8 of Law 393/96-ВР)."""

    full_name = PersonNameField(
        label=_("Прізвище, ім’я, по батькові"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    address = forms.CharField(
        label=_("Місце проживання"),
        required=False,
        max_length=500,
        help_text=_("Обов’язкове для пропозиції, заяви чи скарги (ст. 5 Закону)."),
    )
    email = forms.EmailField(
        label=_("Електронна пошта"),
        required=False,
        error_messages={"invalid": _("Вкажіть адресу електронної пошти, наприклад ім’я@ukr.net.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Телефон"),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}
        ),
    )
    is_benefit_holder = forms.BooleanField(
        label=_("Заявник має пільги (розглядається першочергово)"), required=False
    )


def check_applicant(form: forms.Form, data: dict[str, Any], *, kind: str) -> None:
    """The most common refusals, told at the field; the model's own checks stay the authority."""
    needs_address = kind in APPEAL_KINDS and data.get("full_name", "").strip()
    if needs_address and not data.get("address", "").strip():
        form.add_error(
            "address", _("Вкажіть місце проживання (ст. 5 Закону «Про звернення громадян»).")
        )
