"""The dashboard's choice of quarter (``?year=&quarter=``): years from the first the dashboard
offers to this one, quarters 1–4, never one that has not started."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ..periods import QUARTER_NUMERALS, quarter_bounds

YEARS_BACK = 5  # how many years before this one the dashboard offers


class DashboardPeriodForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Рік"),
        coerce=int,
        error_messages={"invalid_choice": _("Виберіть рік зі списку.")},
    )
    quarter = forms.TypedChoiceField(
        label=_("Квартал"),
        coerce=int,
        choices=[
            (q, _("%(numeral)s квартал") % {"numeral": n}) for q, n in QUARTER_NUMERALS.items()
        ],
        error_messages={"invalid_choice": _("Виберіть квартал від I до IV.")},
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        years = range(today.year, today.year - YEARS_BACK - 1, -1)
        year_field = cast("forms.ChoiceField", self.fields["year"])
        year_field.choices = [(year, str(year)) for year in years]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year, quarter = cleaned.get("year"), cleaned.get("quarter")
        if year and quarter and quarter_bounds(year, quarter)[0] > self.today:
            raise forms.ValidationError(
                _("Цей квартал ще не почався: виберіть квартал, що вже минув або триває."),
                code="future",
            )
        return cleaned
