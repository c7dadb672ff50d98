"""The tracker token never stands in a request path (issue 10, §7), and a case can be found by its
registration index plus the applicant's e-mail or phone (issue 9).

The mailed and printed link is ``/<centre>/appeals/track/?t=…`` (the documented access-log formats
drop query strings); the find forms post the token, or the index and contact, in the body.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

import pypdfium2
import pytest
import time_machine
import zxingcpp
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from vidhuk.accounts.choices import Role
from vidhuk.appeals import services
from vidhuk.appeals.choices import Kind
from vidhuk.appeals.forms.public_antiabuse import issue_form_stamp
from vidhuk.appeals.models import Appeal

FIND_URL = "/verbivka/appeals/track/"
NOT_FOUND = (
    "Не знайшли звернення з таким номером і контактом. Перевірте номер і вкажіть ту саму "
    "електронну пошту чи телефон, що й у зверненні."
)


class RecordingClient(Client):
    """A test client that notes the path of every request it makes, redirects included."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.paths: list[str] = []

    def request(self, **request: Any) -> Any:
        self.paths.append(request["PATH_INFO"])
        return super().request(**request)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _submit(centre, **applicant: str) -> Any:
    return services.appeal_submit(
        centre=centre,
        kind=Kind.COMPLAINT,
        text="Не працює пандус.",
        submission_key=uuid.uuid4(),
        applicant=services.Applicant(
            full_name="Шевченко Марія", address="м. Вербівка", consent_text="Згода.", **applicant
        ),
    )


@pytest.fixture
def case(centre) -> Appeal:
    return _submit(centre, email="Maria@Example.com", phone="0671234567").appeal


def _heading(response) -> str:
    match = re.search(r'<h1 class="govuk-heading-l">([^<]*)</h1>', response.content.decode())
    return match.group(1).strip() if match else ""


def _index_errors(response) -> list[str]:
    form = response.context["index_form"]
    return [error for errors in form.errors.values() for error in errors]


# --- the token stays out of paths ---------------------------------------------------------------


def test_the_mailed_link_opens_the_tracker_without_the_token_in_any_path(
    client, centre, smtp_mailbox, django_capture_on_commit_callbacks
):
    stamp_time = timezone.now() - dt.timedelta(seconds=10)
    with time_machine.travel(stamp_time, tick=False):
        stamp = issue_form_stamp(client="203.0.113.77")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/verbivka/appeals/new/complaint/",
            {
                "submission_key": str(uuid.uuid4()),
                "form_stamp": stamp,
                "website": "",
                "text": "Прошу облаштувати пандус біля входу до ЦНАП.",
                "full_name": "Шевченко Марія Петрівна",
                "address": "м. Вербівка, вул. Садова, 5",
                "email": "maria@example.com",
                "consent": "on",
            },
            REMOTE_ADDR="203.0.113.77",
        )
    [message] = smtp_mailbox.messages
    body = smtp_mailbox.bodies(message)["text/plain"]
    link = re.search(r"http://testserver/\S+", body)
    assert link is not None
    address = urlsplit(link.group())
    token = address.query.removeprefix("t=")
    appeal = Appeal.objects.get()
    visitor = RecordingClient()

    tracker = visitor.get(address.path, {"t": token})
    found_again = visitor.post(FIND_URL, {"link": link.group()})

    assert address.path == FIND_URL
    assert len(token) >= 20
    assert tracker.status_code == found_again.status_code == 200
    assert _heading(tracker) == _heading(found_again) == f"№ {appeal.registration_index}"
    assert tracker["Referrer-Policy"] == "strict-origin"
    assert visitor.paths == [FIND_URL, FIND_URL]
    assert all(token not in path for path in visitor.paths)


def test_the_receipts_qr_code_holds_the_token_in_its_query_only(staff_client, centre, client):
    appeal = _submit(centre, phone="0671234567").appeal
    operator, _membership = staff_client(Role.HOTLINE_OPERATOR)

    pdf = operator.get(f"/staff/verbivka/appeals/{appeal.pk}/receipt.pdf").content
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    (link,) = [result.text for result in zxingcpp.read_barcodes(image)]
    address = urlsplit(link)
    tracker = client.get(address.path + "?" + address.query)

    assert address.path == FIND_URL
    assert address.query.startswith("t=")
    assert _heading(tracker) == f"№ {appeal.registration_index}"


def test_an_old_link_with_the_token_in_its_path_still_opens_the_tracker(client, centre):
    registered = _submit(centre, email="maria@example.com")

    response = client.get(f"{FIND_URL}{registered.tracker_token}/")

    assert response.status_code == 200
    assert _heading(response) == f"№ {registered.appeal.registration_index}"


