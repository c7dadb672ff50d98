"""Forms of the kiosk, the operator's console and the figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Office, Window

from .choices import DeviceKind, Outcome, Purpose

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
MAX_PERIOD_DAYS = 366


class ServiceChoice(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class KioskForm(forms.Form):
    """The purpose is the button pressed; the service is an optional choice above the buttons."""

    service = ServiceChoice(
        # The form renderer adds «(необов’язково)» to an optional field's label itself.
        label=_("Послуга"),
        help_text=_(
            "Якщо знаєте, яка послуга потрібна, оберіть її — так вас покличуть до вікна, "
            "де її надають."
        ),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Не знаю або кілька послуг"),
        error_messages={"invalid_choice": _("Оберіть послугу зі списку.")},
    )
    purpose = forms.ChoiceField(
        choices=Purpose.choices,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Оберіть, з якою метою ви прийшли."),
            "invalid_choice": _("Оберіть, з якою метою ви прийшли."),
        },
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, services: Sequence[Service], **kwargs: Any) -> None:
        """`services`: the kiosk's, already read (`kiosk_services_kept`)."""
        super().__init__(*args, **kwargs)
        self.services = services
        cast(ServiceChoice, self.fields["service"]).give_rows(services)


class DeviceSetupForm(forms.Form):
    code = forms.CharField(
        label=_("Код налаштування пристрою"),
        help_text=_(
            "Його показали адміністратору під час реєстрації пристрою, наприклад «ABCD-EFGH-JKMN»."
        ),
        max_length=32,
        error_messages={"required": _("Введіть код налаштування пристрою.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "govuk-input--width-20",
            }
        ),
    )


class DeviceRegisterForm(forms.Form):
    office = ModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Оберіть офіс."),
            "invalid_choice": _("Оберіть офіс зі списку."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Пристрій"),
        choices=DeviceKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Оберіть, що це за пристрій."),
            "invalid_choice": _("Оберіть, що це за пристрій."),
        },
    )
    label = forms.CharField(
        label=_("Назва пристрою"),
        help_text=_("Щоб відрізнити його в списку, наприклад «Термінал біля входу»."),
        max_length=80,
        error_messages={"required": _("Введіть назву пристрою.")},
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Код підтвердження запису"),
        help_text=_("Він є в листі або повідомленні про запис, наприклад «KM4TXQ»."),
        max_length=32,
        error_messages={"required": _("Введіть код підтвердження запису.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "govuk-input--width-10 vd-queue-code-input",
            }
        ),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)


class FinishForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Результат обслуговування"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Оберіть результат обслуговування."),
            "invalid_choice": _("Оберіть результат обслуговування."),
        },
    )


class TransferForm(forms.Form):
    to_window = ModelChoiceField(
        label=_("До іншого вікна"),
        queryset=Window.objects.none(),
        required=False,
        empty_label=_("Не передавати до вікна"),
        error_messages={"invalid_choice": _("Оберіть вікно зі списку.")},
    )
    to_service = ServiceChoice(
        label=_("Або в чергу іншої послуги"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Не змінювати послугу"),
        error_messages={"invalid_choice": _("Оберіть послугу зі списку.")},
    )

    def __init__(
        self,
        *args: Any,
        windows: QuerySet[Window],
        services: QuerySet[Service],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_window"].queryset = windows  # type: ignore[attr-defined]
        self.fields["to_service"].queryset = services  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and bool(data.get("to_window")) == bool(data.get("to_service")):
            self.add_error("to_window", _("Оберіть або вікно, або послугу — одне з двох."))
        return data


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        error_messages={
            "required": _("Вкажіть дату."),
            "invalid": _("Вкажіть дату, наприклад 02.03.2026."),
        },
    )


class FiguresFilterForm(forms.Form):
    date_from = _date_field(_("З дати"))
    date_to = _date_field(_("По дату"))
    office = ModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("Усі офіси"),
        error_messages={"invalid_choice": _("Оберіть офіс зі списку.")},
    )

    def __init__(self, data: Any, *, offices: QuerySet[Office]) -> None:
        today = timezone.localdate()
        initial = {"date_from": today - dt.timedelta(days=29), "date_to": today}
        if not data or not any(data.get(name) for name in ("date_from", "date_to", "office")):
            data = {key: value.isoformat() for key, value in initial.items()}
        super().__init__(data)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_from > date_to:
                self.add_error("date_to", _("Кінець періоду має бути не раніше за початок."))
            elif (date_to - date_from).days >= MAX_PERIOD_DAYS:
                self.add_error("date_to", _("Оберіть період не довший за рік."))
        return data
