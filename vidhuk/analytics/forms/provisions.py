"""Forms of the register of services provided: a provision, the list's filters and the import.
Input shape and plain Ukrainian messages; the view gives the centre's offices and services."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.forms import (
    DATE_INPUT_FORMATS,
    ModelChoiceField,
    PeriodFilterForm,
    filter_date_field,
)
from vidhuk.core.models import Office

from ..choices import ProvisionChannel, ProvisionResult, ProvisionSource, StatedAgeGroup, StatedSex
from ..imports import MAX_BYTES, TARGETS, UNMAPPED
from ..services.provisions import ProvisionIntake

REQUIRED = {"required": _("Заповніть це поле.")}
YES_NO = [("", _("Не зазначено")), ("yes", _("Так")), ("no", _("Ні"))]
_BOOLEAN = {"yes": True, "no": False}


def _scope(form: forms.BaseForm, *, offices: QuerySet[Office], services: QuerySet[Service]) -> None:
    cast(forms.ModelChoiceField, form.fields["office"]).queryset = offices
    cast(forms.ModelChoiceField, form.fields["service"]).queryset = services


class ProvisionForm(forms.Form):
    """One service provided, as staff record or correct it."""

    provided_on = forms.DateField(
        label=_("Дата надання"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        error_messages={"invalid": _("Вкажіть дату, наприклад 02.03.2026."), **REQUIRED},
    )
    office = ModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("Не вказано"),
        error_messages={"invalid_choice": _("Оберіть офіс зі списку.")},
    )
    service = ModelChoiceField(
        label=_("Послуга"),
        queryset=Service.objects.none(),
        empty_label=_("Оберіть послугу"),
        error_messages={
            "required": _("Оберіть послугу з переліку."),
            "invalid_choice": _("Оберіть послугу з переліку."),
        },
    )
    channel = forms.ChoiceField(
        label=_("Спосіб звернення"),
        choices=ProvisionChannel.choices,
        initial=ProvisionChannel.IN_PERSON,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small govuk-radios--inline"}),
        error_messages={"required": _("Оберіть спосіб звернення.")},
    )
    result = forms.ChoiceField(
        label=_("Результат"),
        choices=ProvisionResult.choices,
        initial=ProvisionResult.PROVIDED,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small govuk-radios--inline"}),
        error_messages={"required": _("Оберіть результат.")},
    )
    sex = forms.ChoiceField(
        label=_("Стать (як зазначила особа)"), choices=StatedSex.choices, required=False
    )
    age_group = forms.ChoiceField(
        label=_("Вікова група (як зазначила особа)"),
        choices=StatedAgeGroup.choices,
        required=False,
    )
    idp = forms.ChoiceField(label=_("Внутрішньо переміщена особа"), choices=YES_NO, required=False)
    disability = forms.ChoiceField(label=_("Особа з інвалідністю"), choices=YES_NO, required=False)
    pensioner = forms.ChoiceField(label=_("Пенсіонер"), choices=YES_NO, required=False)
    veteran = forms.ChoiceField(label=_("Ветеран"), choices=YES_NO, required=False)
    # The page carries a key: the same form sent twice records one provision.
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, offices: QuerySet[Office], services: QuerySet[Service], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _scope(self, offices=offices, services=services)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    @staticmethod
    def initial_from(provision: Any) -> dict[str, Any]:
        def word(value: bool | None) -> str:
            return "" if value is None else ("yes" if value else "no")

        return {
            "provided_on": provision.provided_on,
            "office": provision.office_id,
            "service": provision.service_id,
            "channel": provision.channel,
            "result": provision.result,
            "sex": provision.sex,
            "age_group": provision.age_group,
            **{
                name: word(getattr(provision, name))
                for name in ("idp", "disability", "pensioner", "veteran")
            },
        }

    def intake(self) -> ProvisionIntake:
        data = self.cleaned_data
        return ProvisionIntake(
            provided_on=data["provided_on"],
            office=data["office"],
            service=data["service"],
            channel=data["channel"],
            result=data["result"],
            sex=data["sex"],
            age_group=data["age_group"],
            **{
                name: _BOOLEAN.get(data[name])
                for name in ("idp", "disability", "pensioner", "veteran")
            },
        )


class ProvisionFilterForm(PeriodFilterForm):
    date_from = filter_date_field(_("З дати"), invalid=_("Вкажіть дату, наприклад 01.01.2026."))
    date_to = filter_date_field(_("По дату"), invalid=_("Вкажіть дату, наприклад 31.03.2026."))
    office = ModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("Усі офіси"),
        error_messages={"invalid_choice": _("Оберіть офіс зі списку.")},
    )
    service = ModelChoiceField(
        label=_("Послуга"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Усі послуги"),
        error_messages={"invalid_choice": _("Оберіть послугу зі списку.")},
    )
    channel = forms.ChoiceField(
        label=_("Спосіб звернення"),
        choices=[("", _("Усі")), *ProvisionChannel.choices],
        required=False,
    )
    result = forms.ChoiceField(
        label=_("Результат"), choices=[("", _("Усі")), *ProvisionResult.choices], required=False
    )
    source = forms.ChoiceField(
        label=_("Джерело"), choices=[("", _("Усі")), *ProvisionSource.choices], required=False
    )

    def __init__(
        self, *args: Any, offices: QuerySet[Office], services: QuerySet[Service], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _scope(self, offices=offices, services=services)


class ResultForm(forms.Form):
    """The operator's outcome of one service of a finished visit."""

    result = forms.ChoiceField(
        label=_("Результат"),
        choices=ProvisionResult.choices,
        error_messages={
            "required": _("Оберіть результат."),
            "invalid_choice": _("Оберіть результат."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Файл вивантаження (CSV або XLSX)"),
        error_messages={
            "required": _("Виберіть файл CSV або XLSX для імпорту."),
            "empty": _("Файл порожній. Завантажте таблицю з рядком заголовків."),
            "invalid": _("Не вдалося отримати файл. Виберіть його ще раз."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Вивантаження з програми ведення справ: один рядок — одна послуга. Перший рядок — "
            "назви стовпців; їх зіставлення перевірите на наступному кроці. Найбільший розмір — "
            "%(size)s."
        ) % {"size": filesizeformat(MAX_BYTES)}


class ImportMappingForm(forms.Form):
    """Which column holds each field, and whether rows with errors are skipped."""

    MODE_ALL = "all"
    MODE_SKIP_BAD = "skip_bad"

    token = forms.CharField(widget=forms.HiddenInput, max_length=100)
    mode = forms.ChoiceField(
        label=_("Якщо в рядках є помилки"),
        choices=[
            (MODE_ALL, _("Нічого не імпортувати, доки всі рядки не будуть правильні")),
            (MODE_SKIP_BAD, _("Імпортувати правильні рядки, а рядки з помилками пропустити")),
        ],
        initial=MODE_ALL,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, columns: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [(str(UNMAPPED), _("— немає такого стовпця —"))]
        choices += [
            (str(i), name or _("(стовпець %(n)s без назви)") % {"n": i + 1})
            for i, name in enumerate(columns)
        ]
        for target in TARGETS:
            self.fields[f"column_{target.name}"] = forms.TypedChoiceField(
                label=target.label,
                choices=choices,
                coerce=int,
                initial=str(UNMAPPED),
                required=False,
                empty_value=UNMAPPED,  # type: ignore[arg-type]
                error_messages={"invalid_choice": _("Оберіть стовпець зі списку.")},
            )

    def mapping(self) -> dict[str, int]:
        return {target.name: self.cleaned_data[f"column_{target.name}"] for target in TARGETS}

    @property
    def skip_bad(self) -> bool:
        return self.cleaned_data.get("mode") == self.MODE_SKIP_BAD

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{target.name}"] for target in TARGETS]
