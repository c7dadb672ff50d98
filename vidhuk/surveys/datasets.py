"""The open dataset «survey aggregates» (issue 14, point 6): how residents answered the centre's
public questionnaires, per quarter — for each closed question (and matrix row) the number of each
answer. Free-text answers are never included; only questionnaires whose results the centre
publishes; small counts withheld within each quarter."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.core.datasets import (
    Column,
    Dataset,
    open_quarter_start,
    register_dataset,
    suppress_by_quarter,
)
from vidhuk.core.models import Centre

from .models import Answer, Question

KEY = "survey-aggregates"
COLUMNS = (
    Column("year", "year", _("Рік")),
    Column("quarter", "integer", _("Квартал")),
    Column("questionnaire", "string", _("Анкета")),
    Column("question_code", "string", _("Код питання")),
    Column("question", "string", _("Питання")),
    Column("row", "string", _("Рядок матриці")),
    Column("answer", "string", _("Відповідь")),
    Column("count", "integer", _("Кількість відповідей (порожньо — менше 5, приховано)")),
)


def _labels(items: list[dict[str, Any]], value: str) -> str:
    for item in items:
        if str(item.get("value")) == value:
            return str(item.get("label_uk") or value)
    return value


def survey_aggregate_rows(centre: Centre) -> Iterator[Sequence[Any]]:
    """Complete quarters, oldest first; a choice by its Ukrainian label, a score as its number."""
    before = open_quarter_start(timezone.localdate())
    grouped = (
        Answer.objects.filter(
            response__centre=centre,
            response__submitted_on__lt=before,
            response__version__questionnaire__results_public=True,
        )
        .filter(Q(number__isnull=False) | ~Q(choice=""))
        .values(
            "response__submitted_on__year",
            "response__submitted_on__quarter",
            "response__version__questionnaire__title_uk",
            "question_id",
            "row",
            "choice",
            "number",
        )
        .annotate(count=Count("pk"))
        .order_by(
            "response__submitted_on__year",
            "response__submitted_on__quarter",
            "response__version__questionnaire__title_uk",
            "question_id",
            "row",
            "choice",
            "number",
        )
    )
    found = list(grouped)
    questions = Question.objects.in_bulk({row["question_id"] for row in found})
    rows = []
    for row in found:
        question = questions[row["question_id"]]
        answer = _labels(question.options, row["choice"]) if row["choice"] else str(row["number"])
        rows.append(
            (
                row["response__submitted_on__year"],
                row["response__submitted_on__quarter"],
                row["response__version__questionnaire__title_uk"],
                question.code,
                question.text_uk,
                _labels(question.rows, row["row"]) if row["row"] else "",
                answer,
                row["count"],
            )
        )
    yield from suppress_by_quarter(rows)


def register() -> None:
    register_dataset(
        Dataset(
            key=KEY,
            title=_("Результати опитувань відвідувачів центру (зведені)"),
            columns=COLUMNS,
            rows=survey_aggregate_rows,
            description=_(
                "Зведені відповіді на закриті питання публічних анкет центру за кварталами: "
                "скільки разів обрано кожен варіант чи оцінку. Без текстових відповідей і без "
                "відомостей про респондентів; значення менше 5 приховано."
            ),
            keywords=(_("опитування"), _("задоволеність"), _("ЦНАП")),
            update_frequency="quarterly",
            purpose=_("Оцінювання якості надання адміністративних послуг відвідувачами"),
        )
    )
