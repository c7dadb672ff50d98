"""The results rollup against counting the answers directly: random responses (every question
type, demographics skipped at random, days across month ends, offices, services, channels),
some added in a second statement, some removed, re-filed or corrected; then the whole report
for many filter combinations must be the same from the rollup as from the answers, and the
rollup the same as counting everything again."""

import datetime as dt
import importlib
import random
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import Answer, Response
from vidhuk.surveys.results import breakdowns, disaggregation, questions
from vidhuk.surveys.results.report import _report
from vidhuk.surveys.results.types import ResultFilters

from . import test_results_views

standard = test_results_views.standard
rollup_migration = importlib.import_module("vidhuk.surveys.migrations.0008_results_rollup")
CHANNELS = [Channel.WEB, Channel.PAPER, Channel.VISIT_TOKEN]
FIRST_DAY = dt.date(2026, 1, 20)


def _answers_for(response, version_questions, picker):
    rows = []
    for question in version_questions:
        if question.type == "text" or picker.random() < 0.25:
            continue
        values = [str(o["value"]) for o in question.options]
        if question.type == "rating":
            rows.append(Answer(response=response, question=question, number=picker.randint(1, 5)))
        elif question.type == "scale":
            rows.append(Answer(response=response, question=question, number=picker.randint(0, 10)))
        elif question.type == "yes_no":
            choice = picker.choice(["yes", "no"])
            rows.append(Answer(response=response, question=question, choice=choice))
        elif question.type == "multiple_choice":
            for value in picker.sample(values, picker.randint(1, min(3, len(values)))):
                rows.append(Answer(response=response, question=question, choice=value))
        elif question.type == "matrix":
            for line in question.rows:
                rows.append(
                    Answer(
                        response=response,
                        question=question,
                        row=str(line["value"]),
                        choice=picker.choice(values),
                    )
                )
        elif values:
            rows.append(Answer(response=response, question=question, choice=picker.choice(values)))
    return rows


def _store(questionnaire, places, count, picker):
    """``count`` responses in one statement and their answers in another, as an import does."""
    version = questionnaire.versions.get()
    version_questions = list(version.questions.all())
    responses = Response.objects.bulk_create(
        Response(
            centre=questionnaire.centre,
            version=version,
            office=picker.choice(places["offices"]),
            service=picker.choice(places["services"]),
            channel=picker.choice(CHANNELS),
            submitted_on=FIRST_DAY + dt.timedelta(days=picker.randint(0, 100)),
            submission_key=uuid.uuid4().hex,
        )
        for _index in range(count)
    )
    rows = [row for r in responses for row in _answers_for(r, version_questions, picker)]
    Answer.objects.bulk_create(rows)
    return responses


@pytest.fixture
def filled(standard, centre):
    picker = random.Random(15)
    places = {
        "offices": [None, OfficeFactory(centre=centre), OfficeFactory(centre=centre)],
        "services": [
            None,
            *(ServiceFactory(centre=centre, category=CategoryFactory(centre=centre)) for _ in "ab"),
        ],
    }
    first = _store(standard, places, 240, picker)
    _store(standard, places, 60, picker)
    # Removed (answers first, as Django deletes them), re-filed, one answer corrected.
    for response in first[:10]:
        response.answers.all().delete()
        response.delete()
    for response in first[10:20]:
        response.office = places["offices"][1]
        response.submitted_on = dt.date(2026, 3, 31)
        response.save(update_fields=["office", "submitted_on"])
    overall = Answer.objects.filter(response__in=first[20:30], question__code="overall")
    overall.update(choice="excellent")
    # A response typed again (the checklist's way): its answers deleted and stored anew.
    again = first[30]
    version_questions = list(standard.versions.get().questions.all())
    again.answers.all().delete()
    Answer.objects.bulk_create(_answers_for(again, version_questions, picker))
    return standard, places


def _direct(monkeypatch):
    for module in (breakdowns, questions, disaggregation):
        monkeypatch.setattr(module, "rollup_serves", lambda **_kw: False)


def _filter_combinations(places) -> list[ResultFilters]:
    picker = random.Random(7)
    days = [None, *(dt.date(2026, m, d) for m, d in ((2, 1), (2, 14), (3, 31), (4, 30)))]
    combos = [ResultFilters()]
    for _index in range(40):
        start, end = picker.choice(days), picker.choice(days)
        office, service = picker.choice(places["offices"]), picker.choice(places["services"])
        combos.append(
            ResultFilters(
                date_from=start,
                date_to=end,
                office_id=office.pk if office else None,
                service_id=service.pk if service and picker.random() < 0.3 else None,
                channel=picker.choice(["", *CHANNELS]),
            )
        )
    return combos


def test_every_filter_gives_the_same_report_from_the_rollup_as_from_the_answers(
    filled, centre, monkeypatch
):
    questionnaire, places = filled
    combos = _filter_combinations(places)
    from_rollup = []
    for filters in combos:
        with CaptureQueriesContext(connection) as queries:
            from_rollup.append(_report(centre=centre, questionnaire=questionnaire, filters=filters))
        read_answers = any("surveys_answer" in q["sql"] for q in queries.captured_queries)
        # Only a service filter counts the distribution from that service's answers.
        assert read_answers == bool(filters.service_id)

    _direct(monkeypatch)
    from_answers = [
        _report(centre=centre, questionnaire=questionnaire, filters=filters) for filters in combos
    ]

    for filters, rolled, counted in zip(combos, from_rollup, from_answers, strict=True):
        for part in ("total", "by_month", "by_office", "by_service", "by_channel", "questions"):
            assert (filters, part, getattr(rolled, part)) == (filters, part, getattr(counted, part))
        assert (filters, rolled.disaggregation) == (filters, counted.disaggregation)
    assert from_rollup == from_answers
    assert from_rollup[0].total.responses == 290
    assert sum(1 for report in from_rollup if report.total.responses) > 20


def test_the_rollup_kept_by_the_triggers_equals_counting_everything_again(filled):
    table = rollup_migration.TABLE
    query = f"SELECT {rollup_migration.KEY}, n FROM {table} WHERE n <> 0 ORDER BY 1,2,3,4,5,6,7,8,9,10,11"  # noqa: E501, S608
    with connection.cursor() as cursor:
        cursor.execute(query)
        kept = cursor.fetchall()
        cursor.execute(f"TRUNCATE {table}")
        # The rows were written in this test's transaction, after the last statistics: without
        # them the planner joins the answers to themselves by nested loops (minutes, not ms).
        cursor.execute("ANALYZE surveys_response, surveys_answer, surveys_question")
        cursor.execute(rollup_migration.backfill_sql())
        cursor.execute(query)
        recounted = cursor.fetchall()

    assert kept == recounted
    assert len(kept) > 1000
