"""Every read of questionnaires and their results, scoped to the centre.

Results are computed in PostgreSQL with GROUP BY over the typed columns of ``Answer`` (see its
docstring); Python only lays out the few aggregated rows that come back, so the number of
queries and the memory used do not grow with the number of responses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.models import Centre, Office

from .choices import (
    CHOICE_TYPES,
    NO,
    NUMBER_RANGES,
    YES,
    Channel,
    Moderation,
    QuestionnaireKind,
    QuestionType,
    VersionStatus,
)
from .language import in_language, lang_of
from .models import (
    QUESTION_ORDER,
    Answer,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
)

SUPPRESSION_THRESHOLD = 5
GROUPINGS = ("office", "service", "channel", "month")


def questionnaire_list(*, centre: Centre) -> QuerySet[Questionnaire]:
    return (
        Questionnaire.objects.filter(centre=centre)
        .prefetch_related(
            Prefetch("versions", queryset=QuestionnaireVersion.objects.order_by("number"))
        )
        .order_by("title_uk")
    )


def version_get_published(*, centre: Centre, slug: str) -> QuestionnaireVersion:
    """The version residents answer now; raises QuestionnaireVersion.DoesNotExist if none."""
    return (
        QuestionnaireVersion.objects.select_related("questionnaire")
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=Section.objects.order_by("position", "id").prefetch_related(
                    Prefetch("questions", queryset=Question.objects.order_by("position", "id"))
                ),
            )
        )
        .get(
            questionnaire__centre=centre,
            questionnaire__slug=slug,
            status=VersionStatus.PUBLISHED,
        )
    )


# --- results ------------------------------------------------------------------------------------

# The standard visitor questionnaire (data/visitor_survey.json): the overall rating on the national
# scale gives the share satisfied, the 0–10 question the loyalty index.
SATISFACTION_CODE = "overall"
LOYALTY_CODE = "recommend"
# A computed report is kept a week: when responses arrive, the page may show it (marked with the
# time it was computed) while a background task computes the new one (``results_report``).
RESULTS_CACHE_SECONDS = 7 * 24 * 60 * 60
RESULTS_REFRESH_LOCK_SECONDS = 10 * 60


def _demographic_codes() -> tuple[str, ...]:
    path = Path(__file__).resolve().parent / "data" / "demographic_block.json"
    with path.open(encoding="utf-8") as data_file:
        block: dict[str, Any] = json.load(data_file)
    return tuple(str(question["code"]) for question in block["questions"])


# Sex, age group and the categories of DOMAIN.md (IDP, disability, pensioner, veteran, parent of a
# child under 6, place of residence): shown only as disaggregation tables, with suppression.
DEMOGRAPHIC_CODES = _demographic_codes()


@dataclass(frozen=True)
class ResultFilters:
    """What the results page can narrow to; every field is optional."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    office_id: int | None = None
    service_id: int | None = None
    channel: str = ""
    version_id: int | None = None

    def is_empty(self) -> bool:
        return self == ResultFilters()

    def cache_part(self) -> str:
        return ":".join(str(value or "") for value in astuple(self))

    def as_json(self) -> dict[str, Any]:
        """The filters as JSON values, to hand to a background task."""
        return {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "office_id": self.office_id,
            "service_id": self.service_id,
            "channel": self.channel,
            "version_id": self.version_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ResultFilters:
        def day(value: Any) -> dt.date | None:
            return dt.date.fromisoformat(value) if value else None

        return cls(
            date_from=day(data.get("date_from")),
            date_to=day(data.get("date_to")),
            office_id=data.get("office_id"),
            service_id=data.get("service_id"),
            channel=data.get("channel") or "",
            version_id=data.get("version_id"),
        )


NO_FILTERS = ResultFilters()


@dataclass(frozen=True)
class Bucket:
    value: str
    label: str
    count: int
    hidden: bool = False  # on public pages: a group under 5, or one that would reveal it


@dataclass(frozen=True)
class QuestionResult:
    code: str
    type: str
    text: str
    respondents: int
    buckets: list[Bucket]
    mean: float | None
    hidden: bool = False  # on public pages: answered by fewer than the threshold
    lang: str = ""  # "uk": the text is Ukrainian on an English page (no English text)


@dataclass(frozen=True)
class LoyaltyRow:
    """Loyalty index (КМУ №864): % promoters (9–10) − % detractors (0–6), from −100 to +100."""

    key: str
    label: str
    responses: int
    promoters: int
    passives: int
    detractors: int
    index: float | None


@dataclass(frozen=True)
class SatisfactionRow:
    key: str
    label: str
    responses: int
    satisfied: int
    share: float | None  # per cent


@dataclass(frozen=True)
class ResultRow:
    """Responses of one group (an office, a month…) with its share satisfied and loyalty index.

    ``rated`` answered the satisfaction question, ``recommended`` the 0–10 question.
    """

    key: str
    label: str
    responses: int
    rated: int
    satisfied: int
    share: float | None
    recommended: int
    promoters: int
    passives: int
    detractors: int
    index: float | None
    # On public pages: ``hidden`` — a group under 5 (or one that would reveal it), its figures
    # emptied; ``details_hidden`` — counts inside the group (satisfied, promoters…) under 5.
    hidden: bool = False
    details_hidden: bool = False


@dataclass(frozen=True)
class DisaggregationTable:
    """Counts of respondents by a demographic answer (rows) and an answer (columns).

    ``None`` is a suppressed cell or total: see ``suppress``. ``row_shares`` is the share
    satisfied of each row, given only where no cell of the row is hidden (a share and a shown
    total would otherwise give a hidden cell away).
    """

    code: str
    by_code: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None
    title: str = ""
    row_shares: list[float | None] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, list[int | None], int | None, float | None]]:
        shares = self.row_shares or [None] * len(self.row_labels)
        return list(zip(self.row_labels, self.cells, self.row_totals, shares, strict=True))

    @property
    def has_suppressed(self) -> bool:
        return any(value is None for line in self.cells for value in line) or None in (
            *self.row_totals,
            *self.column_totals,
        )


