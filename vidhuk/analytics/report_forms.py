"""Forms of the quarterly report and the gender passport pages: input shape and messages only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vidhuk.core.forms import ServiceErrorsMixin

from .report import STAFF_FIELDS, TEXT_MAX_LENGTH
from .report_spec import SECTIONS

FIRST_YEAR = 2020
LAST_YEAR = 2100


class QuarterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Рік"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": _("Вкажіть рік."),
            "invalid": _("Рік — це чотири цифри, наприклад 2026."),
            "min_value": _("Рік — не раніше 2020."),
            "max_value": _("Рік — не пізніше 2100."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )
    quarter = forms.TypedChoiceField(
        label=_("Квартал"),
        coerce=int,
        choices=[(q, f"{q}") for q in range(1, 5)],
        error_messages={
            "required": _("Виберіть квартал."),
            "invalid_choice": _("Виберіть квартал від 1 до 4."),
        },
    )


class ReportTextsForm(ServiceErrorsMixin, forms.Form):
    """One text per section in Ukrainian, and its English for the /en/ page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            for language, suffix in (("uk", ""), ("en", _(" (англійською)"))):
                self.fields[f"{section.code}_{language}"] = forms.CharField(
                    label=f"{section.title}{suffix}",
                    required=False,
                    max_length=TEXT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 6}),
                    error_messages={"max_length": _("Текст розділу задовгий: до 20 000 знаків.")},
                )

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            section.code: {"uk": data[f"{section.code}_uk"], "en": data[f"{section.code}_en"]}
            for section in SECTIONS
        }

    @staticmethod
    def initial_from(texts: dict[str, dict[str, str]]) -> dict[str, str]:
        return {
            f"{code}_{language}": text.get(language, "")
            for code, text in texts.items()
            for language in ("uk", "en")
        }


class StaffCompositionForm(ServiceErrorsMixin, forms.Form):
    """How many staff are women, men or did not say — as each person stated."""

    as_of = forms.DateField(
        label=_("Станом на"),
        help_text=_("Наприклад, 31.03.2026"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        error_messages={
            "required": _("Вкажіть дату, станом на яку наведено склад."),
            "invalid": _("Дата — у вигляді 31.03.2026."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "staff": _("Працівники центру"),
            "leaders": _("Керівники центру та його підрозділів"),
        }
        sexes = {"female": _("жінки"), "male": _("чоловіки"), "not_stated": _("не зазначили")}
        for name in STAFF_FIELDS:
            row, sex = name.split("_", 1)
            self.fields[name] = forms.IntegerField(
                label=f"{labels[row]}: {sexes[sex]}",
                min_value=0,
                max_value=100_000,
                required=False,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}
                ),
                error_messages={
                    "invalid": _("Вкажіть кількість цілим числом, наприклад 12."),
                    "min_value": _("Кількість не може бути від’ємною."),
                    "max_value": _("Кількість — не більше 100 000."),
                },
            )

    def composition(self) -> dict[str, Any]:
        data = self.cleaned_data
        found: dict[str, Any] = {name: data.get(name) or 0 for name in STAFF_FIELDS}
        found["as_of"] = data["as_of"].isoformat()
        return found
