"""The report as the public page may show it: the rules of ``vidhuk.core.suppression``
applied to every breakdown, question and headline."""

from __future__ import annotations

from dataclasses import replace

from vidhuk.core.suppression import THRESHOLD, has_small, hidden_groups, withheld

from .types import QuestionResult, ResultRow, ResultsReport


def results_report_public(report: ResultsReport, *, threshold: int = THRESHOLD) -> ResultsReport:
    """The report as the public page may show it: no group of fewer than ``threshold`` people.

    Fewer responses than that in all: nothing but the fact (``withheld``). Otherwise, in each
    breakdown (months, offices, services, channels) and each question's distribution, groups
    under the threshold are hidden, and more groups with them (smallest first) until the hidden
    ones add up to the threshold — the shown total minus the shown groups would otherwise give
    a hidden group away. Hidden figures are emptied, not just marked, so no chart, table or text
    can show them. The headline's counts (satisfied of rated; promoters, passives, detractors)
    are hidden when one of them is a group under the threshold; the share and the index stay.
    The disaggregation is already suppressed for everyone (``hidden_cells``).
    """
    if withheld(report.total.responses, threshold=threshold):
        return replace(
            report,
            withheld=True,
            total=_emptied(report.total),
            by_month=[],
            by_office=[],
            by_service=[],
            by_channel=[],
            questions=[],
            disaggregation=[],
        )
    return replace(
        report,
        total=_with_details_checked(report.total, threshold=threshold),
        by_month=_public_rows(report.by_month, threshold=threshold),
        by_office=_public_rows(report.by_office, threshold=threshold),
        by_service=_public_rows(report.by_service, threshold=threshold),
        by_channel=_public_rows(report.by_channel, threshold=threshold),
        questions=[_public_question(q, threshold=threshold) for q in report.questions],
    )


def _emptied(row: ResultRow) -> ResultRow:
    return replace(
        row,
        responses=0,
        rated=0,
        satisfied=0,
        share=None,
        recommended=0,
        promoters=0,
        passives=0,
        detractors=0,
        index=None,
        hidden=True,
        details_hidden=True,
    )


def _with_details_checked(row: ResultRow, *, threshold: int) -> ResultRow:
    parts = (
        row.satisfied,
        row.rated - row.satisfied,
        row.promoters,
        row.passives,
        row.detractors,
    )
    if not has_small(parts, threshold=threshold):
        return row
    return replace(
        row, rated=0, satisfied=0, promoters=0, passives=0, detractors=0, details_hidden=True
    )


def _public_rows(rows: list[ResultRow], *, threshold: int) -> list[ResultRow]:
    hidden = hidden_groups([row.responses for row in rows], threshold=threshold)
    return [
        _emptied(row) if i in hidden else _with_details_checked(row, threshold=threshold)
        for i, row in enumerate(rows)
    ]


def _public_question(question: QuestionResult, *, threshold: int) -> QuestionResult:
    if withheld(question.respondents, threshold=threshold):
        return replace(
            question,
            respondents=0,
            mean=None,
            hidden=True,
            buckets=[replace(bucket, count=0, hidden=True) for bucket in question.buckets],
        )
    hidden = hidden_groups([bucket.count for bucket in question.buckets], threshold=threshold)
    if not hidden:
        return question
    return replace(
        question,
        buckets=[
            replace(bucket, count=0, hidden=True) if i in hidden else bucket
            for i, bucket in enumerate(question.buckets)
        ],
    )
