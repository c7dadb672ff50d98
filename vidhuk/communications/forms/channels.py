"""The channel analysis' period (GET): from and to, both days included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DEFAULT_DAYS = 365


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        error_messages={"invalid": _("Вкажіть дату, наприклад 01.04.2027.")},
    )


class ChannelPeriodForm(forms.Form):
    date_from = _date_field(_("З"))
    date_to = _date_field(_("По"))

    def period(self, *, today: dt.date) -> tuple[dt.date, dt.date]:
        """The chosen period, or the last year up to today where a day is missing or wrong."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("date_to") or today
        start = data.get("date_from") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        return start, end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Кінець періоду не може бути раніше початку."))
        return data
