"""Reads of surveys: lists, the published version, results computed in the database."""

import datetime as dt
import uuid

import pytest

from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.choices import Channel, VersionStatus
from vidhuk.surveys.models import Answer, Question, QuestionnaireVersion, Response
from vidhuk.surveys.results import sql_portable, sql_postgresql
from vidhuk.surveys.results.breakdowns import results_breakdowns
from vidhuk.surveys.results.catalogue import (
    SATISFACTION_CODE,
    answers_of,
    catalogue_of,
    satisfied_values,
)
from vidhuk.surveys.results.disaggregation import (
    results_disaggregation,
    results_disaggregation_all,
)
from vidhuk.surveys.results.questions import (
    results_distribution,
    results_loyalty,
    results_share_satisfied,
)
from vidhuk.surveys.results.report import results_report
from vidhuk.surveys.results.types import NO_FILTERS, LoyaltyRow, ResultFilters
from vidhuk.surveys.selectors.questionnaires import questionnaire_list, version_get_published
from vidhuk.surveys.services.freshness import results_version_bump
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    SectionFactory,
    VersionFactory,
    opts,
)

every_type = factories.every_type

MARCH = dt.date(2026, 3, 2)


@pytest.fixture
def survey(centre):
    """overall (single choice, two satisfied options), speed 1–5, recommend 0–10, sex, resolved."""
    section = SectionFactory(version__questionnaire__centre=centre)
    options = opts("excellent", "good", "acceptable", "terrible")
    options[0]["is_satisfied"] = options[1]["is_satisfied"] = True
    QuestionFactory(section=section, code="overall", type="single_choice", options=options)
    QuestionFactory(section=section, code="speed", type="rating")
    QuestionFactory(section=section, code="recommend", type="scale")
    QuestionFactory(section=section, code="resolved", type="yes_no")
    QuestionFactory(
        section=section,
        code="sex",
        type="single_choice",
        options=opts("female", "male", "prefer_not_to_say"),
    )
    return section.version


def respond(version, *, office=None, service=None, channel=Channel.WEB, on=MARCH, **values):
    """A stored response straight into the tables, counted as response_submit counts it."""
    response = Response.objects.create(
        centre=version.questionnaire.centre,
        version=version,
        office=office,
        service=service,
        channel=channel,
        submitted_on=on,
        submission_key=uuid.uuid4().hex,
    )
    questions = {q.code: q for q in version.questions.all()}
    Answer.objects.bulk_create(
        Answer(response=response, question=questions[code], **_column(questions[code], value))
        for code, value in values.items()
    )
    results_version_bump(questionnaire_id=version.questionnaire_id)
    return response


def _column(question, value):
    return {"number": value} if question.type in ("rating", "scale") else {"choice": value}


def many(version, count, **kwargs):
    return [respond(version, **kwargs) for _index in range(count)]


def test_questionnaire_list_is_scoped_to_the_centre(centre, other_centre):
    mine = QuestionnaireFactory(centre=centre)
    QuestionnaireFactory(centre=other_centre)

    assert list(questionnaire_list(centre=centre)) == [mine]


def test_version_get_published_returns_the_published_one(centre, other_centre):
    questionnaire = QuestionnaireFactory(centre=centre, slug="visit")
    VersionFactory(questionnaire=questionnaire, number=1, status=VersionStatus.RETIRED)
    published = VersionFactory(questionnaire=questionnaire, number=2)
    VersionFactory(questionnaire=questionnaire, number=3, status=VersionStatus.DRAFT)

    assert version_get_published(centre=centre, slug="visit") == published
    with pytest.raises(QuestionnaireVersion.DoesNotExist):
        version_get_published(centre=other_centre, slug="visit")


