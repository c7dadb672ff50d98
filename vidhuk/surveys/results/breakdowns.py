"""Responses, share satisfied and loyalty index in total and by office, service, channel and
month: one pass over the responses (``sql_postgresql`` or ``sql_portable``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from vidhuk.catalog.selectors import service_names
from vidhuk.core.models import Centre, Office

from ..choices import (
    Channel,
)
from ..models import (
    Questionnaire,
)
from . import sql_portable, sql_postgresql
from .catalogue import SATISFACTION_CODE, Catalogue, catalogue_of, satisfied_values
from .rollup import rollup_breakdown_lines, rollup_serves
from .types import NO_FILTERS, ResultFilters, ResultRow, loyalty_index, share


def results_breakdowns(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters = NO_FILTERS,
) -> dict[str, list[ResultRow]]:
    """Responses, share satisfied and loyalty index in total and by office, service, channel
    and month: one pass over the responses (GROUPING SETS with FILTER aggregates), plus the names
    of the offices and services found. Keys: ``total`` (one row) and ``GROUPINGS``.
    """
    catalogue = catalogue_of(questionnaire=questionnaire, version_id=filters.version_id)
    return compute_breakdowns(
        centre=centre, questionnaire=questionnaire, filters=filters, catalogue=catalogue
    )


# GROUPING(office, service, channel, month): a bit is 1 where the column is rolled up.
_GROUPING_SETS = {0b1111: "total", 0b0111: "office", 0b1011: "service", 0b1101: "channel"}
_GROUPING_SETS[0b1110] = "month"


def compute_breakdowns(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    catalogue: Catalogue,
) -> dict[str, list[ResultRow]]:
    """``results_breakdowns`` on a catalogue already read (``report`` reads it once)."""
    satisfaction = catalogue.get(SATISFACTION_CODE)
    values, by_rating = satisfied_values(satisfaction) if satisfaction else ([], False)
    if rollup_serves(filters=filters, counts_every_answer=False):
        fetched = rollup_breakdown_lines(
            centre=centre,
            questionnaire=questionnaire,
            filters=filters,
            catalogue=catalogue,
            values=values,
            by_rating=by_rating,
        )
    elif connection.vendor == "postgresql":
        fetched = sql_postgresql.breakdown_lines(
            centre=centre,
            questionnaire=questionnaire,
            filters=filters,
            catalogue=catalogue,
            values=values,
            by_rating=by_rating,
        )
    else:
        fetched = sql_portable.breakdown_lines(
            centre=centre,
            questionnaire=questionnaire,
            filters=filters,
            catalogue=catalogue,
            values=values,
            by_rating=by_rating,
        )
    return _breakdown_rows(centre=centre, fetched=fetched)


def _breakdown_rows(
    *, centre: Centre, fetched: list[tuple[Any, ...]]
) -> dict[str, list[ResultRow]]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for line in fetched:
        grouped[_GROUPING_SETS[line[0]]].append(line)
    names = _place_names(
        centre=centre,
        office_ids={line[1] for line in grouped["office"] if line[1]},
        service_ids={line[2] for line in grouped["service"] if line[2]},
    )
    result: dict[str, list[ResultRow]] = {}
    for kind, column in (("total", 0), ("office", 1), ("service", 2), ("channel", 3)):
        result[kind] = sorted(
            (_result_row(line, *_group_label(kind, line[column], names)) for line in grouped[kind]),
            key=lambda row: (row.key == "", row.label),
        )
    result["month"] = sorted(
        (
            _result_row(line, line[4].strftime("%Y-%m"), line[4].strftime("%m.%Y"))
            for line in grouped["month"]
        ),
        key=lambda row: row.key,
    )
    if not result["total"]:
        result["total"] = [_result_row((0, None, None, None, None, 0, 0, 0, 0, 0, 0), "", "")]
    return result


def _place_names(
    *, centre: Centre, office_ids: set[int], service_ids: set[int]
) -> dict[tuple[str, int], str]:
    names: dict[tuple[str, int], str] = {}
    if office_ids:
        for pk, name in Office.objects.filter(centre=centre, pk__in=office_ids).values_list(
            "pk", "name"
        ):
            names["office", pk] = name
    if service_ids:
        for pk, name in service_names(centre=centre, pks=service_ids).items():
            names["service", pk] = name
    return names


def _group_label(kind: str, value: Any, names: dict[tuple[str, int], str]) -> tuple[str, str]:
    if kind == "total":
        return "", _("Усього")
    if value is None or value == "":
        return "", _("Не вказано")
    if kind == "channel":
        return str(value), str(Channel(value).label) if value in Channel.values else str(value)
    return str(value), names.get((kind, value), _("Не вказано"))


def _result_row(line: tuple[Any, ...], key: str, label: str) -> ResultRow:
    responses, rated, satisfied, recommended, promoters, detractors = line[5:11]
    return ResultRow(
        key=key,
        label=label,
        responses=responses,
        rated=rated,
        satisfied=satisfied,
        share=share(satisfied, rated),
        recommended=recommended,
        promoters=promoters,
        passives=recommended - promoters - detractors,
        detractors=detractors,
        index=loyalty_index(responses=recommended, promoters=promoters, detractors=detractors),
    )
