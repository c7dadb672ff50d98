"""Forms of the back office's findings and decisions: input shape and plain Ukrainian messages.
Scoped choices (offices, services, members, decisions) are given by the view from selectors."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.models import Membership
from vidhuk.catalog.models import Service
from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Office

from ..choices import DecisionKind, DecisionState, FindingState, PhotoStage
from ..models import Decision, DecisionsSettings

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
REQUIRED = {"required": _("Заповніть це поле.")}
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        error_messages={"invalid": _("Вкажіть дату, наприклад 02.03.2026."), **REQUIRED},
        **kwargs,
    )


def _within_range(form: forms.Form, *names: str) -> None:
    for name in names:
        day = form.cleaned_data.get(name)
        if day and not EARLIEST <= day <= LATEST:
            form.add_error(name, _("Вкажіть дату між 2000 і 2100 роком."))


class SubmissionKeyMixin(forms.Form):
    """A key the page carries: the same form sent twice makes one record."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())


class OfficeServiceChoices(forms.Form):
    offices = forms.ModelMultipleChoiceField(
        label=_("Офіси"),
        queryset=Office.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": _("Виберіть офіс зі списку.")},
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Послуги"),
        queryset=Service.objects.none(),
        required=False,
        help_text=_("Утримуйте Ctrl, щоб вибрати кілька."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("Виберіть послугу зі списку.")},
    )

    def scope(self, *, offices: QuerySet[Office], services: QuerySet[Service]) -> None:
        cast(forms.ModelMultipleChoiceField, self.fields["offices"]).queryset = offices
        cast(forms.ModelMultipleChoiceField, self.fields["services"]).queryset = services


