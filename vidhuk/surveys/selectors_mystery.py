"""Every read of mystery-shopper reports, scoped to the centre and, for an evaluator, to the
reports they filed themselves; and the scores over accepted reports.

The scores run a fixed handful of aggregate queries whatever the number of reports: counts of
answers grouped by question and value, and the visit facts of the accepted reports (a centre
has tens of them a year, so the medians are taken in Python over one column each).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre

from .choices import (
    CHOICE_TYPES,
    NO,
    NUMBER_RANGES,
    YES,
    MysteryVisitStatus,
    QuestionnaireKind,
    QuestionType,
    VersionStatus,
)
from .forms.public import in_language
from .models import (
    QUESTION_ORDER,
    Answer,
    MysteryVisit,
    MysteryVisitPhoto,
    Question,
    QuestionnaireVersion,
    Section,
)

STANDARD_SLUG = "mystery-shopper"


def mystery_version_current(*, centre: Centre) -> QuestionnaireVersion | None:
    """The checklist a new report is filed against: the published version of the centre's
    mystery-shopper questionnaire (the standard one first when it has several), or None."""
    versions = list(
        QuestionnaireVersion.objects.select_related("questionnaire").filter(
            questionnaire__centre=centre,
            questionnaire__kind=QuestionnaireKind.MYSTERY_SHOPPER,
            status=VersionStatus.PUBLISHED,
        )
    )
    versions.sort(key=lambda v: (v.questionnaire.slug != STANDARD_SLUG, v.questionnaire.slug))
    return versions[0] if versions else None


def mystery_version_with_questions(*, pk: int) -> QuestionnaireVersion:
    """A version with its sections and questions in order, as the checklist form needs them."""
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
        .get(pk=pk)
    )


def _visits(centre: Centre) -> QuerySet[MysteryVisit]:
    return MysteryVisit.objects.filter(centre=centre).select_related(
        "office", "service", "evaluator", "reviewed_by", "version__questionnaire"
    )


def mystery_visit_list_for_evaluator(*, centre: Centre, evaluator: Any) -> QuerySet[MysteryVisit]:
    """The evaluator's own reports, newest visit first; never anyone else's."""
    return _visits(centre).filter(evaluator=evaluator).order_by("-visited_at", "-id")


def mystery_visit_get_for_evaluator(*, centre: Centre, evaluator: Any, pk: int) -> MysteryVisit:
    """One of the evaluator's own reports; 404 for another evaluator's or another centre's."""
    visit = _visits(centre).filter(evaluator=evaluator, pk=pk).first()
    if visit is None:
        raise Http404("No such report of this evaluator")
    return visit


