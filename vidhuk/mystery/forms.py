"""The mystery-shopper report: visit facts, the checklist and photos; the review forms.

The checklist is built by the public questionnaire's form (`SurveyForm`: the same fields, hints
and skip-logic notes for every question type); the report drops what a public page needs
against abuse (honeypot, timing stamp) — an evaluator is signed in with a second factor — and
adds the visit facts and the photos. Every rule is the service's (`services.py`); the
form only shapes the input and puts the service's refusals at the right field.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.forms import (
    ModelChoiceField,
    MultipleFileField,
    MultipleFileInput,
    PeriodFilterForm,
    filter_date_field,
)
from vidhuk.core.models import Office
from vidhuk.surveys.choices import QuestionType
from vidhuk.surveys.forms.public import SurveyForm, field_name

from .choices import MysteryVisitStatus
from .models import MysteryVisitPhoto
from .services import (
    CLOCK_TOLERANCE,
    MAX_MINUTES,
    MAX_PHOTO_MB,
    MAX_PHOTOS,
    VisitFacts,
    mystery_answers_check,
)

if TYPE_CHECKING:
    from vidhuk.surveys.models import QuestionnaireVersion

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
ACTION_DRAFT = "draft"
ACTION_SUBMIT = "submit"
FACT_FIELDS = ("visited_at", "office", "service", "minutes_waited", "minutes_served")


def _minutes_field(label: Any, hint: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        required=False,
        min_value=0,
        max_value=MAX_MINUTES,
        error_messages={
            "invalid": _("Вкажіть кількість хвилин цілим числом, наприклад 15."),
            "min_value": _("Кількість хвилин не може бути від’ємною."),
            "max_value": _("Вкажіть не більше %(limit_value)s хвилин (доба)."),
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
    )


class MysteryReportForm(SurveyForm):
    """A new report or a draft or returned one being edited. The button pressed (``action``)
    decides whether it is saved as a draft or submitted for review."""

    visited_at = forms.DateTimeField(
        label=_("Дата й час візиту"),
        help_text=_("Коли ви прийшли до офісу, наприклад 02.03.2026 10:30."),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input--width-20"},
            format="%Y-%m-%dT%H:%M",
        ),
        error_messages={
            "required": _("Вкажіть дату й час візиту."),
            "invalid": _("Вкажіть дату й час, наприклад 02.03.2026 10:30."),
        },
    )
    office = ModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        empty_label=_("Оберіть офіс"),
        error_messages={
            "required": _("Оберіть офіс, який ви відвідали."),
            "invalid_choice": _("Оберіть офіс зі списку."),
        },
    )
    service = ModelChoiceField(
        label=_("Послуга, яку ви намагалися отримати"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Не вказано"),
        error_messages={"invalid_choice": _("Оберіть послугу зі списку.")},
    )
    minutes_waited = _minutes_field(
        _("Скільки хвилин ви чекали"),
        _("Від отримання талона до запрошення до вікна."),
    )
    minutes_served = _minutes_field(
        _("Скільки хвилин тривало обслуговування"),
        _("Від підходу до вікна до завершення."),
    )
    photos = MultipleFileField(
        label=_("Фото"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_photos = forms.ModelMultipleChoiceField(
        label=_("Прибрати фото"),
        queryset=MysteryVisitPhoto.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        version: QuestionnaireVersion,
        offices: QuerySet[Office],
        services: QuerySet[Service],
        photos: QuerySet[MysteryVisitPhoto] | None = None,
        answers: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, version=version, **kwargs)
        # Abuse checks of a public page: an evaluator is signed in with a second factor.
        del self.fields["website"], self.fields["form_stamp"]
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["photos"].help_text = _(
            "JPEG або PNG, до %(mb)s МБ кожне, разом не більше %(count)s фото. "
            "Перед збереженням з фото видаляються дані про місце зйомки та камеру."
        ) % {"mb": MAX_PHOTO_MB, "count": MAX_PHOTOS}
        if photos is not None and photos.exists():
            self.fields["remove_photos"].queryset = photos  # type: ignore[attr-defined]
            self.fields["remove_photos"].label_from_instance = (  # type: ignore[attr-defined]
                lambda photo: photo.original_name
            )
        else:
            del self.fields["remove_photos"]
        for code, value in (answers or {}).items():
            self._set_initial_answer(code, value)
        action = self.data.get("action") if self.is_bound else None
        self.is_submit = action == ACTION_SUBMIT

    def _set_initial_answer(self, code: str, value: Any) -> None:
        question = self._by_code.get(code)
        if question is None:
            return
        if question.type == QuestionType.MATRIX:
            for row, choice in value.items():
                self.initial[field_name(question, row)] = choice
        else:
            self.initial[field_name(question)] = value

    def fact_fields(self) -> list[Any]:
        return [self[name] for name in FACT_FIELDS]

    def facts(self) -> VisitFacts:
        data = self.cleaned_data
        return VisitFacts(
            visited_at=data["visited_at"],
            office=data["office"],
            service=data.get("service"),
            minutes_waited=data.get("minutes_waited"),
            minutes_served=data.get("minutes_served"),
        )

    def clean_visited_at(self) -> dt.datetime:
        # The service checks it too; here so it shows with the other mistakes at once.
        visited_at: dt.datetime = self.cleaned_data["visited_at"]
        if visited_at > timezone.now() + CLOCK_TOLERANCE:
            raise ValidationError(_("Дата й час візиту не можуть бути в майбутньому."))
        return visited_at

    def removed_photo_ids(self) -> list[int]:
        return [photo.pk for photo in self.cleaned_data.get("remove_photos") or []]

    def clean(self) -> dict[str, Any]:
        # Not SurveyForm.clean: no honeypot or timing here, and a draft may be incomplete.
        forms.Form.clean(self)
        try:
            mystery_answers_check(
                version=self.version, answers=self.answers(), complete=self.is_submit
            )
        except ValidationError as error:
            self.add_service_error(error)
        return self.cleaned_data

    def add_service_error(self, error: ValidationError) -> None:
        """A refusal of a visit fact goes to its field, of an answer to its question."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            if name in self.fields and not name.startswith("q_"):
                self.add_error(name, errors)
            else:
                self.add_error(self._target(name), errors)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Що потрібно виправити"),
        help_text=_("Таємний відвідувач побачить цей коментар у своєму звіті."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Напишіть, що саме потрібно виправити у звіті.")},
    )


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Стан"),
        required=False,
        choices=[("", _("Усі"))]
        + [(s.value, s.label) for s in MysteryVisitStatus if s != MysteryVisitStatus.DRAFT],
        error_messages={"invalid_choice": _("Оберіть стан зі списку.")},
    )
    office = ModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("Усі офіси"),
        error_messages={"invalid_choice": _("Оберіть офіс зі списку.")},
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]


class ScoresFilterForm(PeriodFilterForm):
    date_from = filter_date_field(_("Візити з"), invalid=_("Вкажіть дату, наприклад 01.01.2026."))
    date_to = filter_date_field(_("Візити по"), invalid=_("Вкажіть дату, наприклад 31.12.2026."))


def default_visit_time() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)
