"""The open dataset «decisions board» (issue 14, point 6): what the centre decided to change after
residents' feedback and how far it got — snapshot as of the release, published decisions only
(drafts never). Who signed or owns a decision is not included: the dataset names no person."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from vidhuk.core.datasets import Column, Dataset, register_dataset
from vidhuk.core.models import Centre, Office

from .choices import DecisionKind, DecisionState
from .models import Decision

KEY = "decisions-board"
COLUMNS = (
    Column("number", "integer", _("Номер рішення")),
    Column("title", "string", _("Назва")),
    Column("kind", "string", _("Вид рішення")),
    Column("state", "string", _("Стан")),
    Column("adopted_on", "date", _("Ухвалено")),
    Column("due_on", "date", _("Виконати до")),
    Column("done_on", "date", _("Виконано")),
    Column("offices", "string", _("Офіси")),
    Column("summary", "string", _("Що зроблено")),
)


def decision_board_rows(centre: Centre) -> Iterator[Sequence[Any]]:
    decisions = (
        Decision.objects.filter(centre=centre)
        .exclude(state=DecisionState.DRAFT)
        .prefetch_related(Prefetch("offices", queryset=Office.objects.order_by("position", "name")))
        .order_by("number")
    )
    with translation.override("uk"):
        kinds = {code: str(label) for code, label in DecisionKind.choices}
        states = {code: str(label) for code, label in DecisionState.choices}
    for decision in decisions:
        yield (
            decision.number,
            decision.title,
            kinds.get(decision.kind, decision.kind),
            states.get(decision.state, decision.state),
            decision.adopted_on,
            decision.due_on,
            decision.done_on,
            "; ".join(office.name for office in decision.offices.all()),
            decision.summary,
        )


def register() -> None:
    register_dataset(
        Dataset(
            key=KEY,
            title=_("Рішення центру за відгуками мешканців та їх виконання"),
            columns=COLUMNS,
            rows=decision_board_rows,
            description=_(
                "Рішення, ухвалені центром за зверненнями, опитуваннями та іншими відгуками "
                "мешканців: вид, стан, строки виконання, офіси і що зроблено."
            ),
            keywords=(_("рішення"), _("зворотний зв’язок"), _("ЦНАП")),
            update_frequency="quarterly",
            purpose=_("Звітування перед громадою про зміни за відгуками мешканців"),
        )
    )
