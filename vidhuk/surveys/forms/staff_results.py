"""Forms of the results pages: the filters, a moderator's decision, the bulk refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Office

from ..choices import Channel
from ..models import QuestionnaireVersion
from ..results.types import ResultFilters
from ..services.moderation import PUBLIC_TEXT_MAX_LENGTH

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        error_messages={"invalid": _("Вкажіть дату, наприклад 02.03.2026.")},
    )


class VersionChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(_("Версія %(number)s") % {"number": obj.number})


class ResultsFilterForm(forms.Form):
    date_from = _date_field(_("Період з"))
    date_to = _date_field(_("Період по"))
    office = ModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("Усі офіси"),
        error_messages={"invalid_choice": _("Виберіть офіс зі списку.")},
    )
    service = ModelChoiceField(
        label=_("Послуга"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Усі послуги"),
        error_messages={"invalid_choice": _("Виберіть послугу зі списку.")},
    )
    channel = forms.ChoiceField(
        label=_("Канал"),
        required=False,
        choices=[("", _("Усі канали")), *Channel.choices],
        error_messages={"invalid_choice": _("Виберіть канал зі списку.")},
    )
    version = VersionChoiceField(
        label=_("Версія анкети"),
        queryset=QuestionnaireVersion.objects.none(),
        required=False,
        empty_label=_("Усі версії"),
        error_messages={"invalid_choice": _("Виберіть версію зі списку.")},
    )

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Office],
        services: QuerySet[Service],
        versions: QuerySet[QuestionnaireVersion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["version"].queryset = versions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Вкажіть дату між 2000 і 2100 роком."))
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Кінець періоду не може бути раніше за початок."))
        return data

    def filters(self) -> ResultFilters:
        """The selector's filters from a valid form; an unbound or invalid form filters nothing."""
        if not self.is_bound or not self.is_valid():
            return ResultFilters()
        data = self.cleaned_data
        return ResultFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            office_id=data["office"].pk if data["office"] else None,
            service_id=data["service"].pk if data["service"] else None,
            channel=data["channel"],
            version_id=data["version"].pk if data["version"] else None,
        )


class ModerationForm(forms.Form):
    """One comment: publish it with a text cleared of personal data, or refuse it."""

    PUBLISH = "publish"
    REJECT = "reject"

    decision = forms.ChoiceField(
        choices=[(PUBLISH, _("Оприлюднити")), (REJECT, _("Не оприлюднювати"))],
        error_messages={
            "required": _("Виберіть, що зробити з коментарем."),
            "invalid_choice": _("Виберіть, що зробити з коментарем."),
        },
    )
    public_text = forms.CharField(
        label=_("Текст для оприлюднення"),
        help_text=_(
            "Приберіть імена, прізвища, номери телефонів, адреси та інші персональні дані."
        ),
        required=False,
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("Текст задовгий: не більше %(limit_value)d символів."),
        },
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == self.PUBLISH and not (data.get("public_text") or "").strip():
            self.add_error(
                "public_text", _("Напишіть текст, який можна оприлюднити, або не оприлюднюйте.")
            )
        return data


class IdListField(forms.TypedMultipleChoiceField):
    """Ticked record ids; whether they are the centre's is the service's check."""

    def valid_value(self, value: Any) -> bool:
        text = str(value)
        return text.isascii() and text.isdigit() and len(text) <= 12


class BulkRejectForm(forms.Form):
    comments = IdListField(
        coerce=int,
        error_messages={
            "required": _("Позначте коментарі, які не треба оприлюднювати."),
            "invalid_choice": _("Позначте коментарі зі списку."),
        },
    )
