"""The channel analysis' period (GET): from and to, both days included (core's period filter:
dates between 2000 and 2100, the end not before the start)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from vidhuk.core.forms import PeriodFilterForm, filter_date_field

DEFAULT_DAYS = 365
INVALID = _("Вкажіть дату, наприклад 01.04.2027.")


class ChannelPeriodForm(PeriodFilterForm):
    date_from = filter_date_field(_("З"), invalid=INVALID)
    date_to = filter_date_field(_("По"), invalid=INVALID)

    def period(self, *, today: dt.date) -> tuple[dt.date, dt.date]:
        """The chosen period, or the last year up to today where a day is missing or wrong."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("date_to") or today
        start = data.get("date_from") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        return start, end
