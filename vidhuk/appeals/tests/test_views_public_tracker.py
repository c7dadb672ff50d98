"""The resident's pages after sending: the confirmation (number, private link, mail) and the
tracker.

Mail goes to a real local SMTP server (the `smtp_mailbox` fixture). Time is moved with
time-machine, never slept on.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.forms.models import model_to_dict

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals import services
from vidhuk.appeals.choices import AnswerDelivery, Kind
from vidhuk.appeals.models import Appeal
from vidhuk.appeals.tests import factories, public_form
from vidhuk.appeals.tests.public_form import (
    errors_of,
    send,
)

frozen = factories.frozen
_isolated = public_form._isolated


# --- confirmation --------------------------------------------------------------------------------


def _tracker_link(html: str) -> str:
    link = re.search(
        r'id="tracker-link">(http://testserver/verbivka/appeals/track/\?t=[^<]+)<', html
    )
    assert link is not None
    return link.group(1)


def test_confirmation_shows_the_number_and_the_private_link_once(client, centre):
    sent_url = send(client, Kind.COMPLAINT)["Location"]
    appeal = Appeal.objects.get()

    first = client.get(sent_url)
    again = client.get(sent_url)
    without_receipt = client.get("/verbivka/appeals/sent/")

    html = first.content.decode()
    assert appeal.registration_index in html
    assert "Копію номера й посилання ми надіслали на вашу електронну пошту." in html
    assert first["Cache-Control"] == "private, no-store"
    for page in (again, without_receipt):
        assert appeal.registration_index not in page.content.decode()
        assert "/track/" not in page.content.decode()
    assert client.get(_tracker_link(html)).status_code == 200


def test_the_token_is_not_stored_in_clear_and_no_session_is_written(client, centre):
    sent_url = send(client, Kind.COMPLAINT)["Location"]
    token = _tracker_link(client.get(sent_url).content.decode()).split("?t=")[1]

    appeal = Appeal.objects.get()
    assert token not in repr(model_to_dict(appeal))
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    # The address carries the signed token only: nothing the resident typed.
    for typed in ("Шевченко", "maria", "example.com", "123", "Садова"):
        assert typed not in unquote(sent_url)


def test_a_receipt_not_opened_within_a_quarter_of_an_hour_shows_no_case(
    client, centre, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC), tick=False)
    sent_url = send(client, Kind.COMPLAINT)["Location"]

    time_machine.move_to(dt.datetime(2026, 3, 2, 12, 16, tzinfo=dt.UTC), tick=False)
    html = client.get(sent_url).content.decode()

    assert Appeal.objects.get().registration_index not in html
    assert "Повідомлення вже отримано" in html


def test_a_forged_receipt_shows_no_case(client, centre):
    sent_url = send(client, Kind.COMPLAINT)["Location"]
    forged = sent_url[:-3] + ("AAA" if not sent_url.endswith("AAA") else "BBB")

    html = client.get(forged).content.decode()

    assert Appeal.objects.get().registration_index not in html
    assert "Повідомлення вже отримано" in html


def test_confirmation_arrives_by_mail_over_smtp(
    client, centre, smtp_mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent_url = send(client, Kind.STATEMENT)["Location"]
    link = _tracker_link(client.get(sent_url).content.decode())

    appeal = Appeal.objects.get()
    [message] = smtp_mailbox.messages
    body = smtp_mailbox.bodies(message)["text/plain"]
    assert smtp_mailbox.header(message, "X-Envelope-To") == "maria@example.com"
    assert appeal.registration_index in body
    assert link in body


def test_no_mail_without_an_address(
    client, centre, smtp_mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent_url = send(client, Kind.COMPLAINT, email="")["Location"]

    html = client.get(sent_url).content.decode()
    assert smtp_mailbox.messages == []
    assert "Ви не вказали електронну пошту" in html


# --- tracker -------------------------------------------------------------------------------------


@pytest.fixture
def answered_case(centre):
    head = MembershipFactory(centre=centre, role=Role.HEAD).user
    registered = services.appeal_submit(
        centre=centre,
        kind=Kind.COMPLAINT,
        text="Не працює пандус.",
        submission_key=uuid.uuid4(),
        applicant=services.Applicant(
            full_name="Шевченко Марія", address="м. Вербівка", phone="0671234567",
            consent_text="Згода.",
        ),
    )  # fmt: skip
    appeal = registered.appeal
    services.appeal_take_into_work(appeal=appeal, actor=head)
    services.appeal_add_note(appeal=appeal, actor=head, note="Службове: перевірити кошторис.")
    services.appeal_answer(
        appeal=appeal, actor=head, answer_text="Пандус відремонтують до 1 квітня.",
        delivery=AnswerDelivery.LETTER,
    )  # fmt: skip
    return appeal, registered.tracker_token


def test_tracker_shows_each_public_stage_and_the_answer(client, answered_case):
    appeal, token = answered_case

    response = client.get(f"/verbivka/appeals/track/{token}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert [event.stage for event in response.context["events"]] == [
        "registered",
        "in_progress",
        "answered",
    ]
    assert "Звернення розглядається." in html
    assert "Пандус відремонтують до 1 квітня." in html
    assert "перевірити кошторис" not in html
    assert appeal.get_status_display() in html


def test_tracker_states_the_deadline_in_plain_words(client, centre, frozen):  # noqa: F811
    registered = services.appeal_submit(
        centre=centre, kind=Kind.PROPOSAL, text="Пропоную лавки.", submission_key=uuid.uuid4(),
        applicant=services.Applicant(full_name="Ірина Коваль", address="м. Вербівка",
                                     email="i@example.com", consent_text="Згода."),
    )  # fmt: skip

    html = client.get(f"/verbivka/appeals/track/{registered.tracker_token}/").content.decode()

    assert "Відповідь надамо не пізніше 17 березня 2026 року." in html


def test_tracker_is_private_and_uncached(client, answered_case):
    _appeal, token = answered_case

    response = client.get(f"/verbivka/appeals/track/{token}/")

    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "strict-origin"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_tracker_page_runs_a_bounded_number_of_queries(
    client, answered_case, django_assert_max_num_queries
):
    _appeal, token = answered_case
    client.get(f"/verbivka/appeals/track/{token}/")  # the footer's hours are cached from now on

    # 3 for the page itself, and 1 for whether the appeal is evidence of a decision (the panel
    # decisions adds through the tracker's object slot).
    with django_assert_max_num_queries(4):
        response = client.get(f"/verbivka/appeals/track/{token}/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("A" * 43, id="well-formed-unknown"),
        pytest.param("garbled!token", id="garbled"),
        pytest.param("1", id="a-number"),
    ],
)
def test_unknown_token_is_the_same_404_as_any_unknown_page(client, answered_case, token):
    response = client.get(f"/verbivka/appeals/track/{token}/")
    unknown_page = client.get("/verbivka/no-such-page/")

    assert (response.status_code, unknown_page.status_code) == (404, 404)
    assert [t.name for t in response.templates][:1] == [t.name for t in unknown_page.templates][:1]
    assert "Сторінку не знайдено" in response.content.decode()


def test_another_centres_token_is_a_404(client, answered_case, other_centre):
    _appeal, token = answered_case

    assert client.get(f"/luhove/appeals/track/{token}/").status_code == 404


@pytest.mark.parametrize(
    "entered",
    [
        pytest.param("http://testserver/verbivka/appeals/track/?t={token}", id="full-link"),
        pytest.param("http://testserver/verbivka/appeals/track/{token}/", id="old-link"),
        pytest.param("  {token}  ", id="token"),
    ],
)
def test_find_my_case_shows_the_tracker(client, answered_case, entered):
    appeal, token = answered_case

    response = client.post("/verbivka/appeals/track/", {"link": entered.format(token=token)})

    # Shown right away: a redirect would put the token in an address.
    assert response.status_code == 200
    assert f"№ {appeal.registration_index}" in response.content.decode()
    assert response["Referrer-Policy"] == "strict-origin"


def test_find_my_case_explains_a_wrong_entry(client, centre):
    response = client.post("/verbivka/appeals/track/", {"link": "Ш-17/2026"})

    assert errors_of(response) == [
        "Це не схоже на посилання для відстеження. Скопіюйте його повністю з листа або з "
        "екрана підтвердження."
    ]


def test_home_and_navigation_link_to_the_appeals(client, centre):
    html = client.get("/verbivka/").content.decode()

    assert 'href="/verbivka/appeals/"' in html
    assert 'href="/verbivka/appeals/track/"' in html
