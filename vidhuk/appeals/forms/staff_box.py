"""Forms of the suggestion box: an opening and the entries found in it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Office
from vidhuk.core.names import PersonNameField

from ..choices import (
    FEEDBACK_KINDS,
    Kind,
    Topic,
)
from .staff_common import (
    REQUIRED,
    blank,
    check_applicant,
    date_field,
    scope_choices,
)


class BoxOpeningForm(forms.Form):
    opened_on = date_field(_("Дата відкриття"), past=True)
    office = ModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        empty_label=_("Виберіть офіс"),
        error_messages={**REQUIRED, "invalid_choice": _("Виберіть офіс зі списку.")},
    )
    opened_by = forms.CharField(
        label=_("Хто відкривав"),
        max_length=500,
        help_text=_("Прізвища та посади членів комісії."),
        error_messages={"required": _("Вкажіть, хто відкривав скриньку.")},
    )
    note = forms.CharField(
        label=_("Примітка"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Office],
        default_office: Office | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        scope_choices(self, offices=offices)
        self.initial.setdefault("opened_on", timezone.localdate())
        self.initial.setdefault("office", default_office.pk if default_office else None)


class BoxEntryForm(forms.Form):
    """One note from the box. Leave the name empty for an unsigned note: it can only be feedback."""

    kind = forms.ChoiceField(
        label=_("Вид"),
        choices=Kind.choices,
        initial=Kind.QUALITY_REMARK,
        error_messages={"invalid_choice": _("Виберіть вид зі списку.")},
    )
    text = forms.CharField(label=_("Зміст"), widget=forms.Textarea(attrs={"rows": 3}))
    topic = forms.ChoiceField(label=_("Тема"), required=False, choices=blank("—") + Topic.choices)
    full_name = PersonNameField(label=_("ПІБ, якщо підписано"), required=False, max_length=255)
    address = forms.CharField(label=_("Місце проживання"), required=False, max_length=500)
    phone = forms.CharField(label=_("Телефон"), required=False, max_length=32)
    email = forms.EmailField(
        label=_("Електронна пошта"),
        required=False,
        error_messages={"invalid": _("Вкажіть адресу електронної пошти, наприклад ім’я@ukr.net.")},
    )

    def has_changed(self) -> bool:
        # The kind select always has a value: a row counts as filled when anything else is.
        return any(name != "kind" and name in self.changed_data for name in self.fields)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.has_changed():
            return data
        if not data.get("text", "").strip() and "text" not in self.errors:
            self.add_error("text", _("Перепишіть зміст запису."))
        kind = data.get("kind", "")
        if not data.get("full_name", "").strip():
            if kind and kind not in FEEDBACK_KINDS:
                self.add_error(
                    "kind",
                    _(
                        "Непідписаний запис може бути лише відгуком: анонімне звернення не "
                        "розглядається (ст. 8 Закону «Про звернення громадян»)."
                    ),
                )
        else:
            check_applicant(self, data, kind=kind)
            if kind == Kind.INFO_REQUEST and not (data.get("email") or data.get("address")):
                self.add_error(
                    "email", _("Для запиту вкажіть поштову адресу або електронну пошту.")
                )
        return data


class BaseBoxEntryFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form in self.forms:
            form.empty_permitted = True
            form.use_required_attribute = False
            form.fields["text"].required = False  # checked in clean() only for filled rows


BoxEntryFormSet = forms.formset_factory(
    BoxEntryForm, formset=BaseBoxEntryFormSet, extra=5, max_num=200, absolute_max=200
)