def test_results_distribution_counts_and_mean(survey, centre):
    respond(survey, overall="good", speed=5)
    respond(survey, overall="good", speed=4)
    respond(survey, overall="terrible", speed=1)

    results = {
        r.code: r for r in results_distribution(centre=centre, questionnaire=survey.questionnaire)
    }

    assert [(b.value, b.count) for b in results["overall"].buckets] == [
        ("excellent", 0),
        ("good", 2),
        ("acceptable", 0),
        ("terrible", 1),
    ]
    assert (results["speed"].respondents, results["speed"].mean) == (3, 3.33)
    assert [b.count for b in results["speed"].buckets] == [1, 0, 0, 1, 1]
    assert results["recommend"].respondents == 0


def test_results_distribution_of_every_type(every_type, centre):
    response = respond(every_type, purpose="a", speed=3)
    questions = {q.code: q for q in every_type.questions.all()}
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=questions["sources"], choice="x"),
            Answer(response=response, question=questions["sources"], choice="z"),
            Answer(response=response, question=questions["rooms"], row="hall", choice="clean"),
        ]
    )

    results = {
        r.code: r
        for r in results_distribution(centre=centre, questionnaire=every_type.questionnaire)
    }

    assert "why_not" not in results
    assert [(b.value, b.count) for b in results["sources"].buckets] == [
        ("x", 1),
        ("y", 0),
        ("z", 1),
    ]
    assert results["sources"].respondents == 1
    assert [b.count for b in results["rooms"].buckets] == [1, 0, 0, 0]


def test_results_loyalty_index_worked_by_hand(survey, centre):
    # 10 answers: promoters 10, 10, 9, 9, 9 (5); passives 8, 7 (2); detractors 6, 3, 0 (3).
    # Index = 5/10 − 3/10 = 50% − 30% = +20.
    for score in (10, 10, 9, 9, 9, 8, 7, 6, 3, 0):
        respond(survey, recommend=score)

    [overall] = results_loyalty(centre=centre, questionnaire=survey.questionnaire)

    assert overall == LoyaltyRow(
        key="",
        label="Усього",
        responses=10,
        promoters=5,
        passives=2,
        detractors=3,
        index=20.0,
    )


def test_results_loyalty_by_office_channel_and_month(survey, centre):
    main, remote = (
        OfficeFactory(centre=centre, name="Головний"),
        OfficeFactory(centre=centre, name="Лугове"),
    )
    # Головний: 10, 10, 0 → (2 − 1) / 3 = +33.3; Лугове: 5, 6 → −100.
    respond(survey, office=main, recommend=10)
    respond(survey, office=main, recommend=10, channel=Channel.PAPER, on=dt.date(2026, 4, 1))
    respond(survey, office=main, recommend=0, channel=Channel.PAPER)
    respond(survey, office=remote, recommend=5)
    respond(survey, office=remote, recommend=6, on=dt.date(2026, 4, 30))

    def index(group_by):
        rows = results_loyalty(centre=centre, questionnaire=survey.questionnaire, group_by=group_by)
        return {row.label: (row.responses, row.index) for row in rows}

    assert index("office") == {"Головний": (3, 33.3), "Лугове": (2, -100.0)}
    assert index("channel") == {
        "Відкрите посилання": (3, -33.3),
        "Паперова анкета, внесена працівником": (2, 0.0),
    }
    assert index("month") == {"03.2026": (3, -33.3), "04.2026": (2, 0.0)}


def test_results_loyalty_by_service(survey, centre):
    service = ServiceFactory(centre=centre, name="Реєстрація місця проживання")
    respond(survey, service=service, recommend=9)
    respond(survey, recommend=2)

    rows = results_loyalty(centre=centre, questionnaire=survey.questionnaire, group_by="service")

    assert [(r.label, r.index) for r in rows] == [
        ("Реєстрація місця проживання", 100.0),
        ("Не вказано", -100.0),
    ]


def test_results_share_satisfied_counts_marked_options_and_ratings(survey, centre):
    for overall, speed in [("excellent", 5), ("good", 4), ("acceptable", 3), ("terrible", 4)]:
        respond(survey, overall=overall, speed=speed)

    [overall] = results_share_satisfied(centre=centre, questionnaire=survey.questionnaire)
    [speed] = results_share_satisfied(
        centre=centre, questionnaire=survey.questionnaire, code="speed"
    )

    assert (overall.responses, overall.satisfied, overall.share) == (4, 2, 50.0)
    assert (speed.responses, speed.satisfied, speed.share) == (4, 3, 75.0)


