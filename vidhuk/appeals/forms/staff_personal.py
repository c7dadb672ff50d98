"""Forms of personal data: finding an applicant's records, the centre's retention settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import DEFAULT_RETENTION_DAYS


class ApplicantSearchForm(forms.Form):
    email = forms.EmailField(
        label=_("Електронна пошта заявника"),
        required=False,
        error_messages={"invalid": _("Вкажіть адресу електронної пошти, наприклад ім’я@ukr.net.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Телефон заявника"),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}
        ),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors and not (data.get("email") or data.get("phone", "").strip()):
            raise ValidationError(_("Вкажіть електронну пошту або телефон заявника."))
        return data


class AppealsSettingsForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Строк зберігання персональних даних, днів після закриття"),
        min_value=30,
        max_value=36500,
        initial=DEFAULT_RETENTION_DAYS,
        help_text=_(
            "Після цього строку ПІБ, адреса, контакти й текст знеособлюються; статистика лишається."
        ),
        error_messages={
            "required": _("Вкажіть строк у днях."),
            "invalid": _("Вкажіть строк цілим числом днів."),
            "min_value": _("Не менше 30 днів."),
            "max_value": _("Не більше 36 500 днів."),
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    digest_enabled = forms.BooleanField(
        label=_("Щоранку надсилати виконавцям лист про строки, що спливають"), required=False
    )
