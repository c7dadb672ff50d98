"""Forms of publications: the staff's publication and schedule forms, the staff list's filters
and the public news filters. Input shape and plain Ukrainian messages; scoped choices (topics,
services, offices) are given by the view from selectors."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.forms import ModelMultipleChoiceField
from vidhuk.core.models import Office

from ..models import PublicationKind, PublicationState, Topic

REQUIRED = {"required": _("Заповніть це поле.")}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"]
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def datetime_field(label: Any, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input--width-20"},
            format="%Y-%m-%dT%H:%M",
        ),
        error_messages={
            "invalid": _("Вкажіть дату й час, наприклад 15.03.2027 10:00."),
            **REQUIRED,
        },
        **kwargs,
    )


class PublicationForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Вид"), choices=PublicationKind.choices, error_messages=REQUIRED
    )
    title = forms.CharField(label=_("Заголовок"), max_length=255, error_messages=REQUIRED)
    lead = forms.CharField(
        label=_("Коротко"),
        required=False,
        help_text=_("Одне-два речення: їх видно в списку новин і в стрічці."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    body = forms.CharField(
        label=_("Текст"),
        required=False,
        help_text=_(
            "Можна використовувати абзаци, заголовки, списки, посилання (HTML). "
            "Скрипти, стилі й вбудовані об’єкти буде видалено."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    image = forms.FileField(
        label=_("Зображення"),
        required=False,
        help_text=_("JPEG або PNG, до 8 МБ. Дані про місце зйомки буде видалено."),
    )
    image_alt = forms.CharField(
        label=_("Опис зображення"),
        max_length=255,
        required=False,
        help_text=_("Обов’язковий, якщо є зображення: що на ньому зображено."),
    )
    remove_image = forms.BooleanField(label=_("Прибрати зображення"), required=False)
    effective_on = forms.DateField(
        label=_("Набирає чинності"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("Для зміни законодавства: з якої дати діють нові правила."),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        error_messages={"invalid": _("Вкажіть дату, наприклад 01.04.2027.")},
    )
    embargo_until = datetime_field(
        _("Ембарго до"),
        required=False,
        help_text=_(
            "Для пресрелізу: до цього часу його не видно ніде — ні на сайті, ні в стрічці."
        ),
    )
    topics = ModelMultipleChoiceField(
        label=_("Теми"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": _("Виберіть тему зі списку.")},
    )
    services = ModelMultipleChoiceField(
        label=_("Послуги, яких це стосується"),
        queryset=Service.objects.none(),
        required=False,
        help_text=_("Зміна законодавства з’явиться на картках цих послуг. Утримуйте Ctrl."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("Виберіть послугу зі списку.")},
    )
    offices = ModelMultipleChoiceField(
        label=_("Офіси"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": _("Виберіть офіс зі списку.")},
    )
    title_en = forms.CharField(label=_("Заголовок англійською"), max_length=255, required=False)
    lead_en = forms.CharField(
        label=_("Коротко англійською"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body_en = forms.CharField(
        label=_("Текст англійською"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def scope(
        self,
        *,
        topics: QuerySet[Topic],
        services: QuerySet[Service],
        offices: QuerySet[Office],
    ) -> None:
        cast(forms.ModelMultipleChoiceField, self.fields["topics"]).queryset = topics
        cast(forms.ModelMultipleChoiceField, self.fields["services"]).queryset = services
        cast(forms.ModelMultipleChoiceField, self.fields["offices"]).queryset = offices


class ScheduleForm(forms.Form):
    publish_at = datetime_field(_("Опублікувати о"))


STAFF_STATES = [("", _("Усі стани")), *PublicationState.choices]
KINDS = [("", _("Усі види")), *PublicationKind.choices]


class StaffFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Стан"), choices=STAFF_STATES, required=False)
    kind = forms.ChoiceField(label=_("Вид"), choices=KINDS, required=False)


class NewsFilterForm(forms.Form):
    """The public list's filters (GET): kind and topic, by their codes."""

    kind = forms.ChoiceField(label=_("Вид"), choices=KINDS, required=False)
    topic = forms.ChoiceField(label=_("Тема"), required=False)

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["topic"]).choices = [
            ("", _("Усі теми")),
            *topics,
        ]


class TopicForm(forms.Form):
    name = forms.CharField(label=_("Назва теми"), max_length=120, error_messages=REQUIRED)
    name_en = forms.CharField(label=_("Назва англійською"), max_length=120, required=False)
