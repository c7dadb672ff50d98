"""Forms of events: the staff's event, document, check-in and minutes forms, and the resident's
registration (checked against bots as the booking form is: a signed stamp and an empty field)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vidhuk.appeals.services import normalise_phone
from vidhuk.core.formguard import GuardedForm
from vidhuk.core.forms import ServiceErrorsMixin

from ..models import EventKind

REQUIRED = {"required": _("Заповніть це поле.")}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"]
FORM_STAMP_SALT = "vidhuk.communications.events.registration"
FORM_MIN_SECONDS = 2


def datetime_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "invalid": _("Вкажіть дату й час, наприклад 15.03.2027 10:00."),
            **REQUIRED,
        },
    )


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид"), choices=EventKind.choices, error_messages=REQUIRED)
    title = forms.CharField(label=_("Назва"), max_length=255, error_messages=REQUIRED)
    description = forms.CharField(
        label=_("Опис"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_at = datetime_field(_("Початок"))
    ends_at = datetime_field(_("Завершення"))
    place = forms.CharField(
        label=_("Місце"), max_length=255, required=False, help_text=_("Адреса й зала.")
    )
    online_url = forms.URLField(
        label=_("Посилання на трансляцію"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Введіть адресу, наприклад https://example.com/stream.")},
    )
    agenda = forms.CharField(
        label=_("Порядок денний"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    capacity = forms.IntegerField(
        label=_("Кількість місць"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Порожньо — без обмежень."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "invalid": _("Вкажіть ціле число."),
            "min_value": _("Місць має бути щонайменше одне."),
            "max_value": _("Вкажіть не більше 100 000 місць."),
        },
    )
    registration_open = forms.BooleanField(
        label=_("Реєстрація відкрита"), required=False, initial=True
    )
    title_en = forms.CharField(label=_("Назва англійською"), max_length=255, required=False)
    description_en = forms.CharField(
        label=_("Опис англійською"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("Завершення не може бути раніше початку."))
        if not data.get("place", "").strip() and not data.get("online_url") and not self.errors:
            self.add_error("place", _("Вкажіть місце проведення або посилання на трансляцію."))
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Назва документа"), max_length=255, required=False)
    file = forms.FileField(
        label=_("Файл"),
        help_text=_("PDF, JPEG або PNG, до 20 МБ."),
        error_messages={"required": _("Виберіть файл."), "empty": _("Файл порожній.")},
    )


class CheckInForm(forms.Form):
    token = forms.CharField(
        label=_("Код із QR-коду реєстрації"),
        max_length=300,
        help_text=_("Відскануйте QR-код сканером (він введе код сам) або вставте посилання."),
        error_messages={"required": _("Введіть код реєстрації.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Протокол"),
        required=False,
        help_text=_("Кожне зауваження — окремим абзацом (між абзацами — порожній рядок)."),
        widget=forms.Textarea(attrs={"rows": 12}),
    )


class FindingFromMinutesForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    remarks = forms.TypedMultipleChoiceField(
        label=_("Зауваження з протоколу"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Виберіть хоча б одне зауваження з протоколу."),
            "invalid_choice": _("Виберіть зауваження зі списку."),
        },
    )
    title = forms.CharField(label=_("Назва висновку"), max_length=255, error_messages=REQUIRED)
    summary = forms.CharField(
        label=_("Що сказали мешканці"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=REQUIRED,
    )

    def __init__(self, *args: Any, remarks: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["remarks"]
        field.choices = [(n, text) for n, text in enumerate(remarks, start=1)]  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())


class RegistrationForm(ServiceErrorsMixin, GuardedForm):
    stamp_salt = FORM_STAMP_SALT
    stamp_min_seconds = FORM_MIN_SECONDS

    name = forms.CharField(
        label=_("Ваше ім’я"),
        max_length=150,
        help_text=_("Як до вас звертатися. Достатньо імені."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Вкажіть ваше ім’я.")},
    )
    email = forms.EmailField(
        label=_("Електронна пошта"),
        required=False,
        help_text=_("Надішлемо підтвердження, посилання для скасування і нагадування напередодні."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Введіть адресу електронної пошти, наприклад name@example.com.")
        },
    )
    phone = forms.CharField(
        label=_("Телефон"),
        max_length=32,
        required=False,
        help_text=_("Якщо не маєте електронної пошти. Наприклад, 067 123 45 67."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    accessibility_needs = forms.CharField(
        label=_("Потреби доступності (необов’язково)"),
        max_length=1000,
        required=False,
        help_text=_("Наприклад: пандус, сурдоперекладач, місце для супровідника."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wants_to_speak = forms.BooleanField(label=_("Хочу виступити"), required=False)
    speech_topic = forms.CharField(
        label=_("Тема виступу"),
        max_length=255,
        required=False,
        help_text=_("Якщо хочете виступити: про що коротко."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        phone = " ".join(data.get("phone", "").split())
        if phone:
            try:
                phone = normalise_phone(phone)  # E.164; without a country code: Ukrainian
            except ValidationError as error:
                self.add_error("phone", error.message_dict["phone"])
        data["phone"] = phone
        typed_wrong = "email" in self.errors or "phone" in self.errors
        if not typed_wrong and not data.get("email") and not phone:
            self.add_error("email", _("Вкажіть електронну пошту або телефон."))
        if data.get("wants_to_speak") and not data.get("speech_topic", "").strip():
            self.add_error("speech_topic", _("Вкажіть тему виступу."))
        self.guard_clean()
        return data
