"""The open dataset «queue load by hour» (issue 14, point 6): how many queue tickets each office
issued per quarter, by day of the week and hour (Kyiv time) — when to come to avoid the crowd.
Counts only, never a ticket, a number or a day; small counts withheld within each quarter."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vidhuk.core.choices import Weekday
from vidhuk.core.datasets import (
    Column,
    Dataset,
    open_quarter_start,
    register_dataset,
    suppress_by_quarter,
)
from vidhuk.core.models import Centre

from .models import Ticket

KEY = "queue-load"
COLUMNS = (
    Column("year", "year", _("Рік")),
    Column("quarter", "integer", _("Квартал")),
    Column("office", "string", _("Офіс")),
    Column("weekday", "integer", _("День тижня (1 — понеділок)")),
    Column("weekday_name", "string", _("День тижня")),
    Column("hour", "integer", _("Година (за київським часом)")),
    Column("count", "integer", _("Видано талонів (порожньо — менше 5, приховано)")),
)


def queue_load_rows(centre: Centre) -> Iterator[Sequence[Any]]:
    """Complete quarters, oldest first, by office, weekday and hour of issue."""
    before = open_quarter_start(timezone.localdate())
    grouped = (
        Ticket.objects.filter(centre=centre, day__lt=before)
        .annotate(weekday=ExtractIsoWeekDay("issued_at"), hour=ExtractHour("issued_at"))
        .values("day__year", "day__quarter", "office__name", "weekday", "hour")
        .annotate(count=Count("pk"))
        .order_by("day__year", "day__quarter", "office__name", "weekday", "hour")
    )
    with translation.override("uk"):
        weekdays = {int(code): str(label) for code, label in Weekday.choices}
    rows = (
        (
            row["day__year"],
            row["day__quarter"],
            row["office__name"],
            row["weekday"],
            weekdays.get(row["weekday"] - 1, ""),
            row["hour"],
            row["count"],
        )
        for row in grouped.iterator()
    )
    yield from suppress_by_quarter(rows)


def register() -> None:
    register_dataset(
        Dataset(
            key=KEY,
            title=_("Завантаженість електронної черги центру за годинами"),
            columns=COLUMNS,
            rows=queue_load_rows,
            description=_(
                "Кількість талонів електронної черги, виданих в офісах центру, за кварталами: "
                "за днем тижня і годиною. Допомагає обрати час візиту; значення менше 5 приховано."
            ),
            keywords=(_("електронна черга"), _("ЦНАП"), _("завантаженість")),
            update_frequency="quarterly",
            purpose=_("Інформування відвідувачів про завантаженість центру"),
        )
    )
