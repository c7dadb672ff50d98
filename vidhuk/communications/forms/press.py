"""Forms of the media and partner register and of a press release's media list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vidhuk.core.forms import ModelMultipleChoiceField
from vidhuk.core.models import Centre

from ..models import MediaOutlet, OutletKind, PartnerKind

REQUIRED = {"required": _("Заповніть це поле.")}
NUMBER = {"invalid": _("Вкажіть ціле число, наприклад 500."), "min_value": _("Не менше 0.")}


class OutletForm(forms.Form):
    name = forms.CharField(label=_("Назва"), max_length=255, error_messages=REQUIRED)
    kind = forms.ChoiceField(label=_("Вид"), choices=OutletKind.choices, error_messages=REQUIRED)
    region = forms.CharField(label=_("Регіон"), max_length=120, required=False)
    reach = forms.IntegerField(
        label=_("Охоплення"), min_value=0, required=False, error_messages=NUMBER
    )
    beat = forms.CharField(label=_("Тематика"), max_length=255, required=False)
    do_not_contact = forms.BooleanField(label=_("Не контактувати"), required=False)
    notes = forms.CharField(
        label=_("Примітки"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Ім’я"), max_length=255, error_messages=REQUIRED)
    email = forms.EmailField(
        label=_("Електронна пошта"),
        required=False,
        error_messages={"invalid": _("Вкажіть адресу пошти, наприклад name@example.org.")},
    )
    phone = forms.CharField(label=_("Телефон"), max_length=64, required=False)
    role = forms.CharField(label=_("Посада"), max_length=255, required=False)
    do_not_contact = forms.BooleanField(label=_("Не контактувати"), required=False)


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Назва"), max_length=255, error_messages=REQUIRED)
    kind = forms.ChoiceField(label=_("Вид"), choices=PartnerKind.choices, error_messages=REQUIRED)
    address = forms.CharField(label=_("Адреса"), max_length=255, required=False)
    contact = forms.CharField(label=_("Контакт"), max_length=255, required=False)
    materials = forms.CharField(
        label=_("Які матеріали тримає"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_frequent_place = forms.BooleanField(
        label=_("Місце, яке мешканці відвідують найчастіше"), required=False
    )


class DistributionForm(forms.Form):
    outlets = ModelMultipleChoiceField(
        label=_("Кому надіслати"),
        queryset=MediaOutlet.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Виберіть хоча б одне медіа.")},
    )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlets"].queryset = MediaOutlet.objects.filter(  # type: ignore[attr-defined]
            centre=centre, do_not_contact=False, archived_at=None
        )
