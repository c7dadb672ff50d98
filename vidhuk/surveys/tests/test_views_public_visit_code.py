"""The resident's survey page by the code of a visit: the code entry, the office and service
the code sets, a code used once (issue 4, §3).

Time is moved with time-machine, never slept on.
"""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import (
    Answer,
    Response,
    SpentVisitCode,
    VisitToken,
)
from vidhuk.surveys.tests import factories, survey_form
from vidhuk.surveys.tests.survey_form import (
    MINIMAL,
    THANKS_URL,
    form_data,
    send,
)

# Fixtures shared by the surveys tests.
every_type = factories.every_type
frozen = factories.frozen
_fresh_cache = survey_form._fresh_cache
standard = factories.standard
visit_code = survey_form.visit_code


# --- the code of a visit -----------------------------------------------------------------------


def test_a_visit_code_shows_the_visit_and_records_office_and_service(client, visit_code):
    url = f"/verbivka/survey/v/{visit_code}/"

    page = client.get(url)
    response = send(client, form_data(MINIMAL), url=url)

    html = page.content.decode()
    assert page.status_code == 200
    assert "Ваш візит:" in html
    assert "Головний офіс ЦНАП" in html
    assert "Оформлення паспорта для виїзду за кордон" in html
    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    row = Response.objects.get()
    assert row.channel == Channel.VISIT_TOKEN
    assert row.office.name == "Головний офіс ЦНАП"
    assert VisitToken.objects.count() == 0
    assert SpentVisitCode.objects.get().spent_on == dt.date(2026, 3, 2)


def test_a_visit_code_is_used_once(client, visit_code):
    url = f"/verbivka/survey/v/{visit_code}/"
    send(client, form_data(MINIMAL), url=url)

    again_page = client.get(url)
    again_post = send(client, form_data(MINIMAL), url=url)

    assert again_page.status_code == 410
    assert "За цим кодом уже відповіли" in again_page.content.decode()
    assert again_post.status_code == 410
    assert "За цим кодом уже відповіли" in again_post.content.decode()
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 2


def test_a_double_submit_by_visit_code_stores_one_response_and_thanks_twice(client, visit_code):
    url = f"/verbivka/survey/v/{visit_code}/"
    data = form_data(MINIMAL)

    first = send(client, data, url=url)
    second = send(client, data, url=url)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == THANKS_URL
    assert Response.objects.count() == 1


def test_an_expired_visit_code_is_gone(client, visit_code, frozen):
    frozen.move_to(timezone.now() + dt.timedelta(days=8))

    response = send(client, form_data(MINIMAL), url=f"/verbivka/survey/v/{visit_code}/")

    assert response.status_code == 410
    assert "Строк дії коду минув" in response.content.decode()
    assert Response.objects.count() == 0


def test_an_unknown_code_or_another_centres_code_is_404(client, visit_code, other_centre):
    unknown = client.get("/verbivka/survey/v/AAAABBBBCCCC/")
    elsewhere = send(client, form_data(MINIMAL), url=f"/luhove/survey/v/{visit_code}/")

    assert unknown.status_code == 404
    assert "Код візиту недійсний" in unknown.content.decode()
    assert elsewhere.status_code == 404
    assert "Код візиту недійсний" in elsewhere.content.decode()
    assert Response.objects.count() == 0
    assert VisitToken.objects.count() == 1
    assert SpentVisitCode.objects.count() == 0


def test_a_visit_code_answer_needs_no_csrf_cookie(visit_code):
    # The form carries no CSRF token (no session to protect; a private tab has no cookie).
    browser = Client(enforce_csrf_checks=True)

    response = send(browser, form_data(MINIMAL), url=f"/verbivka/survey/v/{visit_code}/")

    assert response.status_code == 302
    assert Response.objects.count() == 1
