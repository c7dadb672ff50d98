"""Distribution of the answers of every closed question, loyalty index and share satisfied."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from typing import Any

from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Cast, TruncMonth
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre

from ..choices import (
    NUMBER_RANGES,
    Channel,
    QuestionType,
)
from ..language import in_language, lang_of
from ..models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireVersion,
)
from .catalogue import (
    GROUPINGS,
    LOYALTY_CODE,
    SATISFACTION_CODE,
    Catalogue,
    answer_columns,
    answer_key,
    answers_filtered,
    answers_of,
    catalogue_of,
    reference_question,
    satisfied_values,
)
from .rollup import rollup_answer_counts, rollup_serves
from .types import (
    NO_FILTERS,
    Bucket,
    LoyaltyRow,
    QuestionResult,
    ResultFilters,
    SatisfactionRow,
    loyalty_index,
    share,
)


def results_distribution(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    version: QuestionnaireVersion | None = None,
    filters: ResultFilters = NO_FILTERS,
) -> list[QuestionResult]:
    """Distribution of the answers of every closed question (free text is moderated elsewhere).

    Across all versions by question code unless ``version`` is given. Two aggregate queries.
    """
    if version is not None:
        filters = replace(filters, version_id=version.pk)
    catalogue = catalogue_of(questionnaire=questionnaire, version_id=filters.version_id)
    return compute_distribution(
        centre=centre, questionnaire=questionnaire, filters=filters, catalogue=catalogue
    )


def compute_distribution(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    catalogue: Catalogue,
    exclude: tuple[str, ...] = (),
) -> list[QuestionResult]:
    """``results_distribution`` on a catalogue already read (``report`` reads it once)."""
    questions = [
        q for q in catalogue.reference if q.type != QuestionType.TEXT and q.code not in exclude
    ]
    code_of = {pk: q.code for q in questions for pk in catalogue.ids(q.code)}
    # One answer per respondent except a multiple choice or a matrix: count those distinctly.
    several = [
        pk
        for q in questions
        if q.type in (QuestionType.MULTIPLE_CHOICE, QuestionType.MATRIX)
        for pk in catalogue.ids(q.code)
    ]
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    respondents: dict[str, int] = defaultdict(int)
    if rollup_serves(filters=filters, counts_every_answer=True):
        by_id, respondents_by_id = rollup_answer_counts(
            centre=centre, questionnaire=questionnaire, filters=filters, question_ids=list(code_of)
        )
        for question_id, given in by_id.items():
            values = counts[code_of[question_id]]
            for key, n in given.items():
                values[key] = values.get(key, 0) + n
        for question_id in several:
            respondents[code_of[question_id]] += respondents_by_id.get(question_id, 0)
        several = []
    else:
        answers = answers_of(centre, questionnaire, filters, list(code_of))
        for row in answers.values("question_id", "row", "choice", "number").annotate(n=Count("id")):
            values = counts[code_of[row["question_id"]]]
            key = answer_key(row)
            values[key] = values.get(key, 0) + row["n"]
    if several:
        for question_id, n in (
            answers_of(centre, questionnaire, filters, several)
            .values_list("question_id")
            .annotate(n=Count("response_id", distinct=True))
        ):
            respondents[code_of[question_id]] += n
    results = []
    for question in questions:
        given = counts.get(question.code, {})
        if question.type not in (QuestionType.MULTIPLE_CHOICE, QuestionType.MATRIX):
            respondents[question.code] = sum(given.values())
        results.append(_question_result(question, given, respondents[question.code]))
    return results


def _question_result(
    question: Question, counts: dict[str, int], respondents: int
) -> QuestionResult:
    buckets = [
        Bucket(value, label, counts.get(value, 0))
        for value, label in answer_columns(question, shown=True)
    ]
    mean = None
    if question.type in NUMBER_RANGES and respondents:
        mean = round(sum(int(b.value) * b.count for b in buckets) / respondents, 2)
    return QuestionResult(
        code=question.code,
        type=question.type,
        text=in_language(question, "text"),
        lang=lang_of(question, "text"),
        respondents=respondents,
        buckets=buckets,
        mean=mean,
    )


def results_loyalty(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    code: str = LOYALTY_CODE,
    group_by: str | None = None,
    filters: ResultFilters = NO_FILTERS,
) -> list[LoyaltyRow]:
    """Loyalty index from a 0–10 question, overall or by office, service, channel or month.

    КМУ №864 monitoring: promoters answer 9–10, detractors 0–6; index = %promoters − %detractors.
    One query.
    """
    answers = answers_filtered(centre=centre, questionnaire=questionnaire, filters=filters).filter(
        question__code=code, question__type=QuestionType.SCALE
    )
    rows = _grouped(answers, group_by).annotate(
        responses=Count("id"),
        promoters=Count("id", filter=Q(number__gte=9)),
        detractors=Count("id", filter=Q(number__lte=6)),
    )
    return [
        LoyaltyRow(
            key=key,
            label=label,
            responses=row["responses"],
            promoters=row["promoters"],
            passives=row["responses"] - row["promoters"] - row["detractors"],
            detractors=row["detractors"],
            index=loyalty_index(
                responses=row["responses"], promoters=row["promoters"], detractors=row["detractors"]
            ),
        )
        for row, key, label in _keyed(rows, group_by)
    ]


def results_share_satisfied(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    code: str = SATISFACTION_CODE,
    group_by: str | None = None,
    filters: ResultFilters = NO_FILTERS,
) -> list[SatisfactionRow]:
    """Share satisfied: a 1–5 rating of 4 or 5, or a choice marked ``is_satisfied`` (for the
    standard overall question «чудово» and «добре», the national scale of КМУ №864). One query
    for the results (one more to read the question).
    """
    question = reference_question(questionnaire=questionnaire, code=code)
    values, by_rating = satisfied_values(question)
    satisfied = Q(number__gte=4) if by_rating else Q(choice__in=values)
    answers = answers_filtered(centre=centre, questionnaire=questionnaire, filters=filters).filter(
        question__code=code
    )
    rows = _grouped(answers, group_by).annotate(
        responses=Count("id"), satisfied=Count("id", filter=satisfied)
    )
    return [
        SatisfactionRow(
            key=key,
            label=label,
            responses=row["responses"],
            satisfied=row["satisfied"],
            share=share(row["satisfied"], row["responses"]),
        )
        for row, key, label in _keyed(rows, group_by)
    ]


def _grouped(answers: QuerySet[Answer], group_by: str | None) -> QuerySet[Answer, dict[str, Any]]:
    if group_by is None:
        return answers.annotate(group_key=Value("")).values("group_key")
    if group_by == "office":
        return answers.annotate(
            group_key=Cast("response__office_id", CharField()),
            group_label=F("response__office__name"),
        ).values("group_key", "group_label")
    if group_by == "service":
        return answers.annotate(
            group_key=Cast("response__service_id", CharField()),
            group_label=F("response__service__name"),
        ).values("group_key", "group_label")
    if group_by == "channel":
        return answers.annotate(group_key=F("response__channel")).values("group_key")
    if group_by == "month":
        return answers.annotate(group_key=TruncMonth("response__submitted_on")).values("group_key")
    raise ValueError(f"Group by one of {GROUPINGS}, not {group_by!r}")


def _keyed(rows: Any, group_by: str | None) -> list[tuple[dict[str, Any], str, str]]:
    keyed: list[tuple[dict[str, Any], str, str]] = []
    for row in rows.order_by("group_key"):
        raw = row["group_key"]
        key = "" if raw is None else str(raw)
        if isinstance(raw, dt.date):
            key, label = raw.strftime("%Y-%m"), raw.strftime("%m.%Y")
        elif group_by == "channel":
            label = str(Channel(key).label)
        elif group_by in ("office", "service"):
            label = row["group_label"] or _("Не вказано")
        else:
            label = _("Усього")
        keyed.append((row, key, label))
    return keyed
