"""Forms of the loop's back-office pages: adding evidence to a finding (an existing one or a new
one), the «you said» draft, and a decision's survey indicator. Shapes and messages only."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Office

from ..models import Finding
from .staff import REQUIRED, SubmissionKeyMixin, _within_range, date_field

NEW = "new"


class AddToFindingForm(SubmissionKeyMixin):
    """Join an open finding, or open a new one with the drafted title and «you said»."""

    target = forms.ChoiceField(
        label=_("До якого висновку додати?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Виберіть висновок або створіть новий."),
            "invalid_choice": _("Виберіть висновок зі списку: цей уже закрито або його немає."),
        },
    )
    title = forms.CharField(label=_("Назва нового висновку"), max_length=255, required=False)
    summary = forms.CharField(
        label=_("Ви сказали"),
        required=False,
        max_length=5000,
        help_text=_("Чернетку складено з підстав. Не наводьте слів чи імені заявника."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, findings: QuerySet[Finding], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.findings = {str(f.pk): f for f in findings}
        choices = [
            (pk, _("Висновок № %(number)s. %(title)s") % {"number": f.number, "title": f.title})
            for pk, f in self.findings.items()
        ]
        cast(forms.ChoiceField, self.fields["target"]).choices = [
            *choices,
            (NEW, _("Новий висновок")),
        ]
        if not choices:
            self.initial.setdefault("target", NEW)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") == NEW:
            if not (data.get("title") or "").strip():
                self.add_error("title", _("Назвіть новий висновок."))
            if not (data.get("summary") or "").strip():
                self.add_error("summary", _("Опишіть, що сказали мешканці."))
        return data

    @property
    def chosen(self) -> Finding | None:
        return self.findings.get(self.cleaned_data.get("target", ""))


class SurveyFigureForm(forms.Form):
    """Which question, which period, which office or service (read from the address: the results
    page's own filters)."""

    question = forms.ChoiceField(
        label=_("Питання"),
        error_messages={
            "required": _("Виберіть питання."),
            "invalid_choice": _("Виберіть питання зі списку."),
        },
    )
    date_from = date_field(_("З дати"), required=False)
    date_to = date_field(_("По дату"), required=False)
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

    def __init__(
        self,
        *args: Any,
        questions: list[tuple[str, str]],
        offices: QuerySet[Office],
        services: QuerySet[Service],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["question"]).choices = [
            ("", _("Виберіть питання")),
            *questions,
        ]
        cast(forms.ModelChoiceField, self.fields["office"]).queryset = offices
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _within_range(self, "date_from", "date_to")
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Кінцева дата не може бути раніше за початкову."))
        return data


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Ви сказали"),
        max_length=5000,
        help_text=_("Чернетку складено з підстав висновку: перевірте й відредагуйте."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=REQUIRED,
    )


class IndicatorForm(SurveyFigureForm):
    """A decision's indicator: a question with an office or a service; its baseline is the
    three months before the decision (the dates are not asked)."""

    label = forms.CharField(
        label=_("Назва показника на дошці"),
        max_length=255,
        required=False,
        help_text=_("Якщо не заповнити — буде текст питання."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["date_from"], self.fields["date_to"]
