"""The open dataset «appeals statistics» (issue 14, point 6): how many appeals, feedback and
requests the centre received per quarter, by kind, channel and topic — counts only, never the
text, the author or a date finer than the quarter. Small counts are withheld within each quarter
(`core.datasets.suppress_by_quarter`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vidhuk.core.datasets import (
    Column,
    Dataset,
    open_quarter_start,
    register_dataset,
    suppress_by_quarter,
)
from vidhuk.core.models import Centre

from .choices import Channel, Kind, Topic
from .models import Appeal

KEY = "appeals-statistics"
COLUMNS = (
    Column("year", "year", _("Рік")),
    Column("quarter", "integer", _("Квартал")),
    Column("kind", "string", _("Вид звернення")),
    Column("channel", "string", _("Канал надходження")),
    Column("topic", "string", _("Тема")),
    Column("count", "integer", _("Кількість (порожньо — менше 5, приховано)")),
)


def appeal_statistics_rows(centre: Centre) -> Iterator[Sequence[Any]]:
    """Complete quarters, oldest first; the labels in Ukrainian (the dataset's language)."""
    before = open_quarter_start(timezone.localdate())
    grouped = (
        Appeal.objects.filter(centre=centre, received_at__date__lt=before)
        .values("received_at__year", "received_at__quarter", "kind", "channel", "topic")
        .annotate(count=Count("pk"))
        .order_by("received_at__year", "received_at__quarter", "kind", "channel", "topic")
    )
    with translation.override("uk"):
        kinds = {code: str(label) for code, label in Kind.choices}
        channels = {code: str(label) for code, label in Channel.choices}
        topics = {code: str(label) for code, label in Topic.choices}
        not_given = str(_("не визначено"))
    rows = (
        (
            row["received_at__year"],
            row["received_at__quarter"],
            kinds.get(row["kind"], row["kind"]),
            channels.get(row["channel"], row["channel"]),
            topics.get(row["topic"], row["topic"]) if row["topic"] else not_given,
            row["count"],
        )
        for row in grouped.iterator()
    )
    yield from suppress_by_quarter(rows)


def register() -> None:
    register_dataset(
        Dataset(
            key=KEY,
            title=_("Статистика звернень громадян до центру надання адміністративних послуг"),
            columns=COLUMNS,
            rows=appeal_statistics_rows,
            description=_(
                "Кількість звернень, відгуків і запитів, що надійшли до центру, за кварталами: "
                "за видом, каналом надходження і темою. Лише підсумки, без змісту звернень і "
                "відомостей про авторів; значення менше 5 приховано."
            ),
            keywords=(_("звернення громадян"), _("ЦНАП"), _("статистика")),
            update_frequency="quarterly",
            purpose=_(
                "Звітування про розгляд звернень громадян (Закон України «Про звернення громадян»)"
            ),
        )
    )
