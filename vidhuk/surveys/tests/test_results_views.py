"""The results page, its PDF and the public results page."""

import datetime as dt
import io
import uuid

import pytest
from pypdf import PdfReader

from vidhuk.accounts.choices import Role
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.choices import Channel, Moderation
from vidhuk.surveys.models import Answer, Questionnaire, Response
from vidhuk.surveys.services import questionnaire_install_defaults
from vidhuk.surveys.services.freshness import results_version_bump

MARCH = dt.date(2026, 3, 2)


@pytest.fixture
def standard(centre):
    """The standard visitor questionnaire with the demographic block, as centres get it."""
    return Questionnaire.objects.get(
        pk=next(
            q.pk
            for q in questionnaire_install_defaults(centre=centre, actor=None)
            if q.slug == "visitor-survey"
        )
    )


def answer(questionnaire, *, office=None, channel=Channel.WEB, on=MARCH, **values):
    """One stored response of the published version with the given answers by question code,
    written directly (fast) but, like ``response_submit``, counted in the results version."""
    version = questionnaire.versions.get()
    response = Response.objects.create(
        centre=questionnaire.centre,
        version=version,
        office=office,
        channel=channel,
        submitted_on=on,
        submission_key=uuid.uuid4().hex,
    )
    questions = {q.code: q for q in version.questions.all()}
    rows = []
    for code, value in values.items():
        question = questions[code]
        if question.type in ("rating", "scale"):
            rows.append(Answer(response=response, question=question, number=value))
        elif question.type == "text":
            rows.append(
                Answer(response=response, question=question, text=value, moderation="pending")
            )
        elif question.type == "multiple_choice":
            rows += [Answer(response=response, question=question, choice=v) for v in value]
        else:
            rows.append(Answer(response=response, question=question, choice=value))
    Answer.objects.bulk_create(rows)
    results_version_bump(questionnaire_id=questionnaire.pk)
    return response


def many(questionnaire, count, **values):
    for _index in range(count):
        answer(questionnaire, **values)


@pytest.fixture
def answered(standard, centre):
    main = OfficeFactory(centre=centre, name="Головний офіс")
    many(standard, 6, office=main, overall="excellent", recommend=10, sex="female")
    many(standard, 2, office=main, overall="terrible", recommend=0, sex="male")
    many(standard, 4, overall="good", recommend=8, channel=Channel.PAPER, on=dt.date(2026, 4, 3))
    return standard


def url(centre, questionnaire, name="results"):
    return f"/staff/{centre.slug}/surveys/{questionnaire.pk}/{name}"


def test_results_page_shows_headline_figures_trend_and_tables(staff_client, centre, answered):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(url(centre, answered, "results/"))

    assert response.status_code == 200
    report = response.context["report"]
    # 12 responses; satisfied 6 + 4 of 12; promoters 6, detractors 2 → (6 − 2) / 12 = +33.3.
    assert (report.total.responses, report.total.share, report.total.index) == (12, 83.3, 33.3)
    assert [(m.label, m.responses) for m in report.by_month] == [("03.2026", 8), ("04.2026", 4)]
    assert [(r.label, r.responses) for r in report.by_office] == [
        ("Головний офіс", 8),
        ("Не вказано", 4),
    ]
    html = response.content.decode()
    assert "+33,3" in html
    assert html.count('role="img"') >= 5
    assert '<title id="results-trend-share-title">' in html


def test_results_filters_narrow_every_figure(staff_client, centre, answered):
    client, _membership = staff_client(Role.ANALYST)

    response = client.get(
        url(centre, answered, "results/"), {"channel": "paper", "date_from": "2026-04-01"}
    )

    report = response.context["report"]
    assert (report.total.responses, report.total.share, report.total.index) == (4, 100.0, 0.0)
    assert "Показано з фільтрами" in response.content.decode()


def test_results_filter_errors_are_shown_at_the_field_and_in_the_summary(
    staff_client, centre, answered
):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(
        url(centre, answered, "results/"), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Кінець періоду не може бути раніше за початок." in html
    assert response.context["report"].total.responses == 12  # an invalid filter filters nothing


@pytest.mark.parametrize("name", ["export.csv", "export.xlsx", "results/report.pdf"])
def test_exports_with_filters_that_do_not_hold_export_nothing(staff_client, centre, answered, name):
    client, membership = staff_client(Role.HEAD)
    wrong = {"date_from": "2026-05-01", "date_to": "2026-04-01"}

    response = client.get(url(centre, answered, name), wrong)

    # Not every response instead: back to the page that says what is wrong.
    assert response.status_code == 302
    assert response["Location"].startswith(url(centre, answered, "results/?date_from=2026-05-01"))
    assert not AuditEvent.objects.filter(action="export", actor=membership.user).exists()


def test_results_disaggregation_hides_small_groups(staff_client, centre, answered):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(url(centre, answered, "results/"))

    [sex] = [t for t in response.context["report"].disaggregation if t.by_code == "sex"]
    # Women 6 (all «чудово»), men 2 → hidden, with complements in every line.
    assert sex.row_labels[:2] == ["Жінка", "Чоловік"]
    assert sex.row_totals[1] is None
    assert sex.cells[1] == [None, None, 0, None]  # nobody said «прийнятно»: nothing to hide
    assert "приховано" in response.content.decode()


def test_results_need_the_capability(staff_client, centre, answered):
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)

    assert client.get(url(centre, answered, "results/")).status_code == 403
    assert client.get(url(centre, answered, "export.csv")).status_code == 403
    assert client.get(url(centre, answered, "results/report.pdf")).status_code == 403


