"""Forms of the work on one case: assign, note, extend, answer, return, forward, refuse, confirm."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.models import User
from vidhuk.core.forms import ModelMultipleChoiceField

from ..choices import (
    CLASSIFIER_TOPIC_CHOICES,
    AnswerDelivery,
    ConsiderationResult,
    KindGroup,
    NotConsideredReason,
)
from .staff_common import (
    ExecutorChoiceField,
    date_field,
    executor_label,
    scope_choices,
)


class AssignForm(forms.Form):
    executor = ExecutorChoiceField(
        label=_("Виконавець"),
        queryset=User.objects.none(),
        empty_label=_("Виберіть виконавця"),
        error_messages={
            "required": _("Виберіть виконавця."),
            "invalid_choice": _("Виберіть виконавця зі списку."),
        },
    )

    def __init__(self, *args: Any, executors: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope_choices(self, executors=executors)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Службова примітка"),
        help_text=_("Заявник її не побачить."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Напишіть примітку.")},
    )


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Підстава продовження"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Заявник отримає повідомлення з цією підставою."),
        error_messages={"required": _("Обґрунтуйте продовження строку.")},
    )
    new_deadline = date_field(_("Новий строк"), required=False)

    def __init__(self, *args: Any, appeal: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if appeal.kind_group == KindGroup.APPEAL:
            self.fields["new_deadline"].required = True
            self.fields["new_deadline"].help_text = _(
                "Разом не більше 45 днів від надходження (ст. 20 Закону «Про звернення громадян»)."
            )
            self.fields["new_deadline"].error_messages["required"] = _("Вкажіть новий строк.")
        else:
            del self.fields["new_deadline"]


class AnswerForm(forms.Form):
    answer_text = forms.CharField(
        label=_("Відповідь"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Напишіть відповідь.")},
    )
    delivery = forms.ChoiceField(
        label=_("Як надіслати"),
        choices=AnswerDelivery.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Виберіть, як надіслати відповідь."),
            "invalid_choice": _("Виберіть спосіб зі списку."),
        },
    )
    result = forms.ChoiceField(
        label=_("Результат розгляду"),
        help_text=_("За Класифікатором звернень громадян, п. 9."),
        choices=[("", _("Не вказано")), *ConsiderationResult.choices],
        required=False,
        error_messages={"invalid_choice": _("Виберіть результат зі списку.")},
    )

    def __init__(self, *args: Any, appeal: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["delivery"]).choices = [
            (value, label)
            for value, label in AnswerDelivery.choices
            if value != AnswerDelivery.NONE or appeal.kind_group == KindGroup.FEEDBACK
        ]
        if appeal.email:
            self.initial.setdefault("delivery", AnswerDelivery.EMAIL)
        elif appeal.address:
            self.initial.setdefault("delivery", AnswerDelivery.LETTER)
        else:
            self.initial.setdefault("delivery", AnswerDelivery.NONE)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Чому повертаєте"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Чого бракує за ст. 5 Закону; повернути можна протягом 10 днів."),
        error_messages={"required": _("Поясніть, чому повертаєте.")},
    )


class ResolutionForm(forms.Form):
    text = forms.CharField(
        label=_("Резолюція"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Напишіть текст резолюції.")},
    )
    author = forms.CharField(
        label=_("Хто наклав резолюцію"),
        max_length=255,
        help_text=_("Посада, прізвище та ініціали."),
        error_messages={"required": _("Вкажіть, хто наклав резолюцію.")},
    )
    date = date_field(_("Дата резолюції"), past=True)


class ForwardForm(forms.Form):
    forwarded_to = forms.CharField(
        label=_("Кому пересилаєте"),
        max_length=500,
        error_messages={"required": _("Вкажіть, куди пересилаєте.")},
    )
    reason = forms.CharField(
        label=_("Чому"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Протягом 5 днів від надходження; заявник побачить це у трекері."),
    )


class NotConsideredForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Підстава (ст. 8 Закону «Про звернення громадян»)"),
        choices=NotConsideredReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Виберіть підставу."),
            "invalid_choice": _("Виберіть підставу зі списку."),
        },
    )


class NeedsStudyForm(forms.Form):
    needs_study = forms.BooleanField(
        label=_("Потребує додаткового вивчення (строк — 1 місяць)"), required=False
    )


class ConfirmForm(forms.Form):
    """Actions with nothing to type (take into work, close, anonymise): the button is the form."""


class ExecutorMultipleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return executor_label(obj)


class CoExecutorsForm(forms.Form):
    co_executors = ExecutorMultipleChoiceField(
        label=_("Співвиконавці"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Працівники, які розглядають звернення разом із виконавцем."),
        error_messages={"invalid_choice": _("Виберіть працівників зі списку.")},
    )

    def __init__(self, *args: Any, executors: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["co_executors"]).queryset = executors


class QuestionsForm(forms.Form):
    """The questions of a formal appeal by Classifier №858, part II (decision 0008)."""

    main_code = forms.ChoiceField(
        label=_("Основне питання"),
        required=False,
        choices=[("", _("Не визначено")), *CLASSIFIER_TOPIC_CHOICES],
        error_messages={"invalid_choice": _("Виберіть питання зі списку класифікатора.")},
    )
    additional_codes = forms.MultipleChoiceField(
        label=_("Додаткові питання"),
        required=False,
        choices=CLASSIFIER_TOPIC_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Інші питання, порушені у зверненні, крім основного."),
        error_messages={"invalid_choice": _("Виберіть питання зі списку класифікатора.")},
    )