class FindingForm(SubmissionKeyMixin, OfficeServiceChoices):
    title = forms.CharField(label=_("Назва висновку"), max_length=255, error_messages=REQUIRED)
    summary = forms.CharField(
        label=_("Ви сказали"),
        help_text=_(
            "Коротко, своїми словами: що кажуть мешканці, скільки разів, за який період, "
            "якими каналами. Без імен і цитат."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages=REQUIRED,
    )
    topic = forms.CharField(
        label=_("Тема"),
        required=False,
        max_length=120,
        help_text=_("Наприклад: «Черга», «Місця очікування», «Доступність»."),
    )
    is_public = forms.BooleanField(
        label=_("Показувати висновок на публічній дошці «Ви сказали — ми зробили»"),
        required=False,
        initial=True,
    )
    title_en = forms.CharField(label=_("Назва англійською"), required=False, max_length=255)
    summary_en = forms.CharField(
        label=_("Ви сказали (англійською)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoActionForm(SubmissionKeyMixin):
    reason = forms.CharField(
        label=_("Чому за висновком не буде дій"),
        help_text=_("Це обґрунтування побачать мешканці на дошці рішень."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Поясніть, чому за висновком не буде дій.")},
    )


class LinkDecisionForm(forms.Form):
    decision = ModelChoiceField(
        label=_("Рішення, що відповідає на висновок"),
        queryset=Decision.objects.none(),
        empty_label=_("Виберіть рішення"),
        error_messages={
            "required": _("Виберіть рішення."),
            "invalid_choice": _("Виберіть рішення зі списку."),
        },
    )

    def __init__(self, *args: Any, decisions: QuerySet[Decision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["decision"]).queryset = decisions


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user = obj.user
        return str(user.get_full_name() or user.get_username())


class DecisionForm(SubmissionKeyMixin, OfficeServiceChoices):
    kind = forms.ChoiceField(
        label=_("Вид рішення"),
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Виберіть вид рішення.")},
    )
    title = forms.CharField(label=_("Що вирішено"), max_length=255, error_messages=REQUIRED)
    order_number = forms.CharField(
        label=_("Номер документа"),
        required=False,
        max_length=64,
        help_text=_("Номер розпорядження чи рішення, наприклад «45-р»."),
    )
    order_date = date_field(_("Дата документа"), required=False)
    signed_by = forms.CharField(label=_("Підписав"), required=False, max_length=255)
    order_scan = forms.FileField(
        label=_("Скан документа (PDF)"),
        required=False,
        help_text=_("PDF до 20 МБ. Файл буде доступний лише працівникам центру."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    owner = OwnerChoiceField(
        label=_("Відповідальний працівник"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Не вибрано"),
        error_messages={"invalid_choice": _("Виберіть працівника зі списку.")},
    )
    owner_unit = forms.CharField(
        label=_("Відповідальний підрозділ"),
        required=False,
        max_length=255,
        help_text=_("Показується на публічній дошці, наприклад «Відділ «ЦНАП»»."),
    )
    due_on = date_field(_("Виконати до"), required=False)
    summary = forms.CharField(
        label=_("Ми зробили"),
        required=False,
        max_length=4000,
        help_text=_("Що зміниться для мешканців, простими словами. Показується на дошці."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    title_en = forms.CharField(label=_("Назва англійською"), required=False, max_length=255)
    summary_en = forms.CharField(
        label=_("Ми зробили (англійською)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, owners: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owners

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _within_range(self, "order_date", "due_on")
        return data


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(
        choices=DecisionState.choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Такого стану немає.")},
    )
    reason = forms.CharField(
        label=_("Причина або примітка"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MilestoneForm(SubmissionKeyMixin):
    title = forms.CharField(label=_("Етап"), max_length=255, error_messages=REQUIRED)
    planned_on = date_field(_("Заплановано на"))
    weight = forms.IntegerField(
        label=_("Вага"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("Частка етапу в загальному поступі: етап з вагою 2 важить удвічі більше."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": _("Вкажіть вагу етапу."),
            "invalid": _("Вкажіть вагу цілим числом."),
            "min_value": _("Вага — від 1 до 100."),
            "max_value": _("Вага — від 1 до 100."),
        },
    )
    title_en = forms.CharField(label=_("Етап англійською"), required=False, max_length=255)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _within_range(self, "planned_on")
        return data


class MilestoneDoneForm(forms.Form):
    done_on = date_field(_("Дата виконання"), required=False)
    undo = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _within_range(self, "done_on")
        if not data.get("undo") and not data.get("done_on") and "done_on" not in self.errors:
            self.add_error("done_on", _("Вкажіть дату виконання етапу."))
        return data


class ProgressUpdateForm(SubmissionKeyMixin):
    text = forms.CharField(
        label=_("Що зроблено"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Напишіть, що зроблено.")},
    )
    visibility = forms.ChoiceField(
        label=_("Хто бачить"),
        choices=[
            ("public", _("Усі: показувати на публічній дошці")),
            ("internal", _("Лише працівники центру")),
        ],
        initial="public",
        widget=forms.RadioSelect,
        error_messages={"required": _("Виберіть, хто бачить запис.")},
    )
    photo_before = forms.FileField(
        label=_("Фото «до»"),
        required=False,
        help_text=_("JPEG або PNG до 15 МБ. Дані про місце зйомки буде видалено."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    photo_after = forms.FileField(
        label=_("Фото «після»"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    caption = forms.CharField(label=_("Підпис до фото"), required=False, max_length=255)
    text_en = forms.CharField(
        label=_("Що зроблено (англійською)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    PHOTO_STAGES = (("photo_before", PhotoStage.BEFORE), ("photo_after", PhotoStage.AFTER))


class StaffFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Стан"), required=False)
    office = ModelChoiceField(
        label=_("Офіс"), queryset=Office.objects.none(), required=False, empty_label=_("Усі офіси")
    )
    service = ModelChoiceField(
        label=_("Послуга"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Усі послуги"),
    )
    topic = forms.CharField(label=_("Тема"), required=False, max_length=120)
    overdue = forms.BooleanField(label=_("Лише прострочені"), required=False)

    def __init__(
        self,
        *args: Any,
        states: list[tuple[str, Any]],
        offices: QuerySet[Office],
        services: QuerySet[Service],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["state"]).choices = [("", _("Усі стани")), *states]
        cast(forms.ModelChoiceField, self.fields["office"]).queryset = offices
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Виберіть значення зі списку.")


FINDING_STATES = list(FindingState.choices)
DECISION_STATES = list(DecisionState.choices)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DecisionsSettings
        fields = [
            "finding_term_days",
            "rules_enabled",
            "rule_indicator_threshold",
            "rule_complaints_per_month",
            "rule_mystery_fails",
        ]
        help_texts = {
            "finding_term_days": _(
                "За стільки робочих днів висновок має отримати рішення або обґрунтоване «без дій»."
            ),
            "rule_indicator_threshold": _(
                "Запропонувати висновок, якщо показник опитування нижче порогу два місяці поспіль."
            ),
        }
        error_messages = {
            "finding_term_days": {
                "required": _("Вкажіть строк у робочих днях."),
                "invalid": _("Вкажіть строк цілим числом."),
            },
        }

    def clean_finding_term_days(self) -> int:
        days = int(self.cleaned_data["finding_term_days"])
        if not 1 <= days <= 250:
            raise forms.ValidationError(_("Строк — від 1 до 250 робочих днів."))
        return days