def test_results_exclude_other_centres(survey, centre, other_centre):
    respond(survey, recommend=10)

    [overall] = results_loyalty(centre=other_centre, questionnaire=survey.questionnaire)

    assert (overall.responses, overall.index) == (0, None)
    assert (
        results_loyalty(centre=other_centre, questionnaire=survey.questionnaire, group_by="office")
        == []
    )


# --- suppression (the rules themselves: vidhuk/core/tests/test_suppression.py) ---------------


def test_results_disaggregation_suppresses_small_cells_and_their_complements(survey, centre):
    many(survey, 12, sex="female", resolved="yes")
    many(survey, 6, sex="female", resolved="no")
    many(survey, 8, sex="male", resolved="yes")
    many(survey, 3, sex="male", resolved="no")
    many(survey, 5, resolved="yes")
    many(survey, 5, resolved="no")

    table = results_disaggregation(
        centre=centre, questionnaire=survey.questionnaire, code="resolved", by_code="sex"
    )

    # male/no = 3 is hidden; male/yes hides with it (row), and the column sums are protected by
    # hiding the smallest other cells of each column: the «not stated» 5 and 5.
    assert table.row_labels == [
        "Варіант female",
        "Варіант male",
        "Варіант prefer_not_to_say",
        "Не вказано",
    ]
    assert table.column_labels == ["Так", "Ні"]
    assert table.cells == [[12, 6], [None, None], [0, 0], [None, None]]
    assert table.row_totals == [18, 11, 0, 10]
    assert (table.column_totals, table.total) == ([25, 14], 39)


def test_results_disaggregation_refuses_multiple_choice(every_type, centre):
    with pytest.raises(ValueError, match="one answer per respondent"):
        results_disaggregation(
            centre=centre, questionnaire=every_type.questionnaire, code="sources", by_code="purpose"
        )


# --- query counts -------------------------------------------------------------------------------


def test_results_query_counts_do_not_grow_with_responses(
    survey, centre, django_assert_max_num_queries
):
    office = OfficeFactory(centre=centre)
    for score in range(11):
        many(
            survey,
            3,
            office=office,
            recommend=score,
            speed=score % 5 + 1,
            sex="female",
            overall="good",
            resolved="yes",
        )
    questionnaire = survey.questionnaire

    with django_assert_max_num_queries(4):
        results_distribution(centre=centre, questionnaire=questionnaire)
    with django_assert_max_num_queries(1):
        results_loyalty(centre=centre, questionnaire=questionnaire, group_by="office")
    with django_assert_max_num_queries(3):
        results_share_satisfied(centre=centre, questionnaire=questionnaire, group_by="month")
    with django_assert_max_num_queries(5):
        results_disaggregation(
            centre=centre, questionnaire=questionnaire, code="overall", by_code="sex"
        )
    assert Question.objects.filter(version=survey).count() == 5


def test_list_and_published_version_query_counts(centre, survey, django_assert_max_num_queries):
    QuestionnaireFactory.create_batch(3, centre=centre)
    survey.questionnaire.slug = "visit"
    survey.questionnaire.save()

    with django_assert_max_num_queries(2):
        listed = [
            (q.title_uk, [v.number for v in q.versions.all()])
            for q in questionnaire_list(centre=centre)
        ]
    with django_assert_max_num_queries(3):
        version = version_get_published(centre=centre, slug="visit")
        codes = [q.code for s in version.sections.all() for q in s.questions.all()]

    assert sorted(numbers for _title, numbers in listed) == [[], [], [], [1]]
    assert codes == ["overall", "speed", "recommend", "resolved", "sex"]


# --- filters, the one-pass breakdowns and the cached report ------------------------------------