@dataclass(frozen=True)
class ResultsReport:
    """Everything the results page, its PDF and the public page show, computed in one go."""

    total: ResultRow
    by_month: list[ResultRow]
    by_office: list[ResultRow]
    by_service: list[ResultRow]
    by_channel: list[ResultRow]
    questions: list[QuestionResult]
    disaggregation: list[DisaggregationTable]
    satisfaction_question: str  # its text, blank when the questionnaire has none
    has_loyalty: bool
    computed_at: dt.datetime | None = None
    # True when responses arrived after ``computed_at``: shown while the new report is computed.
    is_stale: bool = False
    # Public pages: fewer responses than the threshold in all, so nothing is shown.
    withheld: bool = False


@dataclass(frozen=True)
class _Catalogue:
    """Questions matched by code across every version; labels from the reference version."""

    reference: list[Question]
    ids_by_code: dict[str, list[int]]

    def ids(self, *codes: str) -> list[int]:
        return [pk for code in codes for pk in self.ids_by_code.get(code, [])]

    def get(self, code: str) -> Question | None:
        return next((q for q in self.reference if q.code == code), None)


def questionnaire_get_results_public(*, centre: Centre, slug: str) -> Questionnaire:
    """A visitor questionnaire whose results the centre chose to publish; raises
    ``Questionnaire.DoesNotExist`` otherwise (mystery-shopper checklists are never public)."""
    return Questionnaire.objects.get(
        centre=centre,
        slug=slug,
        kind=QuestionnaireKind.VISITOR_SURVEY,
        results_public=True,
    )


def results_responses(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters = NO_FILTERS,
) -> QuerySet[Response]:
    """The responses to every version of ``questionnaire`` in the centre, narrowed by filters."""
    responses = Response.objects.filter(centre=centre, version__questionnaire=questionnaire)
    if filters.date_from:
        responses = responses.filter(submitted_on__gte=filters.date_from)
    if filters.date_to:
        responses = responses.filter(submitted_on__lte=filters.date_to)
    if filters.office_id:
        responses = responses.filter(office_id=filters.office_id)
    if filters.service_id:
        responses = responses.filter(service_id=filters.service_id)
    if filters.channel:
        responses = responses.filter(channel=filters.channel)
    if filters.version_id:
        responses = responses.filter(version_id=filters.version_id)
    return responses.order_by()


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
    catalogue = _catalogue(questionnaire=questionnaire, version_id=filters.version_id)
    return _distribution(
        centre=centre, questionnaire=questionnaire, filters=filters, catalogue=catalogue
    )


