"""Mystery-shopper pages through Django's test client: who sees what, filing, the review."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from conftest import sign_in_verified
from vidhuk.accounts.choices import Role
from vidhuk.core.models import AuditEvent
from vidhuk.mystery.choices import MysteryVisitStatus
from vidhuk.mystery.models import MysteryVisit
from vidhuk.mystery.services import mystery_visit_accept, mystery_visit_return
from vidhuk.mystery.tests import fixtures as fx
from vidhuk.surveys.models import Response

checklist = fx.checklist
evaluator = fx.evaluator
other_evaluator = fx.other_evaluator
frozen_now = fx.frozen_now
main_office = fx.main_office
remote_office = fx.remote_office
media_root = fx.media_root
reviewer = fx.reviewer
service = fx.service

pytestmark = pytest.mark.usefixtures("frozen_now", "media_root")

BASE = "/staff/verbivka/mystery/"
NEW_PASSWORD = "Sunflower-Tractor-Kyiv-2026"


def _client(user) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def _report(centre, evaluator, checklist, office, **kwargs):
    return fx.file_report(
        centre=centre, evaluator=evaluator, version=checklist, office=office, **kwargs
    )


def _form_data(office, *, action="submit", **overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "visited_at": "2026-03-02T09:30",
        "office": str(office.pk),
        "service": "",
        "minutes_waited": "12",
        "minutes_served": "8",
        "action": action,
    }
    data.update({f"q_{code}": value for code, value in fx.full_answers().items()})
    data.update(overrides)
    return data


# --- the evaluator's account ---------------------------------------------------------------------


def test_an_evaluator_added_through_the_people_pages_signs_in_and_lands_on_mystery_pages(
    centre, checklist, staff_client, smtp_mailbox, django_capture_on_commit_callbacks
):
    head_client, _head = staff_client(Role.HEAD)
    with django_capture_on_commit_callbacks(execute=True):
        invited = head_client.post(
            "/staff/verbivka/people/add/",
            {"email": "activist@example.com", "role": Role.EVALUATOR},
        )
    body = smtp_mailbox.bodies(smtp_mailbox.messages[-1])["text/plain"]
    link = re.search(r"http://testserver(/staff/invitations/\S+/)", body).group(1)
    invitee = Client()
    accepted = invitee.post(
        link,
        {
            "last_name": "Петренко",
            "first_name": "Оксана",
            "patronymic": "",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        follow=True,
    )
    membership = centre.memberships.get(user__email="activist@example.com")

    client = _client(membership.user)
    landing = client.get("/staff/", follow=True)

    assert invited.status_code == 302
    assert "прийнято" in accepted.text
    assert membership.role == Role.EVALUATOR
    assert membership.user.check_password(NEW_PASSWORD)
    assert landing.redirect_chain[-1][0] == BASE
    assert "Мої звіти таємного відвідувача" in landing.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/staff/verbivka/",
        "/staff/verbivka/services/",
        "/staff/verbivka/appeals/",
        "/staff/verbivka/offices/",
    ],
)
def test_an_evaluator_is_sent_back_from_the_shared_back_office(centre, evaluator, path):
    response = _client(evaluator).get(path)

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == BASE


@pytest.mark.parametrize(
    "path",
    ["/staff/verbivka/people/", "/staff/verbivka/audit/", BASE + "review/", BASE + "scores/"],
)
def test_an_evaluator_may_not_open_staff_pages(centre, evaluator, path):
    assert _client(evaluator).get(path).status_code == 403


def test_the_evaluator_pages_show_no_staff_navigation(centre, evaluator, checklist):
    page = _client(evaluator).get(BASE).content.decode()

    for staff_link in [
        "/staff/verbivka/services/",
        "/staff/verbivka/appeals/",
        "/staff/verbivka/people/",
        "/staff/verbivka/audit/",
        "/staff/verbivka/offices/",
    ]:
        assert staff_link not in page, staff_link


# --- the evaluator's own reports -----------------------------------------------------------------


def test_the_evaluator_sees_only_their_own_reports(
    centre, evaluator, other_evaluator, checklist, main_office, remote_office
):
    _report(centre, evaluator, checklist, main_office)
    theirs = _report(centre, other_evaluator, checklist, remote_office)
    client = _client(evaluator)

    page = client.get(BASE).content.decode()

    assert main_office.name in page
    assert remote_office.name not in page
    assert client.get(f"{BASE}{theirs.pk}/").status_code == 404
    assert client.get(f"{BASE}{theirs.pk}/edit/").status_code == 404


def test_home_lists_statuses(centre, evaluator, reviewer, checklist, main_office):
    _report(centre, evaluator, checklist, main_office, submit=False)
    returned = _report(centre, evaluator, checklist, main_office)
    mystery_visit_return(visit=returned, actor=reviewer, comment="Уточніть.")

    page = _client(evaluator).get(BASE).content.decode()

    assert "Чернетка" in page
    assert "Повернуто на доопрацювання" in page
    assert "є коментар перевірки" in page


def test_the_home_page_runs_a_fixed_number_of_queries(
    centre, evaluator, checklist, main_office, django_assert_max_num_queries
):
    for _ in range(30):
        _report(centre, evaluator, checklist, main_office)
    client = _client(evaluator)

    with django_assert_max_num_queries(12):
        response = client.get(BASE)

    assert response.status_code == 200
    assert response.content.decode().count(f"{BASE}") >= 25


def test_filing_a_report_with_the_form(centre, evaluator, checklist, main_office, service):
    client = _client(evaluator)
    assert client.get(BASE + "new/").status_code == 200

    response = client.post(
        BASE + "new/",
        {
            **_form_data(main_office, service=str(service.pk)),
            "photos": [fx.upload("entrance.jpg", fx.jpeg_with_gps())],
        },
    )

    visit = MysteryVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{visit.pk}/"
    assert (visit.status, visit.evaluator, visit.service, visit.photos.count()) == (
        MysteryVisitStatus.SUBMITTED,
        evaluator,
        service,
        1,
    )


def test_double_submit_of_the_new_report_form_files_one(centre, evaluator, checklist, main_office):
    client = _client(evaluator)
    data = _form_data(main_office)

    first = client.post(BASE + "new/", data)
    second = client.post(BASE + "new/", data)

    assert first["Location"] == second["Location"]
    assert (MysteryVisit.objects.count(), Response.objects.count()) == (1, 1)


def test_errors_are_shown_at_the_fields_and_in_the_summary(
    centre, evaluator, checklist, main_office
):
    data = _form_data(
        main_office, visited_at="2026-03-03T09:00", minutes_waited="2000", q_overall=""
    )

    response = _client(evaluator).post(BASE + "new/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Дата й час візиту не можуть бути в майбутньому." in page
    assert "Вкажіть не більше 1440 хвилин (доба)." in page
    assert "Дайте відповідь на це питання." in page
    assert MysteryVisit.objects.count() == 0


def test_a_draft_is_saved_without_the_required_answers(centre, evaluator, checklist, main_office):
    data = _form_data(main_office, action="draft", q_overall="", q_greeting="")

    response = _client(evaluator).post(BASE + "new/", data)

    visit = MysteryVisit.objects.get()
    assert response.status_code == 302
    assert visit.status == MysteryVisitStatus.DRAFT


def test_the_evaluator_sees_the_comment_and_resubmits(
    centre, evaluator, reviewer, checklist, main_office
):
    visit = _report(centre, evaluator, checklist, main_office)
    mystery_visit_return(visit=visit, actor=reviewer, comment="Додайте фото вказівника.")
    client = _client(evaluator)

    page = client.get(f"{BASE}{visit.pk}/").content.decode()
    form = client.get(f"{BASE}{visit.pk}/edit/").content.decode()
    response = client.post(f"{BASE}{visit.pk}/edit/", _form_data(main_office, q_greeting="no"))

    visit.refresh_from_db()
    assert "Додайте фото вказівника." in page
    assert "Додайте фото вказівника." in form
    assert response.status_code == 302
    assert visit.status == MysteryVisitStatus.SUBMITTED
    assert visit.response.answers.get(question__code="greeting").choice == "no"


def test_the_edit_form_is_filled_with_the_saved_answers(centre, evaluator, checklist, main_office):
    visit = _report(centre, evaluator, checklist, main_office, submit=False)

    page = _client(evaluator).get(f"{BASE}{visit.pk}/edit/").content.decode()

    assert re.search(r'name="q_overall" value="4"[^>]*checked', page)
    assert re.search(r'name="q_greeting" value="yes"[^>]*checked', page)
    assert 'value="2026-03-02T09:30"' in page


def test_a_submitted_report_cannot_be_edited(centre, evaluator, checklist, main_office):
    visit = _report(centre, evaluator, checklist, main_office)
    client = _client(evaluator)

    response = client.post(f"{BASE}{visit.pk}/edit/", _form_data(main_office, q_greeting="no"))

    visit.refresh_from_db()
    assert response.status_code == 302
    assert visit.response.answers.get(question__code="greeting").choice == "yes"


# --- photos --------------------------------------------------------------------------------------


def test_photos_are_served_only_to_the_evaluator_and_reviewers(
    centre, evaluator, other_evaluator, reviewer, checklist, main_office, staff_client
):
    visit = _report(
        centre, evaluator, checklist, main_office, photos=[fx.upload("a.png", fx.png_bytes())]
    )
    photo = visit.photos.get()
    url = f"{BASE}{visit.pk}/photos/{photo.pk}/"
    analyst, _m = staff_client(Role.ANALYST)

    own = _client(evaluator).get(url)

    assert (own.status_code, own["Content-Type"], own["Cache-Control"]) == (
        200,
        "image/png",
        "private, no-store",
    )
    assert _client(reviewer).get(url).status_code == 200
    assert _client(other_evaluator).get(url).status_code == 404
    assert analyst.get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to the sign-in
    assert "a.png" not in photo.file.name


def test_a_drafts_photos_are_not_shown_to_reviewers(
    centre, evaluator, reviewer, checklist, main_office
):
    visit = _report(
        centre,
        evaluator,
        checklist,
        main_office,
        submit=False,
        photos=[fx.upload("a.png", fx.png_bytes())],
    )
    url = f"{BASE}{visit.pk}/photos/{visit.photos.get().pk}/"

    assert _client(reviewer).get(url).status_code == 404


# --- review --------------------------------------------------------------------------------------


def test_the_review_list_filters_by_status_and_office(
    centre, evaluator, reviewer, checklist, main_office, remote_office
):
    _report(centre, evaluator, checklist, main_office)
    accepted = _report(centre, evaluator, checklist, remote_office)
    mystery_visit_accept(visit=accepted, actor=reviewer)
    _report(centre, evaluator, checklist, main_office, submit=False)
    client = _client(reviewer)

    everything = client.get(BASE + "review/").content.decode()
    waiting = client.get(BASE + "review/", {"status": "submitted"}).content.decode()
    remote = client.get(BASE + "review/", {"office": remote_office.pk}).content.decode()

    assert "Знайдено 2 звіти" in everything
    rows = {
        name: page.split("<tbody")[1]
        for name, page in [("all", everything), ("waiting", waiting), ("remote", remote)]
    }
    assert (rows["all"].count("Чернетка"), rows["waiting"].count("Прийнято")) == (0, 0)
    assert main_office.name in rows["waiting"]
    assert (remote_office.name in rows["remote"], main_office.name in rows["remote"]) == (
        True,
        False,
    )


def test_the_review_list_runs_a_fixed_number_of_queries(
    centre, evaluator, reviewer, checklist, main_office, django_assert_max_num_queries
):
    for _ in range(30):
        _report(centre, evaluator, checklist, main_office)
    client = _client(reviewer)

    with django_assert_max_num_queries(14):
        response = client.get(BASE + "review/")

    assert response.status_code == 200


def test_the_reviewer_sees_the_report_and_the_view_is_audited(
    centre, evaluator, reviewer, checklist, main_office
):
    visit = _report(centre, evaluator, checklist, main_office)

    page = _client(reviewer).get(f"{BASE}review/{visit.pk}/").content.decode()

    assert "Працівник привітався" in page
    assert "Обслуговування" in page
    assert AuditEvent.objects.filter(
        object_type="mystery.mysteryvisit", object_id=str(visit.pk), action="view", actor=reviewer
    ).exists()


def test_a_draft_is_not_open_to_review(centre, evaluator, reviewer, checklist, main_office):
    visit = _report(centre, evaluator, checklist, main_office, submit=False)

    assert _client(reviewer).get(f"{BASE}review/{visit.pk}/").status_code == 404


def test_the_reviewer_accepts(centre, evaluator, reviewer, checklist, main_office):
    visit = _report(centre, evaluator, checklist, main_office)

    response = _client(reviewer).post(f"{BASE}review/{visit.pk}/accept/")

    visit.refresh_from_db()
    assert response.status_code == 302
    assert (visit.status, visit.reviewed_by) == (MysteryVisitStatus.ACCEPTED, reviewer)


def test_returning_without_a_comment_shows_the_error(
    centre, evaluator, reviewer, checklist, main_office
):
    visit = _report(centre, evaluator, checklist, main_office)

    response = _client(reviewer).post(f"{BASE}review/{visit.pk}/return/", {"return-comment": ""})

    visit.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Напишіть, що саме потрібно виправити у звіті." in page
    assert visit.status == MysteryVisitStatus.SUBMITTED


def test_accepting_twice_is_refused_and_changes_nothing(
    centre, evaluator, reviewer, checklist, main_office
):
    visit = _report(centre, evaluator, checklist, main_office)
    client = _client(reviewer)
    client.post(f"{BASE}review/{visit.pk}/return/", {"return-comment": "Уточніть офіс."})

    response = client.post(f"{BASE}review/{visit.pk}/accept/")

    visit.refresh_from_db()
    assert response.status_code == 409
    assert "Перевірити можна лише поданий звіт" in response.content.decode()
    assert (visit.status, visit.review_comment) == (MysteryVisitStatus.RETURNED, "Уточніть офіс.")


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.HOTLINE_OPERATOR, Role.ANALYST], ids=str)
def test_staff_without_the_review_capability_get_403_and_nothing_changes(
    centre, evaluator, checklist, main_office, staff_client, role
):
    visit = _report(centre, evaluator, checklist, main_office)
    client, _membership = staff_client(role)

    responses = [
        client.get(BASE + "review/"),
        client.get(f"{BASE}review/{visit.pk}/"),
        client.post(f"{BASE}review/{visit.pk}/accept/"),
        client.post(f"{BASE}review/{visit.pk}/return/", {"return-comment": "Ні."}),
    ]

    visit.refresh_from_db()
    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert visit.status == MysteryVisitStatus.SUBMITTED


def test_staff_cannot_file_reports(centre, checklist, main_office, staff_client):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(BASE + "new/", _form_data(main_office))

    assert response.status_code == 403
    assert MysteryVisit.objects.count() == 0


def test_staff_of_another_centre_get_404(
    centre, other_centre, evaluator, checklist, main_office, staff_client
):
    visit = _report(centre, evaluator, checklist, main_office)
    client, _membership = staff_client(Role.HEAD, for_centre=other_centre)

    paths = [
        f"/staff/luhove/mystery/review/{visit.pk}/",
        f"/staff/verbivka/mystery/review/{visit.pk}/",
        f"/staff/verbivka/mystery/{visit.pk}/",
    ]

    assert [client.get(path).status_code for path in paths] == [404, 404, 404]
    assert client.post(f"/staff/luhove/mystery/review/{visit.pk}/accept/").status_code == 404
    visit.refresh_from_db()
    assert visit.status == MysteryVisitStatus.SUBMITTED


def test_a_head_lands_on_the_review_list(centre, staff_client):
    client, _membership = staff_client(Role.HEAD)

    response = client.get(BASE)

    assert (response.status_code, response["Location"]) == (302, BASE + "review/")


# --- scores --------------------------------------------------------------------------------------


def test_the_scores_page_shows_accepted_reports_only(
    centre, evaluator, reviewer, checklist, main_office, staff_client
):
    accepted = _report(centre, evaluator, checklist, main_office, minutes_waited=10)
    mystery_visit_accept(visit=accepted, actor=reviewer)
    _report(centre, evaluator, checklist, main_office, minutes_waited=90)
    analyst, _m = staff_client(Role.ANALYST)

    page = analyst.get(BASE + "scores/").content.decode()

    assert "Враховано 1 прийнятий звіт" in page
    assert "«так» — 100" in page
    assert "10,0" in page or "10.0" in page


def test_the_scores_period_must_make_sense(centre, checklist, staff_client):
    client, _m = staff_client(Role.HEAD)

    page = client.get(
        BASE + "scores/", {"date_from": "2026-03-10", "date_to": "2026-03-01"}
    ).content.decode()

    assert "Кінець періоду не може бути раніше його початку." in page


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_scores_period_out_of_range_is_refused_at_the_field(centre, checklist, staff_client, day):
    client, _m = staff_client(Role.HEAD)

    response = client.get(BASE + "scores/", {"date_from": day, "date_to": day})

    assert response.status_code == 200
    assert "Вкажіть дату між 2000 і 2100 роком." in response.content.decode()
