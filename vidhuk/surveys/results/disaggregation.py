"""Answers by sex, age group and vulnerable group, with small cells suppressed
(``vidhuk.core.suppression.hidden_cells``)."""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import Count
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre
from vidhuk.core.suppression import THRESHOLD, hidden_cells

from ..choices import (
    NUMBER_RANGES,
    QuestionType,
)
from ..language import in_language
from ..models import (
    Questionnaire,
)
from . import sql_portable, sql_postgresql
from .catalogue import (
    DEMOGRAPHIC_CODES,
    SATISFACTION_CODE,
    Catalogue,
    answer_columns,
    answer_key,
    answers_of,
    catalogue_of,
    satisfied_values,
)
from .rollup import PAIRED_CODE, rollup_answer_counts, rollup_serves, rollup_stated
from .types import NO_FILTERS, DisaggregationTable, ResultFilters, share


def results_disaggregation(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    code: str,
    by_code: str,
    threshold: int = THRESHOLD,
    filters: ResultFilters = NO_FILTERS,
) -> DisaggregationTable:
    """Answers to ``code`` by the answer to a demographic question ``by_code``, suppressed.

    Мінсоцполітики order №359 and DOMAIN.md: publish no cell under 5 people, and suppress a
    second cell where totals would reveal the first (``vidhuk.core.suppression.hidden_cells``).
    Respondents who skipped the demographic question form the row «Не вказано». Two aggregate
    queries.
    """
    catalogue = catalogue_of(questionnaire=questionnaire, version_id=filters.version_id)
    [table] = compute_disaggregation(
        centre=centre,
        questionnaire=questionnaire,
        filters=filters,
        catalogue=catalogue,
        code=code,
        by_codes=[by_code],
        threshold=threshold,
    )
    return table


def results_disaggregation_all(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    code: str = SATISFACTION_CODE,
    filters: ResultFilters = NO_FILTERS,
    threshold: int = THRESHOLD,
) -> list[DisaggregationTable]:
    """``results_disaggregation`` by every demographic question the questionnaire has (sex,
    age group, each category), in the same two queries."""
    catalogue = catalogue_of(questionnaire=questionnaire, version_id=filters.version_id)
    return compute_disaggregation(
        centre=centre,
        questionnaire=questionnaire,
        filters=filters,
        catalogue=catalogue,
        code=code,
        by_codes=[c for c in DEMOGRAPHIC_CODES if catalogue.get(c)],
        threshold=threshold,
    )


def compute_disaggregation(  # noqa: PLR0913
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    catalogue: Catalogue,
    code: str,
    by_codes: list[str],
    threshold: int,
) -> list[DisaggregationTable]:
    """The disaggregation tables on a catalogue already read (``report`` reads it once)."""
    question = catalogue.get(code)
    if question is None or not by_codes:
        return []
    if question.type not in (*NUMBER_RANGES, QuestionType.SINGLE_CHOICE, QuestionType.YES_NO):
        raise ValueError(
            f"Disaggregation needs one answer per respondent; {code} is {question.type}"
        )
    by_questions = [catalogue.get(by_code) for by_code in by_codes]
    code_of = {pk: by_code for by_code in by_codes for pk in catalogue.ids(by_code)}
    outcome_ids = catalogue.ids(code)
    # All respondents who answered the question, then those who also answered each demographic
    # question (one self-join of the answers for every demographic question at once).
    totals, stated = _counted(
        centre=centre,
        questionnaire=questionnaire,
        filters=filters,
        code=code,
        outcome_ids=outcome_ids,
        code_of=code_of,
    )
    columns = list(answer_columns(question, shown=True))
    values, by_rating = (
        satisfied_values(question)
        if question.type in (QuestionType.RATING, QuestionType.SINGLE_CHOICE)
        else ([], False)
    )
    satisfied_columns = [
        j
        for j, (value, _label) in enumerate(columns)
        if value in values or (by_rating and int(value) >= 4)
    ]
    tables = []
    for by_code, by_question in zip(by_codes, by_questions, strict=True):
        if by_question is None:
            continue
        rows = list(answer_columns(by_question, shown=True)) + [("", _("Не вказано"))]
        counts = [
            [stated[by_code].get((value, column), 0) for column, _l in columns]
            for value, _label in rows[:-1]
        ]
        counts.append(
            [
                totals.get(column, 0) - sum(line[j] for line in counts)
                for j, (column, _l) in enumerate(columns)
            ]
        )
        tables.append(
            _suppressed_table(
                code=code,
                by_code=by_code,
                title=in_language(by_question, "text"),
                rows=rows,
                columns=columns,
                counts=counts,
                threshold=threshold,
                satisfied_columns=satisfied_columns,
            )
        )
    return tables


def _counted(  # noqa: PLR0913
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    code: str,
    outcome_ids: list[int],
    code_of: dict[int, str],
) -> tuple[dict[str, int], dict[str, dict[tuple[str, str], int]]]:
    """Respondents by answer to the outcome question, and by (demographic answer, answer) for
    each demographic question: from the rollup for the overall rating, else from the answers."""
    totals: dict[str, int] = defaultdict(int)
    stated: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    if code == PAIRED_CODE and rollup_serves(filters=filters, counts_every_answer=True):
        counts, _respondents = rollup_answer_counts(
            centre=centre, questionnaire=questionnaire, filters=filters, question_ids=outcome_ids
        )
        for given in counts.values():
            for key, n in given.items():
                totals[key] += n
        for question_id, demographic, key, n in rollup_stated(
            centre=centre, questionnaire=questionnaire, filters=filters, by_ids=list(code_of)
        ):
            stated[code_of[question_id]][demographic, key] += n
        return totals, stated
    for row in (
        answers_of(centre, questionnaire, filters, outcome_ids)
        .values("row", "choice", "number")
        .annotate(n=Count("id"))
    ):
        totals[answer_key(row)] += row["n"]
    outcomes = answers_of(centre, questionnaire, filters, outcome_ids)
    fetched = (
        sql_postgresql.stated(outcomes, list(code_of))
        if connection.vendor == "postgresql"
        else sql_portable.stated(outcomes, list(code_of))
    )
    for question_id, demographic, row, choice, number, n in fetched:
        key = answer_key({"row": row, "choice": choice, "number": number})
        stated[code_of[question_id]][demographic, key] += n
    return totals, stated


def _suppressed_table(  # noqa: PLR0913
    *,
    code: str,
    by_code: str,
    title: str = "",
    rows: list[tuple[str, str]],
    columns: list[tuple[str, str]],
    counts: list[list[int]],
    threshold: int,
    satisfied_columns: list[int] | None = None,
) -> DisaggregationTable:
    table = [line + [sum(line)] for line in counts]
    table.append([sum(line[j] for line in table) for j in range(len(columns) + 1)])
    hidden = hidden_cells(table, threshold=threshold)
    shown = [
        [None if hidden[i][j] else value for j, value in enumerate(line)]
        for i, line in enumerate(table)
    ]
    row_shares: list[float | None] = []
    for line in shown[:-1]:
        if satisfied_columns is None or any(value is None for value in line):
            row_shares.append(None)
        else:
            row_shares.append(share(sum(line[j] or 0 for j in satisfied_columns), line[-1] or 0))
    return DisaggregationTable(
        code=code,
        by_code=by_code,
        title=title,
        row_labels=[label for _value, label in rows],
        column_labels=[label for _value, label in columns],
        cells=[line[:-1] for line in shown[:-1]],
        row_totals=[line[-1] for line in shown[:-1]],
        column_totals=shown[-1][:-1],
        total=shown[-1][-1],
        row_shares=row_shares,
    )