def test_an_unknown_token_in_the_query_is_the_same_404_as_any_page(client, case):
    response = client.get(FIND_URL, {"t": "A" * 43})

    assert response.status_code == 404
    assert "Сторінку не знайдено" in response.content.decode()


def test_a_well_formed_link_of_no_case_is_explained_on_the_form(client, case):
    response = client.post(FIND_URL, {"link": "A" * 43})

    assert response.status_code == 200
    assert response.context["form"].errors["link"] == [
        "За цим посиланням звернення не знайдено. Скопіюйте посилання з листа повністю або "
        "знайдіть звернення за номером і контактом."
    ]


# --- by registration index and contact ----------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "contact"),
    [
        pytest.param("{index}", "maria@example.com", id="e-mail-any-case"),
        pytest.param(" № {index} ", "+380 67 123 45 67", id="phone-typed-otherwise"),
        pytest.param("{index}", "067-123-45-67", id="phone-with-dashes"),
    ],
)
def test_a_case_is_found_by_its_number_and_the_contact_given(client, case, index, contact):
    visitor = RecordingClient()

    response = visitor.post(
        FIND_URL, {"by-index": index.format(index=case.registration_index), "by-contact": contact}
    )

    assert response.status_code == 200
    assert _heading(response) == f"№ {case.registration_index}"
    assert visitor.paths == [FIND_URL]


def test_no_such_case_and_a_wrong_contact_look_the_same(client, case, other_centre):
    wrong_contact = client.post(
        FIND_URL, {"by-index": case.registration_index, "by-contact": "other@example.com"}
    )
    no_such_case = client.post(
        FIND_URL, {"by-index": "Ж-999/2026", "by-contact": "maria@example.com"}
    )
    other_centre_page = client.post(
        "/luhove/appeals/track/",
        {"by-index": case.registration_index, "by-contact": "maria@example.com"},
    )

    assert wrong_contact.status_code == no_such_case.status_code == 200
    assert other_centre_page.status_code == 200
    assert _index_errors(wrong_contact) == _index_errors(no_such_case) == [NOT_FOUND]
    assert _index_errors(other_centre_page) == [NOT_FOUND]
    assert "Не працює пандус" not in wrong_contact.content.decode()
    # What was typed stays in the boxes, to correct it.
    assert 'value="other@example.com"' in wrong_contact.content.decode()


def test_an_anonymous_case_is_never_found_by_number(client, centre):
    anonymous = services.appeal_submit(
        centre=centre,
        kind=Kind.QUALITY_REMARK,
        text="Довго чекала біля вікна.",
        submission_key=uuid.uuid4(),
        applicant=services.Applicant(is_anonymous=True, email="maria@example.com"),
    ).appeal

    response = client.post(
        FIND_URL, {"by-index": anonymous.registration_index, "by-contact": "maria@example.com"}
    )

    assert _index_errors(response) == [NOT_FOUND]


def test_a_contact_that_is_neither_mail_nor_phone_is_explained(client, case):
    response = client.post(FIND_URL, {"by-index": case.registration_index, "by-contact": "Марія"})

    assert _index_errors(response) == [
        "Вкажіть електронну пошту (з «@») або номер телефону, наприклад 067 123 45 67."
    ]


def test_guessing_numbers_is_slowed_per_client(client, case, settings):
    settings.VIDHUK_APPEAL_LOOKUP_RATE_LIMIT = 3
    for number in range(3):
        client.post(
            FIND_URL,
            {"by-index": f"Ж-{number + 100}/2026", "by-contact": "maria@example.com"},
            REMOTE_ADDR="198.51.100.9",
        )

    right_but_late = client.post(
        FIND_URL,
        {"by-index": case.registration_index, "by-contact": "maria@example.com"},
        REMOTE_ADDR="198.51.100.9",
    )
    someone_else = client.post(
        FIND_URL,
        {"by-index": case.registration_index, "by-contact": "maria@example.com"},
        REMOTE_ADDR="198.51.100.10",
    )

    html = right_but_late.content.decode()
    assert right_but_late.status_code == 429
    assert "Не надіслано" in html
    assert f'value="{case.registration_index}"' in html
    assert _heading(someone_else) == f"№ {case.registration_index}"


def test_the_find_page_offers_both_ways(client, centre):
    html = client.get(FIND_URL).content.decode()

    assert html.count(f'<form method="post" action="{FIND_URL}"') == 2
    assert "Немає посилання? Знайдіть за номером" in html
    assert 'name="by-index"' in html
    assert 'name="by-contact"' in html
