"""Quarters: the period every analytics page, report and dataset is about (issue 14).

Dates are Kyiv days, both ends inclusive, as every metric's query takes them.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

QUARTER_NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of the quarter (inclusive)."""
    if quarter not in QUARTER_NUMERALS:
        raise ValueError(f"quarter {quarter}")
    start = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, following - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def year_earlier(year: int, quarter: int) -> tuple[int, int]:
    return year - 1, quarter


def last_complete_quarter(today: dt.date) -> tuple[int, int]:
    """The quarter before the one ``today`` falls in: the latest whose figures are final."""
    return previous_quarter(*quarter_of(today))


def quarter_label(year: int, quarter: int) -> str:
    """«I квартал 2026»."""
    return _("%(numeral)s квартал %(year)s") % {
        "numeral": QUARTER_NUMERALS[quarter],
        "year": year,
    }
