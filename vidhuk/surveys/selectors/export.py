"""The row-level export of a questionnaire's responses, as one SQL query (PostgreSQL, or the
portable form for the embedded SQLite of `make run`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.models import Centre, Office

from ..choices import (
    NUMBER_RANGES,
    Channel,
    QuestionType,
)
from ..models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireVersion,
)
from ..results.catalogue import answer_columns, catalogue_of, results_responses
from ..results.types import NO_FILTERS, ResultFilters


@dataclass(frozen=True)
class ExportQuery:
    """One row per response, one column per question (a matrix: one per row), pivoted in SQL so
    that Python only writes what PostgreSQL streams; the same SQL runs under ``COPY`` in the
    benchmark."""

    sql: str
    params: list[Any]
    header: list[str]


def results_export_query(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters = NO_FILTERS,
    include_raw_text: bool = False,
) -> ExportQuery:
    """Date, channel, office, service, version, then the answers, as labels; headed in words
    (the question's text, a matrix row's after it), rows by date.

    Free text: the respondent's own words only when ``include_raw_text`` (members who moderate,
    and so read them anyway), otherwise the moderated public text of approved comments only.
    Text is as written: the one writer (``core.tabular``) guards cells a spreadsheet would run.
    """
    catalogue = catalogue_of(questionnaire=questionnaire, version_id=filters.version_id)
    header = [_("Дата"), _("Канал"), _("Офіс"), _("Послуга"), _("Версія")]
    columns: list[str] = []
    params: list[Any] = []
    portable = connection.vendor != "postgresql"
    for question in catalogue.reference:
        ids = catalogue.ids(question.code)
        for column_sql, column_params, title in _export_columns(
            question, ids, include_raw_text, portable=portable
        ):
            columns.append(column_sql)
            params.extend(column_params)
            header.append(title)
    channel_case = " ".join("WHEN %s THEN %s" for _c in Channel.values)
    channel_params = [part for value, label in Channel.choices for part in (value, str(label))]
    responses_sql, responses_params = (
        results_responses(centre=centre, questionnaire=questionnaire, filters=filters)
        .values("id", "submitted_on", "channel", "office_id", "service_id", "version_id")
        .query.sql_with_params()
    )
    answers = Answer._meta.db_table
    if portable:
        return ExportQuery(
            sql=_export_sql_portable(
                responses_sql=responses_sql, channel_case=channel_case, columns=columns
            ),
            params=[*channel_params, *responses_params, *params],
            header=header,
        )
    pivot = ",\n".join(columns) or "NULL"
    sql = f"""
        SELECT r.submitted_on, CASE r.channel {channel_case} ELSE r.channel END,
               office.name, service.name, v.number, x.*
        FROM ({responses_sql}) r
        JOIN {QuestionnaireVersion._meta.db_table} v ON v.id = r.version_id
        LEFT JOIN {Office._meta.db_table} office ON office.id = r.office_id
        LEFT JOIN {Service._meta.db_table} service ON service.id = r.service_id
        CROSS JOIN LATERAL (SELECT {pivot} FROM {answers} a WHERE a.response_id = r.id) x
        ORDER BY r.submitted_on, r.id
    """  # noqa: S608 — table names from the models, every value a parameter
    return ExportQuery(sql=sql, params=[*channel_params, *responses_params, *params], header=header)


def _export_sql_portable(*, responses_sql: str, channel_case: str, columns: list[str]) -> str:
    """The export for the embedded SQLite of `make run` (no LATERAL): the answers pivoted per
    response in a grouped subquery, joined to the responses. Same columns, same order."""
    aliases = [f"c{index}" for index in range(len(columns))]
    pivot = "".join(f", {sql} AS {alias}" for sql, alias in zip(columns, aliases, strict=True))
    shown = "".join(f", x.{alias}" for alias in aliases)
    return f"""
        SELECT r.submitted_on, CASE r.channel {channel_case} ELSE r.channel END,
               office.name, service.name, v.number{shown}
        FROM ({responses_sql}) r
        JOIN {QuestionnaireVersion._meta.db_table} v ON v.id = r.version_id
        LEFT JOIN {Office._meta.db_table} office ON office.id = r.office_id
        LEFT JOIN {Service._meta.db_table} service ON service.id = r.service_id
        LEFT JOIN (
            SELECT a.response_id{pivot} FROM {Answer._meta.db_table} a GROUP BY a.response_id
        ) x ON x.response_id = r.id
        ORDER BY r.submitted_on, r.id
    """  # noqa: S608 — table names from the models, every value a parameter


def _question_in(ids: list[int], *, portable: bool) -> tuple[str, list[Any]]:
    if not portable:
        return "a.question_id = ANY(%s)", [ids]
    if not ids:
        return "1 = 0", []
    return f"a.question_id IN ({', '.join('%s' for _id in ids)})", list(ids)


def _export_columns(
    question: Question, ids: list[int], include_raw_text: bool, *, portable: bool = False
) -> list[tuple[str, list[Any], str]]:
    title = question.text_uk  # headers in words: the question as residents read it
    where, where_params = _question_in(ids, portable=portable)
    if question.type in NUMBER_RANGES:
        return [(f"MAX(a.number) FILTER (WHERE {where})", where_params, title)]
    if question.type == QuestionType.TEXT:
        if include_raw_text:
            text, condition = "a.text", where
        else:
            text, condition = "a.public_text", f"{where} AND a.moderation = 'published'"
        return [(f"MAX({text}) FILTER (WHERE {condition})", where_params, title)]
    labels = dict(answer_columns(question)) if question.type != QuestionType.MATRIX else {}
    if question.type == QuestionType.MATRIX:
        labels = {str(o["value"]): str(o["label_uk"]) for o in question.options}
    case, case_params = _label_case(labels)
    if question.type == QuestionType.MULTIPLE_CHOICE:
        joined = (
            f"GROUP_CONCAT({case}, '; ')"
            if portable
            else f"STRING_AGG({case}, '; ' ORDER BY a.choice)"
        )
        return [(f"{joined} FILTER (WHERE {where})", [*case_params, *where_params], title)]
    if question.type == QuestionType.MATRIX:
        return [
            (
                f"MAX({case}) FILTER (WHERE {where} AND a.row = %s)",
                [*case_params, *where_params, str(row["value"])],
                f"{question.text_uk}: {row['label_uk']}",
            )
            for row in question.rows
        ]
    return [(f"MAX({case}) FILTER (WHERE {where})", [*case_params, *where_params], title)]


def _label_case(labels: dict[str, str]) -> tuple[str, list[str]]:
    if not labels:
        return "a.choice", []
    whens = " ".join("WHEN %s THEN %s" for _value in labels)
    return f"CASE a.choice {whens} ELSE a.choice END", [
        part for value, label in labels.items() for part in (value, label)
    ]