def _distribution(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    catalogue: _Catalogue,
    exclude: tuple[str, ...] = (),
) -> list[QuestionResult]:
    questions = [
        q for q in catalogue.reference if q.type != QuestionType.TEXT and q.code not in exclude
    ]
    code_of = {pk: q.code for q in questions for pk in catalogue.ids(q.code)}
    answers = _answers_of(centre, questionnaire, filters, list(code_of))
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in answers.values("question_id", "row", "choice", "number").annotate(n=Count("id")):
        values = counts[code_of[row["question_id"]]]
        key = _answer_key(row)
        values[key] = values.get(key, 0) + row["n"]
    # One answer per respondent except a multiple choice or a matrix: count those distinctly.
    several = [
        pk
        for q in questions
        if q.type in (QuestionType.MULTIPLE_CHOICE, QuestionType.MATRIX)
        for pk in catalogue.ids(q.code)
    ]
    respondents: dict[str, int] = defaultdict(int)
    if several:
        for question_id, n in (
            _answers_of(centre, questionnaire, filters, several)
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
        for value, label in _columns(question, shown=True)
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
    answers = _answers(centre=centre, questionnaire=questionnaire, filters=filters).filter(
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


def loyalty_index(*, responses: int, promoters: int, detractors: int) -> float | None:
    if not responses:
        return None
    return round(100 * (promoters - detractors) / responses, 1)


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


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
    question = _reference_question(questionnaire=questionnaire, code=code)
    values, by_rating = _satisfied_values(question)
    satisfied = Q(number__gte=4) if by_rating else Q(choice__in=values)
    answers = _answers(centre=centre, questionnaire=questionnaire, filters=filters).filter(
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


def _satisfied_values(question: Question) -> tuple[list[str], bool]:
    """The choice values that count as satisfied, and whether it is a 1–5 rating instead."""
    if question.type == QuestionType.RATING:
        return [], True
    if question.type == QuestionType.SINGLE_CHOICE:
        return [str(o["value"]) for o in question.options if o.get("is_satisfied")], False
    raise ValueError(
        f"Share satisfied needs a rating or single-choice question, not {question.code}"
    )


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
    catalogue = _catalogue(questionnaire=questionnaire, version_id=filters.version_id)
    return _breakdowns(
        centre=centre, questionnaire=questionnaire, filters=filters, catalogue=catalogue
    )


# GROUPING(office, service, channel, month): a bit is 1 where the column is rolled up.
_GROUPING_SETS = {0b1111: "total", 0b0111: "office", 0b1011: "service", 0b1101: "channel"}
_GROUPING_SETS[0b1110] = "month"


def _breakdowns(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    catalogue: _Catalogue,
) -> dict[str, list[ResultRow]]:
    satisfaction = catalogue.get(SATISFACTION_CODE)
    values, by_rating = _satisfied_values(satisfaction) if satisfaction else ([], False)
    if connection.vendor == "postgresql":
        fetched = _breakdown_lines_sql(
            centre=centre,
            questionnaire=questionnaire,
            filters=filters,
            catalogue=catalogue,
            values=values,
            by_rating=by_rating,
        )
    else:
        fetched = _breakdown_lines_portable(
            centre=centre,
            questionnaire=questionnaire,
            filters=filters,
            catalogue=catalogue,
            values=values,
            by_rating=by_rating,
        )
    return _breakdown_rows(centre=centre, fetched=fetched)


def _breakdown_lines_sql(  # noqa: PLR0913
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    catalogue: _Catalogue,
    values: list[str],
    by_rating: bool,
) -> list[tuple[Any, ...]]:
    """PostgreSQL: one pass (GROUPING SETS with FILTER aggregates) over the covering index."""
    responses_sql, responses_params = (
        results_responses(centre=centre, questionnaire=questionnaire, filters=filters)
        .values("id", "office_id", "service_id", "channel", "submitted_on")
        .query.sql_with_params()
    )
    sql = f"""
        SELECT GROUPING(r.office_id, r.service_id, r.channel, r.month),
               r.office_id, r.service_id, r.channel, r.month,
               COUNT(*),
               COUNT(o.id),
               COUNT(o.id) FILTER (WHERE o.choice = ANY(%s) OR (%s AND o.number >= 4)),
               COUNT(n.id),
               COUNT(n.id) FILTER (WHERE n.number >= 9),
               COUNT(n.id) FILTER (WHERE n.number <= 6)
        FROM (
            SELECT s.id, s.office_id, s.service_id, s.channel,
                   date_trunc('month', s.submitted_on)::date AS month
            FROM ({responses_sql}) s
        ) r
        LEFT JOIN {Answer._meta.db_table} o ON o.response_id = r.id AND o.question_id = ANY(%s)
        LEFT JOIN {Answer._meta.db_table} n ON n.response_id = r.id AND n.question_id = ANY(%s)
        GROUP BY GROUPING SETS ((), (r.office_id), (r.service_id), (r.channel), (r.month))
    """  # noqa: S608 — table names from the models, every value a parameter
    params = [
        values,
        by_rating,
        *responses_params,
        catalogue.ids(SATISFACTION_CODE),
        catalogue.ids(LOYALTY_CODE),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _breakdown_lines_portable(  # noqa: PLR0913
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    catalogue: _Catalogue,
    values: list[str],
    by_rating: bool,
) -> list[tuple[Any, ...]]:
    """The same lines as ``_breakdown_lines_sql``, added up in Python from three plain queries:
    for the embedded SQLite of `make run` and small deployments, which have neither GROUPING
    SETS nor ``= ANY``. It reads one row per response, so it is not for a million of them."""
    responses = results_responses(centre=centre, questionnaire=questionnaire, filters=filters)
    ids = responses.values("id")
    rated = {
        response_id: choice in values or (by_rating and number is not None and number >= 4)
        for response_id, choice, number in Answer.objects.filter(
            response_id__in=ids, question_id__in=catalogue.ids(SATISFACTION_CODE)
        ).values_list("response_id", "choice", "number")
    }
    recommended = dict(
        Answer.objects.filter(
            response_id__in=ids, question_id__in=catalogue.ids(LOYALTY_CODE)
        ).values_list("response_id", "number")
    )
    sums: dict[tuple[Any, ...], list[int]] = {}
    rows = responses.values_list("id", "office_id", "service_id", "channel", "submitted_on")
    for response_id, office, service, channel, day in rows:
        satisfied = rated.get(response_id)
        score = recommended.get(response_id)
        figures = (
            1,
            int(satisfied is not None),
            int(bool(satisfied)),
            int(score is not None),
            int(score is not None and score >= 9),
            int(score is not None and score <= 6),
        )
        for key in (
            (0b1111, None, None, None, None),
            (0b0111, office, None, None, None),
            (0b1011, None, service, None, None),
            (0b1101, None, None, channel, None),
            (0b1110, None, None, None, day.replace(day=1)),
        ):
            total = sums.setdefault(key, [0] * 6)
            for index, figure in enumerate(figures):
                total[index] += figure
    return [(*key, *total) for key, total in sums.items()]


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
        for pk, name in Service.objects.filter(centre=centre, pk__in=service_ids).values_list(
            "pk", "name"
        ):
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


def results_disaggregation(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    code: str,
    by_code: str,
    threshold: int = SUPPRESSION_THRESHOLD,
    filters: ResultFilters = NO_FILTERS,
) -> DisaggregationTable:
    """Answers to ``code`` by the answer to a demographic question ``by_code``, suppressed.

    Мінсоцполітики order №359 and DOMAIN.md: publish no cell under 5 people, and suppress a
    second cell where totals would reveal the first (``suppress``). Respondents who skipped the
    demographic question form the row «Не вказано». Two aggregate queries.
    """
    catalogue = _catalogue(questionnaire=questionnaire, version_id=filters.version_id)
    [table] = _disaggregation(
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
    threshold: int = SUPPRESSION_THRESHOLD,
) -> list[DisaggregationTable]:
    """``results_disaggregation`` by every demographic question the questionnaire has (sex,
    age group, each category), in the same two queries."""
    catalogue = _catalogue(questionnaire=questionnaire, version_id=filters.version_id)
    return _disaggregation(
        centre=centre,
        questionnaire=questionnaire,
        filters=filters,
        catalogue=catalogue,
        code=code,
        by_codes=[c for c in DEMOGRAPHIC_CODES if catalogue.get(c)],
        threshold=threshold,
    )


def _disaggregation(  # noqa: PLR0913
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters,
    catalogue: _Catalogue,
    code: str,
    by_codes: list[str],
    threshold: int,
) -> list[DisaggregationTable]:
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
    totals: dict[str, int] = defaultdict(int)
    for row in (
        _answers_of(centre, questionnaire, filters, outcome_ids)
        .values("row", "choice", "number")
        .annotate(n=Count("id"))
    ):
        totals[_answer_key(row)] += row["n"]
    stated: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    outcomes = _answers_of(centre, questionnaire, filters, outcome_ids)
    fetched = (
        _stated_sql(outcomes, list(code_of))
        if connection.vendor == "postgresql"
        else _stated_portable(outcomes, list(code_of))
    )
    for question_id, demographic, row, choice, number, n in fetched:
        key = _answer_key({"row": row, "choice": choice, "number": number})
        stated[code_of[question_id]][demographic, key] += n
    columns = list(_columns(question, shown=True))
    values, by_rating = (
        _satisfied_values(question)
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
        rows = list(_columns(by_question, shown=True)) + [("", _("Не вказано"))]
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


def _stated_sql(outcomes: QuerySet[Answer], by_ids: list[int]) -> list[tuple[Any, ...]]:
    """PostgreSQL: a self-join of the answers on the response, without the responses table in
    between — (demographic question, its answer, the outcome's row, choice, number, count)."""
    outcome_sql, outcome_params = outcomes.values(
        "response_id", "row", "choice", "number"
    ).query.sql_with_params()
    sql = f"""
        SELECT d.question_id, d.choice, o.row, o.choice, o.number, COUNT(*)
        FROM ({outcome_sql}) o
        JOIN {Answer._meta.db_table} d
          ON d.response_id = o.response_id AND d.question_id = ANY(%s)
        GROUP BY 1, 2, 3, 4, 5
    """  # noqa: S608 — table name from the model, every value a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [*outcome_params, by_ids])
        return list(cursor.fetchall())


def _stated_portable(outcomes: QuerySet[Answer], by_ids: list[int]) -> list[tuple[Any, ...]]:
    """The same lines as ``_stated_sql``, joined in Python (the embedded SQLite of `make run`)."""
    outcome_of = {
        response_id: (row, choice, number)
        for response_id, row, choice, number in outcomes.values_list(
            "response_id", "row", "choice", "number"
        )
    }
    counted: dict[tuple[Any, ...], int] = defaultdict(int)
    for response_id, question_id, demographic in Answer.objects.filter(
        response_id__in=outcomes.values("response_id"), question_id__in=by_ids
    ).values_list("response_id", "question_id", "choice"):
        outcome = outcome_of.get(response_id)
        if outcome is not None:
            counted[(question_id, demographic, *outcome)] += 1
    return [(*key, n) for key, n in counted.items()]


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
    hidden = suppress(table, threshold=threshold)
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


def suppress(table: list[list[int]], *, threshold: int = SUPPRESSION_THRESHOLD) -> list[list[bool]]:
    """Which entries of a table with margins (last column the row totals, last row the column
    totals) to hide.

    Primary: every cell and total under ``threshold``, zero included ("none of the 3 veterans
    was satisfied" discloses as much as "one of them"), except the cells of an empty row or
    column, which reveal nobody. Complementary: each row and column is a sum, so where exactly
    one entry of a line is hidden it could be recovered by subtraction; and where the hidden
    cells of a line with a shown total add up to less than ``threshold`` their sum is itself a
    small group ("3 men said «добре» or «чудово»"). In either case the smallest other entry of
    that line is hidden too, until no line is left so.
    """
    size_i, size_j = len(table), len(table[0])
    exempt = [
        [table[i][-1] == 0 or table[-1][j] == 0 for j in range(size_j)] for i in range(size_i)
    ]
    hidden = [
        [table[i][j] < threshold and not exempt[i][j] for j in range(size_j)] for i in range(size_i)
    ]
    lines = [[(i, j) for j in range(size_j)] for i in range(size_i)]
    lines += [[(i, j) for i in range(size_i)] for j in range(size_j)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            shut = [(i, j) for i, j in line if hidden[i][j]]
            candidates = [(i, j) for i, j in line if not hidden[i][j] and not exempt[i][j]]
            total_i, total_j = line[-1]
            small_sum = (
                len(shut) > 1
                and not hidden[total_i][total_j]
                and sum(table[i][j] for i, j in shut) < threshold
            )
            if (len(shut) == 1 or small_sum) and candidates:
                i, j = min(candidates, key=lambda cell: (table[cell[0]][cell[1]], cell))
                hidden[i][j] = True
                changed = True
    return hidden


def results_report(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters = NO_FILTERS,
    stale_ok: bool = False,
) -> ResultsReport:
    """The whole results page: headline figures, trend by month, tables by office, service and
    channel, the distribution of every closed question and the suppressed disaggregation.

    With a million responses the aggregates take seconds, so a computed report is cached with
    the data version it was computed from (the number and the last id of the questionnaire's
    responses); one query when it is still current. When responses have arrived since:
    ``stale_ok`` returns the cached report marked ``is_stale`` (the caller has it recomputed in
    the background, ``tasks.results_report_refresh``); otherwise it is recomputed now. A report
    never cached is computed now.
    """
    version = _results_data_version(centre=centre, questionnaire=questionnaire)
    cached: tuple[str, ResultsReport] | None = cache.get(
        _results_key(centre=centre, questionnaire=questionnaire, filters=filters)
    )
    if cached is not None:
        cached_version, report = cached
        if cached_version == version:
            return report
        if stale_ok:
            return replace(report, is_stale=True)
    return results_report_compute(
        centre=centre, questionnaire=questionnaire, filters=filters, data_version=version
    )


def results_report_compute(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    filters: ResultFilters = NO_FILTERS,
    data_version: str | None = None,
) -> ResultsReport:
    """Compute the report now and cache it for ``results_report``.

    The data version is read before the aggregates: a response that lands while they run may be
    counted, but the cached version is then older than the data, so the next reader recomputes
    (never the other way round)."""
    if data_version is None:
        data_version = _results_data_version(centre=centre, questionnaire=questionnaire)
    report = replace(
        _report(centre=centre, questionnaire=questionnaire, filters=filters),
        computed_at=timezone.now(),
    )
    cache.set(
        _results_key(centre=centre, questionnaire=questionnaire, filters=filters),
        (data_version, report),
        RESULTS_CACHE_SECONDS,
    )
    return report


def results_refresh_claim(
    *, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters
) -> bool:
    """True for the one caller that should schedule a recompute; the others see it running."""
    key = _results_key(centre=centre, questionnaire=questionnaire, filters=filters)
    return bool(cache.add(f"{key}:refreshing", 1, RESULTS_REFRESH_LOCK_SECONDS))


def results_refresh_release(
    *, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters
) -> None:
    key = _results_key(centre=centre, questionnaire=questionnaire, filters=filters)
    cache.delete(f"{key}:refreshing")


def _results_data_version(*, centre: Centre, questionnaire: Questionnaire) -> str:
    row = (
        Response.objects.filter(centre=centre, version__questionnaire=questionnaire)
        .order_by()
        .aggregate(n=Count("id"), last=Max("id"))
    )
    return f"{row['n']}:{row['last']}"


def _results_key(*, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters) -> str:
    # The language is part of the key: labels in the report are translated.
    parts = [str(centre.pk), str(questionnaire.pk), filters.cache_part(), get_language() or ""]
    return "surveys:results:" + hashlib.sha256(":".join(parts).encode()).hexdigest()


def results_report_public(
    report: ResultsReport, *, threshold: int = SUPPRESSION_THRESHOLD
) -> ResultsReport:
    """The report as the public page may show it: no group of fewer than ``threshold`` people.

    Fewer responses than that in all: nothing but the fact (``withheld``). Otherwise, in each
    breakdown (months, offices, services, channels) and each question's distribution, groups
    under the threshold are hidden, and more groups with them (smallest first) until the hidden
    ones add up to the threshold — the shown total minus the shown groups would otherwise give
    a hidden group away. Hidden figures are emptied, not just marked, so no chart, table or text
    can show them. The headline's counts (satisfied of rated; promoters, passives, detractors)
    are hidden when one of them is a group under the threshold; the share and the index stay.
    The disaggregation is already suppressed for everyone (``suppress``).
    """
    if report.total.responses < threshold:
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


def _hide_small(counts: list[int], *, threshold: int) -> set[int]:
    """Indexes to hide: every count from 1 to threshold − 1, then the smallest shown non-zero
    counts until the hidden ones add up to at least the threshold (or none is left)."""
    hidden = {i for i, count in enumerate(counts) if 0 < count < threshold}
    while hidden and sum(counts[i] for i in hidden) < threshold:
        shown = [i for i, count in enumerate(counts) if i not in hidden and count > 0]
        if not shown:
            break
        hidden.add(min(shown, key=lambda i: (counts[i], i)))
    return hidden


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
    if not any(0 < part < threshold for part in parts):
        return row
    return replace(
        row, rated=0, satisfied=0, promoters=0, passives=0, detractors=0, details_hidden=True
    )


def _public_rows(rows: list[ResultRow], *, threshold: int) -> list[ResultRow]:
    hidden = _hide_small([row.responses for row in rows], threshold=threshold)
    return [
        _emptied(row) if i in hidden else _with_details_checked(row, threshold=threshold)
        for i, row in enumerate(rows)
    ]


def _public_question(question: QuestionResult, *, threshold: int) -> QuestionResult:
    if question.respondents < threshold:
        return replace(
            question,
            respondents=0,
            mean=None,
            hidden=True,
            buckets=[replace(bucket, count=0, hidden=True) for bucket in question.buckets],
        )
    hidden = _hide_small([bucket.count for bucket in question.buckets], threshold=threshold)
    if not hidden:
        return question
    return replace(
        question,
        buckets=[
            replace(bucket, count=0, hidden=True) if i in hidden else bucket
            for i, bucket in enumerate(question.buckets)
        ],
    )


def _report(
    *, centre: Centre, questionnaire: Questionnaire, filters: ResultFilters
) -> ResultsReport:
    catalogue = _catalogue(questionnaire=questionnaire, version_id=filters.version_id)
    common: dict[str, Any] = {
        "centre": centre,
        "questionnaire": questionnaire,
        "filters": filters,
        "catalogue": catalogue,
    }
    breakdowns = _breakdowns(**common)
    satisfaction = catalogue.get(SATISFACTION_CODE)
    return ResultsReport(
        total=breakdowns["total"][0],
        by_month=breakdowns["month"],
        by_office=breakdowns["office"],
        by_service=breakdowns["service"],
        by_channel=breakdowns["channel"],
        questions=_distribution(**common, exclude=DEMOGRAPHIC_CODES),
        disaggregation=_disaggregation(
            **common,
            code=SATISFACTION_CODE,
            by_codes=[c for c in DEMOGRAPHIC_CODES if catalogue.get(c)],
            threshold=SUPPRESSION_THRESHOLD,
        ),
        satisfaction_question=in_language(satisfaction, "text") if satisfaction else "",
        has_loyalty=bool(catalogue.ids(LOYALTY_CODE)),
    )


# --- comments ------------------------------------------------------------------------------------


def comments_for_moderation(
    *, centre: Centre, questionnaire: Questionnaire, status: str = Moderation.PENDING
) -> QuerySet[Answer]:
    """Free-text answers of the questionnaire in one moderation state, newest first."""
    return (
        Answer.objects.filter(
            response__centre=centre,
            question__version__questionnaire=questionnaire,
            question__type=QuestionType.TEXT,
            moderation=status,
        )
        .exclude(text="")
        .select_related("question", "response")
        .order_by("-response__submitted_on", "-id")
    )


def comment_exists(*, centre: Centre, questionnaire: Questionnaire, answer_id: int) -> bool:
    """Whether ``answer_id`` is a moderated free-text answer of the centre's questionnaire."""
    return (
        Answer.objects.filter(
            pk=answer_id,
            response__centre=centre,
            question__version__questionnaire=questionnaire,
            question__type=QuestionType.TEXT,
        )
        .exclude(moderation="")
        .exists()
    )


def comment_counts(*, centre: Centre, questionnaire: Questionnaire) -> dict[str, int]:
    counts = dict(
        Answer.objects.filter(
            response__centre=centre,
            question__version__questionnaire=questionnaire,
            question__type=QuestionType.TEXT,
        )
        .exclude(moderation="")
        .order_by()
        .values_list("moderation")
        .annotate(n=Count("id"))
    )
    return {status: counts.get(status, 0) for status in Moderation.values}


def comments_public(*, centre: Centre, questionnaire: Questionnaire) -> QuerySet[Answer]:
    """Only what a moderator approved, and only its edited public text — never the raw text."""
    return (
        Answer.objects.filter(
            response__centre=centre,
            question__version__questionnaire=questionnaire,
            question__type=QuestionType.TEXT,
            moderation=Moderation.PUBLISHED,
        )
        .exclude(public_text="")
        .order_by("-response__submitted_on", "-id")
        .only(
            "id", "public_text", "question__text_uk", "question__text_en", "response__submitted_on"
        )
        .select_related("question", "response")
    )


# --- export --------------------------------------------------------------------------------------


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
    Text cells starting with ``= + - @`` get a leading apostrophe (no formula injection).
    """
    catalogue = _catalogue(questionnaire=questionnaire, version_id=filters.version_id)
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
        safe = (
            f"CASE WHEN substr({text}, 1, 1) IN ('=', '+', '-', '@') "
            f"THEN '''' || {text} ELSE {text} END"
        )
        return [(f"MAX({safe}) FILTER (WHERE {condition})", where_params, title)]
    labels = dict(_columns(question)) if question.type != QuestionType.MATRIX else {}
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


# --- helpers ------------------------------------------------------------------------------------


def _answers(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    version: QuestionnaireVersion | None = None,
    filters: ResultFilters = NO_FILTERS,
) -> QuerySet[Answer]:
    if version is not None:
        filters = replace(filters, version_id=version.pk)
    return Answer.objects.filter(
        response__in=results_responses(centre=centre, questionnaire=questionnaire, filters=filters)
    ).order_by()


def _answers_of(
    centre: Centre, questionnaire: Questionnaire, filters: ResultFilters, question_ids: list[int]
) -> QuerySet[Answer]:
    """The answers to these questions (all of the questionnaire, ids from ``_catalogue``).

    Without filters the question ids alone scope the answers: they belong to versions of the
    questionnaire, which is the centre's (checked here), and ``response_submit`` stores an answer
    only for a question of the response's own version. This spares a join with a million
    responses on the unfiltered page.
    """
    if questionnaire.centre_id != centre.pk:
        return Answer.objects.none()
    answers = Answer.objects.filter(question_id__in=question_ids).order_by()
    if filters.is_empty():
        return answers
    # A join rather than ``response__in``: PostgreSQL can then start from the few responses a
    # filter leaves and fetch their answers by the (response, question…) index.
    lookups: dict[str, Any] = {"response__centre": centre}
    for name, lookup in _FILTER_LOOKUPS.items():
        value = getattr(filters, name)
        if value:
            lookups[f"response__{lookup}"] = value
    return answers.filter(**lookups)


_FILTER_LOOKUPS = {
    "date_from": "submitted_on__gte",
    "date_to": "submitted_on__lte",
    "office_id": "office_id",
    "service_id": "service_id",
    "channel": "channel",
    "version_id": "version_id",
}


def _catalogue(*, questionnaire: Questionnaire, version_id: int | None = None) -> _Catalogue:
    """Two queries: the reference questions (labels, types, order) and every version's ids."""
    version: QuestionnaireVersion | None = None
    if version_id:
        version = questionnaire.versions.filter(pk=version_id).first()
    version = version or _reference_version(questionnaire=questionnaire)
    reference = list(version.questions.order_by(*QUESTION_ORDER)) if version else []
    ids_by_code: dict[str, list[int]] = defaultdict(list)
    for pk, code in Question.objects.filter(version__questionnaire=questionnaire).values_list(
        "pk", "code"
    ):
        ids_by_code[code].append(pk)
    return _Catalogue(reference=reference, ids_by_code=dict(ids_by_code))


def _reference_version(*, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """Labels come from the published version, or the newest one when none is published."""
    versions = questionnaire.versions.order_by(
        Case(When(status=VersionStatus.PUBLISHED, then=0), default=1), "-number"
    )
    return versions.first()  # type: ignore[return-value]


def _reference_question(*, questionnaire: Questionnaire, code: str) -> Question:
    return Question.objects.get(version=_reference_version(questionnaire=questionnaire), code=code)


def _columns(question: Question, *, shown: bool = False) -> list[tuple[str, str]]:
    """Values and labels of a question's answers: Ukrainian (exports), or ``shown`` in the
    page's language where the questionnaire has it (results pages)."""

    def label(item: dict[str, Any]) -> str:
        return in_language(item, "label") if shown else str(item["label_uk"])

    if question.type in NUMBER_RANGES:
        low, high = NUMBER_RANGES[question.type]
        return [(str(n), str(n)) for n in range(low, high + 1)]
    if question.type == QuestionType.YES_NO:
        return [(YES, _("Так")), (NO, _("Ні"))]
    if question.type == QuestionType.MATRIX:
        return [
            (f"{row['value']}:{option['value']}", f"{label(row)} — {label(option)}")
            for row in question.rows
            for option in question.options
        ]
    if question.type in CHOICE_TYPES:
        return [(str(o["value"]), label(o)) for o in question.options]
    return []


def _answer_key(row: dict[str, Any]) -> str:
    if row["number"] is not None:
        return str(row["number"])
    if row["row"]:
        return f"{row['row']}:{row['choice']}"
    return str(row["choice"])


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


def visitor_survey_slug(*, centre: Centre) -> str | None:
    """The slug of the centre's published visitor questionnaire (the standard one first), or None
    when it has none: the portal links to it only when there is one to answer."""
    slugs = list(
        QuestionnaireVersion.objects.filter(
            questionnaire__centre=centre,
            questionnaire__kind=QuestionnaireKind.VISITOR_SURVEY,
            status=VersionStatus.PUBLISHED,
        ).values_list("questionnaire__slug", flat=True)
    )
    if not slugs:
        return None
    return "visitor-survey" if "visitor-survey" in slugs else sorted(slugs)[0]


def questionnaires_with_public_results(*, centre: Centre) -> list[Questionnaire]:
    """The visitor questionnaires whose results the centre publishes, for the portal's links."""
    return list(
        Questionnaire.objects.filter(
            centre=centre, kind=QuestionnaireKind.VISITOR_SURVEY, results_public=True
        ).order_by("title_uk")
    )


# --- the builder's reads ----------------------------------------------------------------------


def questionnaire_list_for_staff(*, centre: Centre) -> QuerySet[Questionnaire]:
    """The centre's questionnaires with their versions and each version's number of responses.

    Three queries whatever the number of questionnaires on the page: the page, its versions
    with a COUNT each, and the paginator's count.
    """
    versions = QuestionnaireVersion.objects.annotate(response_count=Count("responses")).order_by(
        "number"
    )
    return (
        Questionnaire.objects.filter(centre=centre)
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("title_uk", "id")
    )


def questionnaire_get_for_staff(*, centre: Centre, pk: int) -> Questionnaire:
    try:
        return questionnaire_list_for_staff(centre=centre).get(pk=pk)
    except Questionnaire.DoesNotExist:
        raise Http404("No such questionnaire in this centre") from None


def version_get_for_staff(*, centre: Centre, pk: int) -> QuestionnaireVersion:
    """A version with its sections and questions in order, as the builder and the preview
    show it."""
    questions = Question.objects.order_by("position", "id")
    sections = Section.objects.order_by("position", "id").prefetch_related(
        Prefetch("questions", queryset=questions)
    )
    try:
        return (
            QuestionnaireVersion.objects.select_related("questionnaire")
            .prefetch_related(Prefetch("sections", queryset=sections))
            .get(questionnaire__centre=centre, pk=pk)
        )
    except QuestionnaireVersion.DoesNotExist:
        raise Http404("No such version in this centre") from None


def section_get_for_staff(*, centre: Centre, pk: int) -> Section:
    try:
        return Section.objects.select_related("version__questionnaire").get(
            version__questionnaire__centre=centre, pk=pk
        )
    except Section.DoesNotExist:
        raise Http404("No such section in this centre") from None


def question_get_for_staff(*, centre: Centre, pk: int) -> Question:
    try:
        return Question.objects.select_related("version__questionnaire", "section").get(
            version__questionnaire__centre=centre, pk=pk
        )
    except Question.DoesNotExist:
        raise Http404("No such question in this centre") from None


def section_of_version(*, version: QuestionnaireVersion, pk: int) -> Section | None:
    """A section of this version, or None (a section id from a form is never trusted)."""
    return Section.objects.filter(version=version, pk=pk).first()


def question_dependants(*, question: Question) -> list[str]:
    """Codes of the questions whose skip logic reads this one: deleting it would orphan them."""
    return [
        other.code
        for other in question.version.questions.exclude(pk=question.pk).only("code", "show_if")
        if (other.show_if or {}).get("question") == question.code
    ]