def test_results_filters_narrow_by_period_office_service_channel_and_version(survey, centre):
    main = OfficeFactory(centre=centre, name="Головний")
    service = ServiceFactory(centre=centre, name="Паспорт")
    respond(survey, office=main, recommend=10, on=dt.date(2026, 1, 10))
    respond(survey, office=main, service=service, recommend=0, channel=Channel.PAPER)
    respond(survey, recommend=9, on=dt.date(2026, 4, 1))
    questionnaire = survey.questionnaire

    def count(**filters):
        [row] = results_loyalty(
            centre=centre, questionnaire=questionnaire, filters=ResultFilters(**filters)
        )
        return row.responses

    assert count() == 3
    assert count(date_from=dt.date(2026, 2, 1)) == 2
    assert count(date_to=dt.date(2026, 3, 31)) == 2
    assert count(office_id=main.pk) == 2
    assert count(service_id=service.pk) == 1
    assert count(channel=Channel.PAPER) == 1
    assert count(version_id=survey.pk) == 3


def test_results_breakdowns_in_one_pass_worked_by_hand(survey, centre):
    main = OfficeFactory(centre=centre, name="Головний")
    # Головний: excellent/10, good/9, terrible/3 → satisfied 2 of 3 = 66.7; index (2 − 1)/3.
    respond(survey, office=main, overall="excellent", recommend=10)
    respond(survey, office=main, overall="good", recommend=9, on=dt.date(2026, 4, 2))
    respond(survey, office=main, overall="terrible", recommend=3, channel=Channel.PAPER)
    # No office: acceptable, no recommendation; and one response with no answer at all.
    respond(survey, overall="acceptable")
    respond(survey)

    rows = results_breakdowns(centre=centre, questionnaire=survey.questionnaire)

    [total] = rows["total"]
    assert (total.responses, total.rated, total.satisfied, total.share) == (5, 4, 2, 50.0)
    assert (total.recommended, total.promoters, total.passives, total.detractors) == (3, 2, 0, 1)
    assert total.index == 33.3
    assert [(r.label, r.responses, r.share, r.index) for r in rows["office"]] == [
        ("Головний", 3, 66.7, 33.3),
        ("Не вказано", 2, 0.0, None),
    ]
    assert [(r.key, r.responses) for r in rows["channel"]] == [("web", 4), ("paper", 1)]
    assert [(r.label, r.responses) for r in rows["month"]] == [("03.2026", 4), ("04.2026", 1)]


def test_results_breakdowns_of_another_centre_are_empty(survey, centre, other_centre):
    respond(survey, overall="good", recommend=10)

    rows = results_breakdowns(centre=other_centre, questionnaire=survey.questionnaire)

    assert rows["total"][0].responses == 0
    assert rows["office"] == rows["month"] == []


def test_results_match_questions_by_code_across_versions(survey, centre):
    respond(survey, overall="good", recommend=10)
    later = VersionFactory(questionnaire=survey.questionnaire, number=2, status=VersionStatus.DRAFT)
    section = SectionFactory(version=later)
    options = opts("excellent", "good", "acceptable", "terrible")
    options[0]["is_satisfied"] = options[1]["is_satisfied"] = True
    QuestionFactory(section=section, code="overall", type="single_choice", options=options)
    QuestionFactory(section=section, code="recommend", type="scale")
    respond(later, overall="terrible", recommend=0)

    report = results_report(centre=centre, questionnaire=survey.questionnaire)
    only_later = results_report(
        centre=centre,
        questionnaire=survey.questionnaire,
        filters=ResultFilters(version_id=later.pk),
    )

    assert (report.total.responses, report.total.share, report.total.index) == (2, 50.0, 0.0)
    overall = next(q for q in report.questions if q.code == "overall")
    assert [b.count for b in overall.buckets] == [0, 1, 0, 1]
    assert (only_later.total.responses, only_later.total.index) == (1, -100.0)


def test_results_report_is_cached_until_a_new_response(
    survey, centre, django_assert_max_num_queries
):
    respond(survey, overall="good", recommend=10)
    questionnaire = survey.questionnaire
    results_report(centre=centre, questionnaire=questionnaire)

    with django_assert_max_num_queries(1):
        cached = results_report(centre=centre, questionnaire=questionnaire)
    respond(survey, overall="terrible", recommend=0)
    fresh = results_report(centre=centre, questionnaire=questionnaire)

    assert (cached.total.responses, fresh.total.responses) == (1, 2)
    assert fresh.total.index == 0.0


