"""The quarterly analysis of citizens' appeals by the classifier's dimensions (Classifier КМУ №858,
part I; decision 0008), with the previous quarter beside it.

Counts formal appeals (proposals, statements, complaints) received in the quarter, in Kyiv time.
Each period is read in one query (conditional counts), so the page runs a fixed number of queries
however many appeals the centre has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, TextChoices
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vidhuk.core.modelfields import CodeListField
from vidhuk.core.models import Centre

from .choices import (
    APPEAL_KINDS,
    CLASSIFIER_NUMBERS_VERIFIED,
    CLASSIFIER_TOPICS,
    RESULT_CLASSIFIER_CODE,
    ApplicantCategory,
    ConsiderationResult,
    Kind,
    ReceiptForm,
    Sex,
    Sign,
    SocialStatus,
    Subject,
    Topic,
)
from .models import Appeal

NOT_GIVEN = "—"


@dataclass(frozen=True)
class Dimension:
    field: str
    title: Promise
    choices: type[TextChoices]


# In the order of the classifier's part I; the topic after it (part II).
DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("receipt_form", _("За формою надходження"), ReceiptForm),
    Dimension("sign", _("За ознакою надходження"), Sign),
    Dimension("kind", _("За видами"), Kind),
    Dimension("sex", _("За статтю авторів"), Sex),
    Dimension("subject", _("За суб’єктом"), Subject),
    Dimension("applicant_category", _("За категоріями авторів"), ApplicantCategory),
    Dimension("social_status", _("За соціальним станом авторів"), SocialStatus),
    Dimension("result", _("Результати розгляду"), ConsiderationResult),
    Dimension("topic", _("За темами центру"), Topic),
)
QUESTIONS_TITLE = _("Питання за тематикою класифікатора (основні й додаткові)")
SUMMARY: tuple[tuple[str, Promise, Q], ...] = (
    ("total", _("Усього звернень"), Q()),
    ("considered", _("Розглянуто"), Q(answered_at__isnull=False)),
    ("in_time", _("Розглянуто вчасно"), Q(answered_at__isnull=False, answered_at__lte=F("due_at"))),
    ("late", _("Розглянуто з порушенням строку"), Q(answered_at__gt=F("due_at"))),
    ("repeated", _("Повторних"), Q(sign=Sign.REPEAT)),
    ("collective", _("Колективних"), Q(subject=Subject.COLLECTIVE)),
    ("benefit", _("Від пільговиків"), Q(is_benefit_holder=True)),
)


@dataclass(frozen=True)
class Row:
    label: str
    code: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous


@dataclass(frozen=True)
class Table:
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class QuarterlyAnalysis:
    year: int
    quarter: int
    previous_year: int
    previous_quarter: int
    start: dt.date
    end: dt.date  # the last day of the quarter
    summary: Table
    tables: list[Table]


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first day of the quarter and the first day after it."""
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, after


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _counts(*, centre: Centre, year: int, quarter: int) -> dict[str, int]:
    start, after = quarter_bounds(year, quarter)
    aggregates: dict[str, Any] = {key: Count("pk", filter=q) for key, _label, q in SUMMARY}
    for dimension in DIMENSIONS:
        for value in [*dimension.choices.values, ""]:
            aggregates[f"{dimension.field}:{value}"] = Count(
                "pk", filter=Q(**{dimension.field: value})
            )
    for code in CLASSIFIER_TOPICS:
        aggregates[f"main:{code}"] = Count("pk", filter=Q(topic_code=code))
        aggregates[f"more:{code}"] = Count(
            "pk", filter=Q(additional_topic_codes__contains=CodeListField.needle(code))
        )
    aggregates["main:"] = Count("pk", filter=Q(topic_code=""))
    return Appeal.objects.filter(
        centre=centre,
        kind__in=sorted(APPEAL_KINDS),
        received_at__gte=_aware(start),
        received_at__lt=_aware(after),
    ).aggregate(**aggregates)


def appeal_quarterly_analysis(*, centre: Centre, year: int, quarter: int) -> QuarterlyAnalysis:
    """The tables a council sends up every quarter; two queries."""
    prev_year, prev_quarter = previous_quarter(year, quarter)
    now = _counts(centre=centre, year=year, quarter=quarter)
    before = _counts(centre=centre, year=prev_year, quarter=prev_quarter)
    summary = Table(
        title=str(_("Загальні показники")),
        rows=[Row(str(label), "", now[key], before[key]) for key, label, _q in SUMMARY],
    )
    tables = []
    for dimension in DIMENSIONS:
        rows = []
        for value, label in dimension.choices.choices:
            if dimension.field == "kind" and value not in APPEAL_KINDS:
                continue
            key = f"{dimension.field}:{value}"
            code = RESULT_CLASSIFIER_CODE.get(value, "") if dimension.field == "result" else ""
            rows.append(Row(str(label), code, now[key], before[key]))
        key = f"{dimension.field}:"
        if now[key] or before[key]:
            rows.append(Row(str(_("Не зазначено")), "", now[key], before[key]))
        tables.append(Table(title=str(dimension.title), rows=rows))
    tables.append(_questions_table(now, before))
    start, after = quarter_bounds(year, quarter)
    return QuarterlyAnalysis(
        year=year,
        quarter=quarter,
        previous_year=prev_year,
        previous_quarter=prev_quarter,
        start=start,
        end=after - dt.timedelta(days=1),
        summary=summary,
        tables=tables,
    )


def _questions_table(now: dict[str, int], before: dict[str, int]) -> Table:
    """Every question an appeal raises counts once under its section, the main one and each
    additional one, as the reports by the classifier count questions, not letters: the table's
    total is the number of questions. Appeals nobody classified show as «Не зазначено».
    The section's number is printed only once read in the classifier's text (decision 0008)."""
    rows = []
    for code, label in CLASSIFIER_TOPICS.items():
        current = now[f"main:{code}"] + now[f"more:{code}"]
        previous = before[f"main:{code}"] + before[f"more:{code}"]
        rows.append(Row(str(label), code if CLASSIFIER_NUMBERS_VERIFIED else "", current, previous))
    if now["main:"] or before["main:"]:
        rows.append(Row(str(_("Не зазначено")), "", now["main:"], before["main:"]))
    return Table(title=str(QUESTIONS_TITLE), rows=rows)


def quarterly_rows(analysis: QuarterlyAnalysis) -> list[tuple[str, str | None, str, int, int, int]]:
    """Flat rows for a spreadsheet: section, code (an empty cell when none), value, this quarter,
    previous, change."""
    return [
        (table.title, row.code or None, row.label, row.current, row.previous, row.change)
        for table in [analysis.summary, *analysis.tables]
        for row in table.rows
    ]
