"""Every read of mystery-shopper reports, scoped to the centre and, for an evaluator, to the
reports they filed themselves; and the scores over accepted reports.

The scores run a fixed handful of queries whatever the number of reports: the visit facts of
the accepted reports, the checklist's questions and the tallies of their answers, both read
through surveys' selectors (`vidhuk.surveys.selectors.checklists`). A centre has tens of
accepted reports a year, so the medians and shares are taken in Python.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre
from vidhuk.surveys.choices import CHOICE_TYPES, NO, NUMBER_RANGES, YES, QuestionType
from vidhuk.surveys.selectors.checklists import (
    AnswerSection,
    AnswerTally,
    ChecklistQuestion,
    answer_tallies,
    checklist_questions,
    checklist_version_current,
    checklist_version_latest,
    response_answers_by_section,
    response_answers_initial,
    version_with_questions,
)

from .choices import MysteryVisitStatus
from .models import MysteryVisit, MysteryVisitPhoto

if TYPE_CHECKING:
    from vidhuk.surveys.models import QuestionnaireVersion


def mystery_version_current(*, centre: Centre) -> QuestionnaireVersion | None:
    """The checklist a new report is filed against: the published version of the centre's
    mystery-shopper questionnaire (the standard one first when it has several), or None."""
    return checklist_version_current(centre=centre)


def mystery_version_with_questions(*, pk: int) -> QuestionnaireVersion:
    """A version with its sections and questions in order, as the checklist form needs them."""
    return version_with_questions(pk=pk)


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


def mystery_answers_by_section(*, visit: MysteryVisit) -> list[AnswerSection]:
    """The report's checklist answers, section by section, as text («—» when not answered)."""
    return response_answers_by_section(version_id=visit.version_id, response_id=visit.response_id)


def mystery_answers_initial(*, visit: MysteryVisit) -> dict[str, Any]:
    """The stored answers keyed by question code, in the shapes the checklist form takes."""
    return response_answers_initial(response_id=visit.response_id)


# --- scores --------------------------------------------------------------------------------------


@dataclass
class _Pool:
    """Yes/no criteria and 1–5 ratings pooled: the share «так» and the mean rating of a group."""

    yes: int = 0
    yes_no: int = 0
    ratings: int = 0
    rating_sum: int = 0

    def add(self, tally: AnswerTally) -> None:
        if tally.question_type == QuestionType.YES_NO and tally.choice in (YES, NO):
            self.yes_no += tally.count
            self.yes += tally.count if tally.choice == YES else 0
        elif tally.question_type == QuestionType.RATING and tally.number is not None:
            self.ratings += tally.count
            self.rating_sum += tally.number * tally.count

    @property
    def yes_share(self) -> float | None:
        return _percent(self.yes, self.yes_no)

    @property
    def mean_rating(self) -> float | None:
        return round(self.rating_sum / self.ratings, 2) if self.ratings else None


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
    all ratings, and the medians of minutes waited and minutes served. A handful of queries
    whatever the number of reports: the visits' facts, the checklist and the answer tallies.
    """
    visits = _accepted(centre=centre, date_from=date_from, date_to=date_to)
    facts = list(
        visits.values_list(
            "response_id", "office_id", "office__name", "minutes_waited", "minutes_served"
        ).order_by("office__position", "office__name")
    )
    version = mystery_version_current(centre=centre) or checklist_version_latest(
        pks=visits.values("version_id")
    )
    questions = checklist_questions(version=version) if version is not None else []
    office_of = {response_id: office_id for response_id, office_id, *_rest in facts}
    tallies = answer_tallies(response_ids=[r for r in office_of if r is not None])
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    answered: dict[str, set[int]] = defaultdict(set)
    pools: dict[int | None, _Pool] = defaultdict(_Pool)
    for tally in tallies:
        key = str(tally.number) if tally.number is not None else tally.choice
        if tally.row:
            key = f"{tally.row}:{tally.choice}"
        by_value = counts[tally.question_code]
        by_value[key] = by_value.get(key, 0) + tally.count
        answered[tally.question_code].add(tally.response_id)
        pools[office_of[tally.response_id]].add(tally)
        pools[None].add(tally)
    criteria = [
        _criterion(question, counts.get(question.code, {}), len(answered.get(question.code, ())))
        for question in questions
        if question.type != QuestionType.TEXT
    ]
    total = _office_score(None, _("Усі офіси"), [(w, s) for *_r, w, s in facts], pools[None])
    return MysteryScores(
        reports=len(facts), criteria=criteria, offices=_office_scores(facts, pools), total=total
    )


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


def _criterion(
    question: ChecklistQuestion, counts: dict[str, int], answered: int
) -> CriterionScore:
    base: dict[str, Any] = {
        "code": question.code,
        "section": question.section,
        "text": question.text,
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
        values = [(option.value, option.label) for option in question.options]
    else:  # a matrix: each row and option
        values = [
            (f"{row.value}:{option.value}", f"{row.label} — {option.label}")
            for row in question.rows
            for option in question.options
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


def _office_scores(
    facts: list[tuple[Any, ...]], pools: dict[int | None, _Pool]
) -> list[OfficeScore]:
    by_office: dict[int, dict[str, Any]] = {}
    for _response_id, office_id, name, waited, served in facts:
        entry = by_office.setdefault(office_id, {"name": name, "minutes": []})
        entry["minutes"].append((waited, served))
    return [
        _office_score(office_id, entry["name"], entry["minutes"], pools[office_id])
        for office_id, entry in by_office.items()
    ]


def _office_score(
    office_id: int | None, name: str, minutes: list[tuple[int | None, int | None]], pool: _Pool
) -> OfficeScore:
    return OfficeScore(
        office_id=office_id,
        office=name,
        reports=len(minutes),
        yes_share=pool.yes_share,
        mean_rating=pool.mean_rating,
        median_waited=_median([waited for waited, _served in minutes]),
        median_served=_median([served for _waited, served in minutes]),
    )


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _median(values: list[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return float(statistics.median(known)) if known else None