def test_results_of_another_centre_are_not_found(staff_client, centre, other_centre, answered):
    client, _membership = staff_client(Role.HEAD, for_centre=other_centre)

    assert client.get(f"/staff/luhove/surveys/{answered.pk}/results/").status_code == 404


def test_results_page_query_count_does_not_grow_with_responses(
    staff_client, centre, answered, django_assert_max_num_queries
):
    client, _membership = staff_client(Role.HEAD)
    many(answered, 20, overall="good", recommend=9, sex="female", age_group="18_35")

    with django_assert_max_num_queries(20):
        response = client.get(url(centre, answered, "results/"))

    assert response.context["report"].total.responses == 32


def test_results_pdf_reads_back(staff_client, centre, answered):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(url(centre, answered, "results/report.pdf"), {"channel": "web"})

    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Результати опитування" in text
    assert "Канал — Відкрите посилання" in text
    assert "Частка задоволених" in text
    assert "75,0 %" in text  # 6 of the 8 web responses were «чудово»
    assert "приховано" in text


# --- the public page ------------------------------------------------------------------------------


def test_public_results_are_not_found_unless_published(client, centre, answered):
    assert client.get("/verbivka/survey/visitor-survey/results/").status_code == 404


def test_public_results_show_aggregates_and_approved_comments_only(client, centre, answered):
    answered.results_public = True
    answered.save()
    answer(answered, overall="good", improve="Іван Петренко, 067 123 45 67, грубий")
    approved = answer(answered, overall="good", improve="Мало стільців")
    Answer.objects.filter(response=approved, question__code="improve").update(
        moderation=Moderation.PUBLISHED, public_text="Мало стільців у залі"
    )
    rejected = answer(answered, overall="good", improve="Спам")
    Answer.objects.filter(response=rejected, question__code="improve").update(
        moderation=Moderation.REJECTED
    )

    response = client.get("/verbivka/survey/visitor-survey/results/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["report"].total.responses == 15
    assert "Мало стільців у залі" in html
    assert "Іван Петренко" not in html
    assert "Спам" not in html
    assert "грубий" not in html


def test_public_results_hide_small_groups_everywhere_they_show(client, centre, answered):
    answered.results_public = True
    answered.save()

    response = client.get("/verbivka/survey/visitor-survey/results/")

    html = response.content.decode()
    report = response.context["report"]
    # April (4 paper answers) is under 5; hiding it alone, 12 − 8 would give it away, so March
    # goes too. The same for the offices (8 and 4 without an office) and channels (8 and 4).
    for rows in (report.by_month, report.by_office, report.by_channel):
        assert [(row.hidden, row.responses, row.share) for row in rows] == [(True, 0, None)] * 2
    # Nothing of them in the charts' texts either (the trend once read «04.2026: 100,0 %»).
    assert "04.2026: приховано" in html
    assert "100,0 %" not in html
    assert "75,0 %" not in html
    # «добре» (4) and «жахливо» (2) are groups under 5: hidden; «чудово» (6) is shown.
    overall = next(q for q in report.questions if q.code == "overall")
    assert [(b.label, b.count, b.hidden) for b in overall.buckets if b.count or b.hidden] == [
        ("Чудово", 6, False),
        ("Добре", 0, True),
        ("Жахливо", 0, True),
    ]
    # 10 of 12 satisfied would show the 2 unsatisfied: the counts go, the share stays.
    assert (report.total.details_hidden, report.total.share) == (True, 83.3)
    assert "з 12 оцінили" not in html
    assert "Прихильники (9–10)" not in html


def test_public_results_of_fewer_than_five_responses_show_no_figures(client, centre, standard):
    standard.results_public = True
    standard.save()
    many(standard, 4, overall="terrible", recommend=0, sex="female")

    response = client.get("/verbivka/survey/visitor-survey/results/")

    html = response.content.decode()
    assert response.context["report"].withheld
    assert "Відповідей поки менше 5" in html
    assert 'role="img"' not in html
    assert "Жахливо" not in html


def test_staff_results_are_not_suppressed_like_public_ones(staff_client, centre, answered):
    client, _membership = staff_client(Role.HEAD)

    report = client.get(url(centre, answered, "results/")).context["report"]

    assert [(m.label, m.responses, m.hidden) for m in report.by_month] == [
        ("03.2026", 8, False),
        ("04.2026", 4, False),
    ]
