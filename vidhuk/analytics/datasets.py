"""The open dataset «services provided per quarter» (issue 14, point 6), registered in core's
datasets registry from `extensions.py`.

One row per quarter, office, service, channel and result with the number of services — counts of
the register, never a row about a person (no day, no demographics). Only complete quarters are
published (the current one is still growing). Small cells: within each quarter every count of 1
to 4 is withheld, and then the smallest others until the withheld ones add up to at least 5
(`core/suppression.hidden_groups`), so the quarter's total, shown on the dashboard, gives no
small group away (`core/datasets.suppress_by_quarter`); a withheld count is an empty cell.
"""

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

from .choices import ProvisionChannel, ProvisionResult
from .models import ServiceProvision

KEY = "services-provided"
COLUMNS = (
    Column("year", "year", _("Рік")),
    Column("quarter", "integer", _("Квартал")),
    Column("office", "string", _("Офіс")),
    Column("service_code", "string", _("Код послуги")),
    Column("service", "string", _("Послуга")),
    Column("channel", "string", _("Спосіб звернення")),
    Column("result", "string", _("Результат")),
    Column("count", "integer", _("Кількість (порожньо — менше 5, приховано)")),
)


def provision_rows(centre: Centre) -> Iterator[Sequence[Any]]:
    """The dataset's rows in column order: complete quarters, oldest first."""
    grouped = (
        ServiceProvision.objects.filter(
            centre=centre, provided_on__lt=open_quarter_start(timezone.localdate())
        )
        .values(
            "provided_on__year",
            "provided_on__quarter",
            "office__name",
            "service__code",
            "service_title",
            "channel",
            "result",
        )
        .annotate(count=Count("id"))
        .order_by(
            "provided_on__year",
            "provided_on__quarter",
            "office__name",
            "service_title",
            "service__code",
            "channel",
            "result",
        )
    )
    with translation.override("uk"):
        channels = {code: str(label) for code, label in ProvisionChannel.choices}
        results = {code: str(label) for code, label in ProvisionResult.choices}
    rows = (
        (
            row["provided_on__year"],
            row["provided_on__quarter"],
            row["office__name"] or "",
            row["service__code"] or "",
            row["service_title"],
            channels.get(row["channel"], row["channel"]),
            results.get(row["result"], row["result"]),
            row["count"],
        )
        for row in grouped.iterator()
    )
    yield from suppress_by_quarter(rows)


def register() -> None:
    register_dataset(
        Dataset(
            key=KEY,
            title=_("Надані адміністративні послуги за кварталами"),
            columns=COLUMNS,
            rows=provision_rows,
            description=_(
                "Кількість адміністративних послуг, наданих центром, відмов і консультацій за "
                "кварталами: за офісом, послугою, способом звернення та результатом. Значення "
                "менше 5 приховано."
            ),
            keywords=(_("адміністративні послуги"), _("ЦНАП"), _("надані послуги")),
            update_frequency="quarterly",
            purpose=_("Звітність центру про надані адміністративні послуги"),
        )
    )