def mystery_visit_list_for_review(
    *, centre: Centre, status: str = "", office_id: int | None = None
) -> QuerySet[MysteryVisit]:
    """Reports for the staff's review; drafts are the evaluator's own business and not listed.
    Submitted ones first (they wait for a decision), then by visit, newest first."""
    visits = _visits(centre).exclude(status=MysteryVisitStatus.DRAFT)
    if status:
        visits = visits.filter(status=status)
    if office_id:
        visits = visits.filter(office_id=office_id)
    waiting_first = Case(
        When(status=MysteryVisitStatus.SUBMITTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return visits.order_by(waiting_first, "-visited_at", "-id")


def mystery_visit_get_for_review(*, centre: Centre, pk: int) -> MysteryVisit:
    """A report of the centre that was sent for review; 404 for a draft or another centre's."""
    visit = _visits(centre).exclude(status=MysteryVisitStatus.DRAFT).filter(pk=pk).first()
    if visit is None:
        raise Http404("No such report for review")
    return visit


def mystery_visit_get_in_centre(*, centre: Centre, pk: int) -> MysteryVisit:
    visit = _visits(centre).filter(pk=pk).first()
    if visit is None:
        raise Http404("No such report")
    return visit


def mystery_photo_list(*, visit: MysteryVisit) -> list[MysteryVisitPhoto]:
    return list(visit.photos.order_by("id"))


def mystery_photo_get(*, visit: MysteryVisit, pk: int) -> MysteryVisitPhoto:
    photo = visit.photos.filter(pk=pk).first()
    if photo is None:
        raise Http404("No such photo")
    return photo


# --- the answers of one report -------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerLine:
    text: str
    answer: str


@dataclass
class AnswerSection:
    title: str
    lines: list[AnswerLine] = field(default_factory=list)


def mystery_answers_by_section(*, visit: MysteryVisit) -> list[AnswerSection]:
    """The report's checklist answers, section by section, as text («—» when not answered)."""
    given: dict[int, list[Answer]] = defaultdict(list)
    if visit.response_id is not None:
        for answer in Answer.objects.filter(response_id=visit.response_id).order_by("id"):
            given[answer.question_id].append(answer)
    version = mystery_version_with_questions(pk=visit.version_id)
    sections = []
    for section in version.sections.all():
        block = AnswerSection(title=in_language(section, "title"))
        for question in section.questions.all():
            block.lines.append(
                AnswerLine(
                    text=in_language(question, "text"),
                    answer=_answer_text(question, given.get(question.pk, [])),
                )
            )
        sections.append(block)
    return sections


def mystery_answers_initial(*, visit: MysteryVisit) -> dict[str, Any]:
    """The stored answers keyed by question code, in the shapes the checklist form takes."""
    answers: dict[str, Any] = {}
    if visit.response_id is None:
        return answers
    rows = Answer.objects.filter(response_id=visit.response_id).select_related("question")
    for answer in rows.order_by("id"):
        question = answer.question
        if question.type == QuestionType.MATRIX:
            answers.setdefault(question.code, {})[answer.row] = answer.choice
        elif question.type == QuestionType.MULTIPLE_CHOICE:
            answers.setdefault(question.code, []).append(answer.choice)
        elif question.type in NUMBER_RANGES:
            answers[question.code] = str(answer.number)
        elif question.type == QuestionType.TEXT:
            answers[question.code] = answer.text
        else:
            answers[question.code] = answer.choice
    return answers


def _answer_text(question: Question, answers: list[Answer]) -> str:
    if not answers:
        return "—"
    if question.type == QuestionType.YES_NO:
        return str(_("Так")) if answers[0].choice == YES else str(_("Ні"))
    if question.type in NUMBER_RANGES:
        return str(answers[0].number)
    if question.type == QuestionType.TEXT:
        return answers[0].text
    if question.type == QuestionType.MATRIX:
        rows = {str(r["value"]): in_language(r, "label") for r in question.rows}
        labels = _option_labels(question)
        return "; ".join(
            f"{rows.get(a.row, a.row)}: {labels.get(a.choice, a.choice)}" for a in answers
        )
    labels = _option_labels(question)
    return ", ".join(labels.get(a.choice, a.choice) for a in answers)


def _option_labels(question: Question) -> dict[str, str]:
    return {str(o["value"]): in_language(o, "label") for o in question.options}


# --- scores --------------------------------------------------------------------------------------


# Yes/no criteria and 1–5 ratings pooled: the share «так» and the mean rating of a group.
_SCORE_AGGREGATES: dict[str, Any] = {
    "yes": Count("id", filter=Q(question__type=QuestionType.YES_NO, choice=YES)),
    "yes_no": Count("id", filter=Q(question__type=QuestionType.YES_NO, choice__in=[YES, NO])),
    "ratings": Count("id", filter=Q(question__type=QuestionType.RATING)),
    "rating_sum": Sum("number", filter=Q(question__type=QuestionType.RATING)),
}


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    percent: float | None


@dataclass(frozen=True)
class CriterionScore:
    """One checklist question over the accepted reports: share «так» for yes/no, the mean for a
    rating or scale, the distribution for choices."""

    code: str
    section: str
    text: str
    type: str
    answered: int
    yes_share: float | None = None
    mean: float | None = None
    distribution: list[Share] = field(default_factory=list)


@dataclass(frozen=True)
class OfficeScore:
    office_id: int | None
    office: str
    reports: int
    yes_share: float | None
    mean_rating: float | None
    median_waited: float | None
    median_served: float | None


@dataclass(frozen=True)
class MysteryScores:
    reports: int
    criteria: list[CriterionScore]
    offices: list[OfficeScore]
    total: OfficeScore


def mystery_scores(
    *,
    centre: Centre,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> MysteryScores:
    """Scores of the centre's checklist over its accepted reports, visits within the period.

    Per criterion (question code, so a new version of the checklist continues the series):
    share of «так» among yes/no answers, mean of 1–5 ratings and 0–10 scales, counts of each
    option of a choice. Per office: reports, share «так» over all yes/no criteria, mean of
    all ratings, and the medians of minutes waited and minutes served. Four queries.
    """
    visits = _accepted(centre=centre, date_from=date_from, date_to=date_to)
    version = mystery_version_current(centre=centre) or _latest_used_version(visits)
    questions = (
        list(version.questions.select_related("section").order_by(*QUESTION_ORDER))
        if version is not None
        else []
    )
    answers = Answer.objects.filter(response__mystery_visit__in=visits.values("pk")).order_by()
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    answered: dict[str, int] = {}
    for row in answers.values("question__code", "row", "choice", "number").annotate(n=Count("id")):
        key = str(row["number"]) if row["number"] is not None else row["choice"]
        if row["row"]:
            key = f"{row['row']}:{row['choice']}"
        counts[row["question__code"]][key] = counts[row["question__code"]].get(key, 0) + row["n"]
    for code, n in answers.values_list("question__code").annotate(
        n=Count("response_id", distinct=True)
    ):
        answered[code] = n
    criteria = [
        _criterion(question, counts.get(question.code, {}), answered.get(question.code, 0))
        for question in questions
        if question.type != QuestionType.TEXT
    ]
    offices = _office_scores(visits, answers)
    facts = list(visits.values_list("minutes_waited", "minutes_served"))
    overall = answers.aggregate(**_SCORE_AGGREGATES)
    total = OfficeScore(
        office_id=None,
        office=_("Усі офіси"),
        reports=len(facts),
        yes_share=_percent(overall["yes"] or 0, overall["yes_no"] or 0),
        mean_rating=_mean(overall["rating_sum"], overall["ratings"]),
        median_waited=_median([w for w, _s in facts]),
        median_served=_median([s for _w, s in facts]),
    )
    return MysteryScores(reports=len(facts), criteria=criteria, offices=offices, total=total)


def _accepted(
    *, centre: Centre, date_from: dt.date | None, date_to: dt.date | None
) -> QuerySet[MysteryVisit]:
    visits = MysteryVisit.objects.filter(centre=centre, status=MysteryVisitStatus.ACCEPTED)
    zone = timezone.get_current_timezone()
    if date_from is not None:
        visits = visits.filter(
            visited_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
        )
    if date_to is not None:
        visits = visits.filter(
            visited_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, zone)
        )
    return visits


def _latest_used_version(visits: QuerySet[MysteryVisit]) -> QuestionnaireVersion | None:
    visit = visits.select_related("version").order_by("-version__number").first()
    return visit.version if visit is not None else None


def _criterion(question: Question, counts: dict[str, int], answered: int) -> CriterionScore:
    base: dict[str, Any] = {
        "code": question.code,
        "section": in_language(question.section, "title"),
        "text": in_language(question, "text"),
        "type": question.type,
        "answered": answered,
    }
    if question.type == QuestionType.YES_NO:
        yes, no = counts.get(YES, 0), counts.get(NO, 0)
        return CriterionScore(**base, yes_share=_percent(yes, yes + no))
    if question.type in NUMBER_RANGES:
        low, high = NUMBER_RANGES[question.type]
        total = sum(n * counts.get(str(n), 0) for n in range(low, high + 1))
        mean = round(total / answered, 2) if answered else None
        return CriterionScore(**base, mean=mean)
    if question.type in CHOICE_TYPES:
        values = [(str(o["value"]), in_language(o, "label")) for o in question.options]
    else:  # a matrix: each row and option
        values = [
            (f"{r['value']}:{o['value']}", f"{in_language(r, 'label')} — {in_language(o, 'label')}")
            for r in question.rows
            for o in question.options
        ]
    distribution = [
        Share(
            label=label,
            count=counts.get(value, 0),
            percent=_percent(counts.get(value, 0), answered),
        )
        for value, label in values
    ]
    return CriterionScore(**base, distribution=distribution)


def _office_scores(visits: QuerySet[MysteryVisit], answers: QuerySet[Answer]) -> list[OfficeScore]:
    facts: dict[int, dict[str, Any]] = {}
    for office_id, name, waited, served in visits.values_list(
        "office_id", "office__name", "minutes_waited", "minutes_served"
    ).order_by("office__position", "office__name"):
        entry = facts.setdefault(office_id, {"name": name, "waited": [], "served": []})
        entry["waited"].append(waited)
        entry["served"].append(served)
    by_office = {
        row["response__mystery_visit__office_id"]: row
        for row in answers.values("response__mystery_visit__office_id").annotate(
            **_SCORE_AGGREGATES
        )
    }
    scores = []
    for office_id, entry in facts.items():
        row = by_office.get(office_id, {})
        scores.append(
            OfficeScore(
                office_id=office_id,
                office=entry["name"],
                reports=len(entry["waited"]),
                yes_share=_percent(row.get("yes") or 0, row.get("yes_no") or 0),
                mean_rating=_mean(row.get("rating_sum"), row.get("ratings")),
                median_waited=_median(entry["waited"]),
                median_served=_median(entry["served"]),
            )
        )
    return scores


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _median(values: list[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return float(statistics.median(known)) if known else None


def _mean(total: int | None, count: int | None) -> float | None:
    return round(total / count, 2) if total is not None and count else None
