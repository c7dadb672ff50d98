"""Every read of questionnaires and their results, scoped to the centre.

Results are computed in PostgreSQL with GROUP BY over the typed columns of ``Answer`` (see its
docstring); Python only lays out the few aggregated rows that come back, so the number of
queries and the memory used do not grow with the number of responses.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    CharField,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, TruncMonth
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre

from .choices import (
    CHOICE_TYPES,
    NO,
    NUMBER_RANGES,
    YES,
    Channel,
    QuestionnaireKind,
    QuestionType,
    VersionStatus,
)
from .models import QUESTION_ORDER, Answer, Question, Questionnaire, QuestionnaireVersion, Section

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


@dataclass(frozen=True)
class Bucket:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class QuestionResult:
    code: str
    type: str
    text: str
    respondents: int
    buckets: list[Bucket]
    mean: float | None


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
class DisaggregationTable:
    """Counts of respondents by a demographic answer (rows) and an answer (columns).

    ``None`` is a suppressed cell or total: see ``suppress``.
    """

    code: str
    by_code: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None


def results_distribution(
    *, centre: Centre, questionnaire: Questionnaire, version: QuestionnaireVersion | None = None
) -> list[QuestionResult]:
    """Distribution of the answers of every closed question (free text is moderated elsewhere).

    Across all versions by question code unless ``version`` is given. Two aggregate queries.
    """
    questions = _reference_questions(questionnaire=questionnaire, version=version)
    answers = _answers(centre=centre, questionnaire=questionnaire, version=version).exclude(
        question__type=QuestionType.TEXT
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in answers.values("question__code", "row", "choice", "number").annotate(n=Count("id")):
        counts[row["question__code"]][_answer_key(row)] = row["n"]
    respondents = dict(
        answers.values_list("question__code").annotate(n=Count("response_id", distinct=True))
    )
    return [
        _question_result(question, counts.get(question.code, {}), respondents.get(question.code, 0))
        for question in questions
        if question.type != QuestionType.TEXT
    ]


def _question_result(
    question: Question, counts: dict[str, int], respondents: int
) -> QuestionResult:
    buckets = [Bucket(value, label, counts.get(value, 0)) for value, label in _columns(question)]
    mean = None
    if question.type in NUMBER_RANGES and respondents:
        mean = round(sum(int(b.value) * b.count for b in buckets) / respondents, 2)
    return QuestionResult(
        code=question.code,
        type=question.type,
        text=question.text_uk,
        respondents=respondents,
        buckets=buckets,
        mean=mean,
    )


def results_loyalty(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    code: str = "recommend",
    group_by: str | None = None,
) -> list[LoyaltyRow]:
    """Loyalty index from a 0–10 question, overall or by office, service, channel or month.

    КМУ №864 monitoring: promoters answer 9–10, detractors 0–6; index = %promoters − %detractors.
    One query.
    """
    answers = _answers(centre=centre, questionnaire=questionnaire).filter(
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


def results_share_satisfied(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    code: str = "overall",
    group_by: str | None = None,
) -> list[SatisfactionRow]:
    """Share satisfied: a 1–5 rating of 4 or 5, or a choice marked ``is_satisfied`` (for the
    standard overall question «чудово» and «добре», the national scale of КМУ №864). One query
    for the results (one more to read the question).
    """
    question = _reference_question(questionnaire=questionnaire, code=code)
    if question.type == QuestionType.RATING:
        satisfied = Q(number__gte=4)
    elif question.type == QuestionType.SINGLE_CHOICE:
        values = [str(o["value"]) for o in question.options if o.get("is_satisfied")]
        satisfied = Q(choice__in=values)
    else:
        raise ValueError(f"Share satisfied needs a rating or single-choice question, not {code}")
    answers = _answers(centre=centre, questionnaire=questionnaire).filter(question__code=code)
    rows = _grouped(answers, group_by).annotate(
        responses=Count("id"), satisfied=Count("id", filter=satisfied)
    )
    return [
        SatisfactionRow(
            key=key,
            label=label,
            responses=row["responses"],
            satisfied=row["satisfied"],
            share=round(100 * row["satisfied"] / row["responses"], 1) if row["responses"] else None,
        )
        for row, key, label in _keyed(rows, group_by)
    ]


def results_disaggregation(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    code: str,
    by_code: str,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> DisaggregationTable:
    """Answers to ``code`` by the answer to a demographic question ``by_code``, suppressed.

    Мінсоцполітики order №359 and DOMAIN.md: publish no cell under 5 people, and suppress a
    second cell where totals would reveal the first (``suppress``). Respondents who skipped the
    demographic question form the row «Не вказано». One aggregate query.
    """
    question = _reference_question(questionnaire=questionnaire, code=code)
    by_question = _reference_question(questionnaire=questionnaire, code=by_code)
    if question.type not in (*NUMBER_RANGES, QuestionType.SINGLE_CHOICE, QuestionType.YES_NO):
        raise ValueError(
            f"Disaggregation needs one answer per respondent; {code} is {question.type}"
        )
    group = Answer.objects.filter(
        response_id=OuterRef("response_id"), question__code=by_code
    ).values("choice")[:1]
    answers = _answers(centre=centre, questionnaire=questionnaire).filter(question__code=code)
    rows = list(_columns(by_question)) + [("", _("Не вказано"))]
    columns = list(_columns(question))
    row_index = {value: i for i, (value, _label) in enumerate(rows)}
    column_index = {value: i for i, (value, _label) in enumerate(columns)}
    counts = [[0] * len(columns) for _row in rows]
    for row in (
        answers.annotate(group=Subquery(group))
        .values("group", "row", "choice", "number")
        .annotate(n=Count("response_id", distinct=True))
    ):
        counts[row_index.get(row["group"] or "", len(rows) - 1)][
            column_index[_answer_key(row)]
        ] += row["n"]
    return _suppressed_table(
        code=code, by_code=by_code, rows=rows, columns=columns, counts=counts, threshold=threshold
    )


def _suppressed_table(
    *,
    code: str,
    by_code: str,
    rows: list[tuple[str, str]],
    columns: list[tuple[str, str]],
    counts: list[list[int]],
    threshold: int,
) -> DisaggregationTable:
    table = [line + [sum(line)] for line in counts]
    table.append([sum(line[j] for line in table) for j in range(len(columns) + 1)])
    hidden = suppress(table, threshold=threshold)
    shown = [
        [None if hidden[i][j] else value for j, value in enumerate(line)]
        for i, line in enumerate(table)
    ]
    return DisaggregationTable(
        code=code,
        by_code=by_code,
        row_labels=[label for _value, label in rows],
        column_labels=[label for _value, label in columns],
        cells=[line[:-1] for line in shown[:-1]],
        row_totals=[line[-1] for line in shown[:-1]],
        column_totals=shown[-1][:-1],
        total=shown[-1][-1],
    )


def suppress(table: list[list[int]], *, threshold: int = SUPPRESSION_THRESHOLD) -> list[list[bool]]:
    """Which entries of a table with margins (last column the row totals, last row the column
    totals) to hide.

    Primary: every cell and total under ``threshold``, zero included ("none of the 3 veterans
    was satisfied" discloses as much as "one of them"), except the cells of an empty row or
    column, which reveal nobody. Complementary: each row and column is a sum, so where exactly
    one entry of a line is hidden it could be recovered by subtraction; the smallest other
    entry of that line is hidden too, until no line has a lone hidden entry.
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
            lone = [(i, j) for i, j in line if hidden[i][j]]
            candidates = [(i, j) for i, j in line if not hidden[i][j] and not exempt[i][j]]
            if len(lone) == 1 and candidates:
                i, j = min(candidates, key=lambda cell: (table[cell[0]][cell[1]], cell))
                hidden[i][j] = True
                changed = True
    return hidden


# --- helpers ------------------------------------------------------------------------------------


def _answers(
    *, centre: Centre, questionnaire: Questionnaire, version: QuestionnaireVersion | None = None
) -> QuerySet[Answer]:
    answers = Answer.objects.filter(
        response__centre=centre, response__version__questionnaire=questionnaire
    )
    if version is not None:
        answers = answers.filter(response__version=version)
    return answers.order_by()


def _reference_version(*, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """Labels come from the published version, or the newest one when none is published."""
    versions = questionnaire.versions.order_by("-number")
    return versions.filter(status=VersionStatus.PUBLISHED).first() or versions.first()  # type: ignore[return-value]


def _reference_questions(
    *, questionnaire: Questionnaire, version: QuestionnaireVersion | None
) -> list[Question]:
    version = version or _reference_version(questionnaire=questionnaire)
    return list(version.questions.order_by(*QUESTION_ORDER))


def _reference_question(*, questionnaire: Questionnaire, code: str) -> Question:
    return Question.objects.get(version=_reference_version(questionnaire=questionnaire), code=code)


def _columns(question: Question) -> list[tuple[str, str]]:
    if question.type in NUMBER_RANGES:
        low, high = NUMBER_RANGES[question.type]
        return [(str(n), str(n)) for n in range(low, high + 1)]
    if question.type == QuestionType.YES_NO:
        return [(YES, _("Так")), (NO, _("Ні"))]
    if question.type == QuestionType.MATRIX:
        return [
            (f"{row['value']}:{option['value']}", f"{row['label_uk']} — {option['label_uk']}")
            for row in question.rows
            for option in question.options
        ]
    if question.type in CHOICE_TYPES:
        return [(str(o["value"]), str(o["label_uk"])) for o in question.options]
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
