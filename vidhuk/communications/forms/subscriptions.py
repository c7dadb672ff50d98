"""Forms of subscriptions (residents) and mailings (staff)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

REQUIRED = {"required": _("Заповніть це поле.")}


class InterestsForm(forms.Form):
    topics = forms.TypedMultipleChoiceField(
        label=_("Теми"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    services = forms.TypedMultipleChoiceField(
        label=_("Послуги"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    offices = forms.TypedMultipleChoiceField(
        label=_("Офіси"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: dict[str, list[tuple[int, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            self.fields[name].choices = options  # type: ignore[attr-defined]


class SubscribeForm(InterestsForm):
    email = forms.EmailField(
        label=_("Електронна пошта"),
        error_messages={
            **REQUIRED,
            "invalid": _("Вкажіть адресу електронної пошти, наприклад ім’я@example.com."),
        },
    )
    consent = forms.BooleanField(
        label=_("Погоджуюся отримувати листи центру й на обробку моєї адреси для цього"),
        error_messages={"required": _("Щоб підписатися, потрібна ваша згода.")},
    )
    field_order = ["email", "topics", "services", "offices", "consent"]


class MailingForm(InterestsForm):
    subject = forms.CharField(label=_("Тема листа"), max_length=255, error_messages=REQUIRED)
    body = forms.CharField(
        label=_("Текст листа"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Абзаци розділяйте порожнім рядком."),
        error_messages=REQUIRED,
    )
    rate_per_minute = forms.IntegerField(
        label=_("Листів на хвилину"),
        min_value=1,
        max_value=6000,
        initial=60,
        error_messages={**REQUIRED, "invalid": _("Вкажіть ціле число.")},
    )
    field_order = ["subject", "body", "topics", "services", "offices", "rate_per_minute"]