def test_results_report_leaves_demographics_to_the_suppressed_tables(survey, centre):
    many(survey, 6, overall="good", sex="female")

    report = results_report(centre=centre, questionnaire=survey.questionnaire)

    assert "sex" not in [q.code for q in report.questions]
    [sex] = report.disaggregation
    assert (sex.by_code, sex.title) == ("sex", sex.title)
    assert sex.cells[0] == [0, 6, 0, 0]
    assert sex.row_shares[0] == 100.0


def test_disaggregation_hides_a_small_sum_of_hidden_cells_too(survey, centre):
    many(survey, 10, overall="excellent", sex="female")
    many(survey, 10, overall="terrible", sex="female")
    many(survey, 3, overall="good", sex="male")
    many(survey, 9, overall="terrible", sex="male")

    [table] = results_disaggregation_all(centre=centre, questionnaire=survey.questionnaire)

    # female 10 / 0 / 0 / 10 (20), male 0 / 3 / 0 / 9 (12). «3 men said добре» is hidden, with
    # male «чудово» (0): but those two add up to 3 < 5 beside the shown total 12, so male
    # «жахливо» goes too, then female «жахливо» (its column) and female «чудово», and the
    # column totals of «чудово» and «добре». Nobody answered «прийнятно»: nothing to hide.
    assert table.cells[:2] == [[None, None, 0, None], [None, None, 0, None]]
    assert (table.row_totals[:2], table.column_totals, table.total) == (
        [20, 12],
        [None, None, 0, 19],
        32,
    )
    assert table.row_shares == [None, None, None, None]
    assert table.has_suppressed


def test_results_query_counts_of_the_report(survey, centre, django_assert_max_num_queries):
    office = OfficeFactory(centre=centre)
    many(survey, 12, office=office, overall="good", recommend=8, sex="female", speed=4)

    with django_assert_max_num_queries(9):
        results_report(centre=centre, questionnaire=survey.questionnaire)


def test_the_portable_results_add_up_to_what_postgresql_computes(survey, centre):
    # `make run` keeps its data in SQLite, which has no GROUPING SETS or `= ANY`: the results
    # are then added up in Python. Both ways must give the same figures on the same answers.
    office = OfficeFactory(centre=centre)
    many(survey, 3, office=office, overall="excellent", recommend=10, sex="female")
    many(survey, 2, overall="terrible", recommend=3, sex="male", channel=Channel.PAPER)
    many(survey, 2, office=office, overall="good", on=dt.date(2026, 4, 9), sex="female")
    many(survey, 1, recommend=8, on=dt.date(2026, 4, 30))
    many(survey, 1, office=office, overall="acceptable", recommend=9)
    questionnaire = survey.questionnaire
    catalogue = catalogue_of(questionnaire=questionnaire)
    satisfaction = catalogue.get(SATISFACTION_CODE)
    values, by_rating = satisfied_values(satisfaction)
    common = {
        "centre": centre,
        "questionnaire": questionnaire,
        "filters": NO_FILTERS,
        "catalogue": catalogue,
        "values": values,
        "by_rating": by_rating,
    }

    in_sql = sql_postgresql.breakdown_lines(**common)
    in_python = sql_portable.breakdown_lines(**common)

    def ordered(lines):
        return sorted(lines, key=lambda line: tuple(str(value) for value in line))

    assert ordered(in_python) == ordered(in_sql)
    assert len(in_sql) == 1 + 2 + 1 + 2 + 2  # total, offices, services, channels, months
    outcomes = answers_of(centre, questionnaire, NO_FILTERS, catalogue.ids("overall"))
    by_ids = catalogue.ids("sex")
    assert ordered(sql_portable.stated(outcomes, by_ids)) == ordered(
        sql_postgresql.stated(outcomes, by_ids)
    )
