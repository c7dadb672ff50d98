"""What residents said, as metrics for analytics, the dashboard and the reports (core/metrics.py),
read from the centre's visitor questionnaires (data/visitor_survey.json) — every version, matched
by question code, as the results pages read them.

- ``survey_responses``: visitors who answered the overall rating (count);
- ``survey_rating_scale``: the overall rating on the national scale of КМУ №864 (чудово, добре,
  прийнятно, жахливо), answers per level (``result``);
- ``survey_satisfaction``: the share satisfied on that scale (чудово or добре), per cent;
- ``survey_loyalty_index``: the loyalty index of КМУ №864 from the 0–10 question — per cent of
  promoters (9–10) minus per cent of detractors (0–6), from −100 to +100;
- ``survey_indicators``: per 1–5 rating (``question``: information, politeness, competence,
  speed, comfort, accessibility, hours) the share satisfied, rating 4 or 5.

Shares and the index carry ``n`` (answers behind them). Each can be split by office, service,
channel and the voluntary block (sex, age group, IDP, disability, pensioner, veteran) — only what
the visitor stated; «не бажаю відповідати» and no answer are ``not_stated``. One query per
questionnaire (with the catalogue's two) whatever the number of answers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from vidhuk.core.metrics import (
    Metric,
    memo,
    register_dimension,
    register_metric,
    sex_code,
    yes_no_code,
)
from vidhuk.core.models import Centre

from .choices import Channel, QuestionnaireKind, QuestionType
from .language import in_language
from .models import Answer, Questionnaire
from .results.catalogue import LOYALTY_CODE, SATISFACTION_CODE, answers_of, catalogue_of
from .results.types import ResultFilters

DEMOGRAPHICS = ("sex", "age_group", "idp", "disability", "pensioner", "veteran")
DIMENSIONS = ("office", "service", "channel", *DEMOGRAPHICS)
RESPONSE_FIELDS = {"office": "response__office_id", "service": "response__service_id",
                   "channel": "response__channel", "question": "question__code"}  # fmt: skip
AGE_GROUPS = ("under_18", "18_35", "36_59", "60_plus")
SCALE = ("excellent", "good", "acceptable", "terrible")
SATISFIED_RATING = 4  # 4 or 5 of 1–5
PROMOTER, DETRACTOR = 9, 6

Key = tuple[Any, ...]


def _code(name: str, value: Any) -> Any:
    if name == "sex":
        return sex_code(value)
    if name in ("idp", "disability", "pensioner", "veteran"):
        return yes_no_code(value)
    if name == "age_group":
        return value if value in AGE_GROUPS else "not_stated"
    return value


def _tally_all(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> dict[Key, dict[Any, int]]:
    """Answers to every question that gives a figure (the overall rating, the 0–10 scale, the
    1–5 ratings), counted per (question code, its type, *group of ``by``) and per answer (the
    choice, or the number). One query per questionnaire."""
    found: dict[Key, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    questionnaires = Questionnaire.objects.filter(
        centre=centre, kind=QuestionnaireKind.VISITOR_SURVEY
    ).order_by("pk")
    filters = ResultFilters(date_from=start, date_to=end)
    for questionnaire in questionnaires:
        catalogue = catalogue_of(questionnaire=questionnaire)
        wanted = [q for q in catalogue.reference if q.code in (SATISFACTION_CODE, LOYALTY_CODE)
                  or q.type == QuestionType.RATING]  # fmt: skip
        question_of = {pk: (q.code, q.type) for q in wanted for pk in catalogue.ids(q.code)}
        if not question_of:
            continue
        answers = answers_of(centre, questionnaire, filters, list(question_of))
        fields = []
        for name in by:
            if name in DEMOGRAPHICS:
                stated = Answer.objects.filter(
                    response_id=OuterRef("response_id"), question_id__in=catalogue.ids(name)
                ).values("choice")[:1]
                answers = answers.annotate(**{f"stated_{name}": Subquery(stated)})
                fields.append(f"stated_{name}")
            else:
                fields.append(RESPONSE_FIELDS[name])
        rows = answers.values(*fields, "question_id", "choice", "number").annotate(n=Count("pk"))
        for row in rows.order_by():
            key = tuple(_code(name, row[field]) for name, field in zip(by, fields, strict=True))
            answer = row["number"] if row["number"] is not None else row["choice"]
            found[(*question_of[row["question_id"]], *key)][answer] += row["n"]
    return {key: dict(counts) for key, counts in found.items()}


def _summed(tally: dict[Key, dict[Any, int]]) -> dict[Key, dict[Any, int]]:
    """A tally split by one dimension (the key's third part) summed over it."""
    found: dict[Key, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    for (code, question_type, _group), counts in tally.items():
        target = found[(code, question_type)]
        for answer, count in counts.items():
            target[answer] += count
    return found


def _tally(
    centre: Centre,
    start: dt.date,
    end: dt.date,
    which: Callable[[str, str], bool],
    by: tuple[str, ...],
) -> dict[Key, dict[Any, int]]:
    """Answers to the questions ``which(code, type)`` picks, counted per group of ``by`` (which
    may name the question) and per answer. Read once per period and grouping while a metrics
    scope is open (a dashboard asks the same answers for several figures)."""
    inner = tuple(name for name in by if name != "question")
    # A page asks the totals and the split by office of the same period: one read answers both
    # (the few offices summed give the total), so the totals are read split by office.
    read = inner or ("office",)
    everything = memo(
        ("surveys.metrics", centre.pk, start, end, read),
        lambda: _tally_all(centre, start, end, read),
    )
    if not inner:
        everything = _summed(everything)
    found: dict[Key, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    for (code, question_type, *key), counts in everything.items():
        if not which(code, question_type):
            continue
        group = dict(zip(inner, key, strict=True)) | {"question": code}
        target = found[tuple(group[name] for name in by)]
        for answer, count in counts.items():
            target[answer] += count
    return found


def _rows(
    tally: dict[Key, dict[Any, int]],
    by: tuple[str, ...],
    figure: Callable[[dict[Any, int]], tuple[float | int | None, int]],
) -> list[dict[str, Any]]:
    rows = []
    for key in sorted(tally, key=lambda k: [str(v) for v in k]):
        value, n = figure(tally[key])
        rows.append(dict(zip(by, key, strict=True)) | {"value": value, "n": n})
    return rows or ([] if by else [{"value": None, "n": 0}])


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _overall(code: str, question_type: str) -> bool:
    return code == SATISFACTION_CODE


def _loyalty(code: str, question_type: str) -> bool:
    return code == LOYALTY_CODE


def _ratings(code: str, question_type: str) -> bool:
    return question_type == QuestionType.RATING


def survey_responses(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    tally = _tally(centre, start, end, _overall, by)
    rows = [
        dict(zip(by, key, strict=True)) | {"value": sum(c.values())} for key, c in tally.items()
    ]
    return rows if by else [{"value": sum(row["value"] for row in rows)}]


def survey_rating_scale(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    if "result" not in by:
        return survey_responses(centre, start, end, by)
    inner = tuple(name for name in by if name != "result")
    rows = []
    for key, counts in _tally(centre, start, end, _overall, inner).items():
        for level in SCALE:
            row = dict(zip(inner, key, strict=True)) | {"result": level}
            rows.append({name: row[name] for name in by} | {"value": counts.get(level, 0)})
    return rows


def survey_satisfaction(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    def figure(counts: dict[Any, int]) -> tuple[float | None, int]:
        n = sum(counts.values())
        return _share(counts.get("excellent", 0) + counts.get("good", 0), n), n

    return _rows(_tally(centre, start, end, _overall, by), by, figure)


def survey_loyalty_index(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    def figure(counts: dict[Any, int]) -> tuple[float | None, int]:
        scores = {k: v for k, v in counts.items() if isinstance(k, int)}
        n = sum(scores.values())
        promoters = sum(v for k, v in scores.items() if k >= PROMOTER)
        detractors = sum(v for k, v in scores.items() if k <= DETRACTOR)
        return (round(100 * (promoters - detractors) / n, 1) if n else None), n

    return _rows(_tally(centre, start, end, _loyalty, by), by, figure)


def survey_indicators(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    def figure(counts: dict[Any, int]) -> tuple[float | None, int]:
        ratings = {k: v for k, v in counts.items() if isinstance(k, int)}
        n = sum(ratings.values())
        return _share(sum(v for k, v in ratings.items() if k >= SATISFIED_RATING), n), n

    return _rows(_tally(centre, start, end, _ratings, by), by, figure)


def _question_labels(centre: Centre, codes: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for questionnaire in Questionnaire.objects.filter(
        centre=centre, kind=QuestionnaireKind.VISITOR_SURVEY
    ).order_by("-pk"):
        for question in catalogue_of(questionnaire=questionnaire).reference:
            found.setdefault(question.code, in_language(question, "text"))
    return {code: found[code] for code in codes if code in found}


SCALE_LABELS = {"excellent": _("чудово"), "good": _("добре"), "acceptable": _("прийнятно"),
                "terrible": _("жахливо")}  # fmt: skip


def register() -> None:
    register_dimension("question", labels=_question_labels, metric="survey_")
    register_dimension("result", label=SCALE_LABELS.get, metric="survey_")
    register_dimension("channel", label=dict(Channel.choices).get, metric="survey_")
    for key, label, unit, dimensions, query in (
        ("survey_responses", _("Відвідувачі, які оцінили центр в опитуванні"), "count",
         DIMENSIONS, survey_responses),
        ("survey_rating_scale", _("Оцінка центру за національною шкалою (КМУ №864)"), "count",
         (*DIMENSIONS, "result"), survey_rating_scale),
        ("survey_satisfaction", _("Частка задоволених відвідувачів (чудово або добре), %"),
         "percent", DIMENSIONS, survey_satisfaction),
        ("survey_loyalty_index", _("Індекс лояльності (КМУ №864), від −100 до +100"), "score",
         DIMENSIONS, survey_loyalty_index),
        ("survey_indicators", _("Частка задоволених за показниками (оцінка 4–5), %"), "percent",
         ("question", "office", "sex"), survey_indicators),
    ):  # fmt: skip
        register_metric(Metric(key, label, unit, dimensions, query))
