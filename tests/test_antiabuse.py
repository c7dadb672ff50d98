"""The public forms' abuse checks (vidhuk.core.antiabuse) as residents meet them: the rate limit
is per real client behind the proxy and per centre, counts only saved submissions and keeps what
was typed; a form stamp is good once and only from the client it was shown to."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from vidhuk.appeals.choices import Kind
from vidhuk.appeals.forms.public_antiabuse import issue_form_stamp
from vidhuk.appeals.models import Appeal
from vidhuk.appeals.tests.factories import frozen  # noqa: F401 — a fixture

PROXY = "127.0.0.1"
RESIDENT = "198.51.100.10"
NEIGHBOUR = "198.51.100.20"
TEXT = "Прошу облаштувати пандус біля входу до ЦНАП."

pytestmark = pytest.mark.usefixtures("frozen")


def stamp(client_address: str) -> str:
    with time_machine.travel(timezone.now() - dt.timedelta(seconds=10), tick=False):
        return issue_form_stamp(client=client_address)


def form_data(client_address: str, **overrides: Any) -> dict[str, Any]:
    return {
        "submission_key": str(uuid.uuid4()),
        "form_stamp": stamp(client_address),
        "website": "",
        "text": TEXT,
        "full_name": "Шевченко Марія Петрівна",
        "address": "вул. Центральна, 1, м. Вербівка",
        "email": "maria@example.com",
        "phone": "067 123 45 67",
        "consent": "on",
        **overrides,
    }


def url(centre_slug: str = "verbivka") -> str:
    return f"/{centre_slug}/appeals/new/{Kind.QUESTION}/"


def via_proxy(client, address: str, data: dict[str, Any], centre_slug: str = "verbivka"):
    """A request as nginx forwards it: REMOTE_ADDR is the proxy, the client is in the header."""
    return client.post(url(centre_slug), data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


@pytest.fixture
def behind_proxy(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.VIDHUK_APPEAL_RATE_LIMIT = 2


def test_two_residents_behind_the_proxy_are_counted_apart(client, centre, behind_proxy):
    for _ in range(2):
        assert via_proxy(client, RESIDENT, form_data(RESIDENT)).status_code == 302

    limited = via_proxy(client, RESIDENT, form_data(RESIDENT))
    neighbour = via_proxy(client, NEIGHBOUR, form_data(NEIGHBOUR))

    assert limited.status_code == 429
    assert neighbour.status_code == 302
    assert Appeal.objects.count() == 3


def test_a_header_the_client_wrote_itself_does_not_make_a_new_client(client, centre, behind_proxy):
    for _ in range(2):
        via_proxy(client, RESIDENT, form_data(RESIDENT))

    # nginx appends the address it saw; whatever stood before it the client wrote.
    spoofed = via_proxy(
        client, f"203.0.113.{uuid.uuid4().int % 200}, {RESIDENT}", form_data(RESIDENT)
    )

    assert spoofed.status_code == 429


def test_a_client_over_the_limit_in_one_centre_can_still_write_to_another(
    client, centre, other_centre, behind_proxy
):
    for _ in range(2):
        via_proxy(client, RESIDENT, form_data(RESIDENT))
    assert via_proxy(client, RESIDENT, form_data(RESIDENT)).status_code == 429

    other = via_proxy(client, RESIDENT, form_data(RESIDENT), centre_slug=other_centre.slug)

    assert other.status_code == 302
    assert Appeal.objects.filter(centre=other_centre).count() == 1


def test_forms_shown_again_with_errors_do_not_count(client, centre, settings):
    settings.VIDHUK_APPEAL_RATE_LIMIT = 10
    for _ in range(11):
        again = client.post(url(), form_data(RESIDENT, text=""), REMOTE_ADDR=RESIDENT)
        assert again.status_code == 200

    sent = client.post(url(), form_data(RESIDENT), REMOTE_ADDR=RESIDENT)

    assert sent.status_code == 302
    assert Appeal.objects.count() == 1


def test_the_429_page_keeps_what_was_typed(client, centre, settings):
    settings.VIDHUK_APPEAL_RATE_LIMIT = 1
    client.post(url(), form_data(RESIDENT), REMOTE_ADDR=RESIDENT)
    typed = "Третій раз пишу про зламаний ліфт у корпусі Б."

    limited = client.post(url(), form_data(RESIDENT, text=typed), REMOTE_ADDR=RESIDENT)

    html = limited.content.decode()
    assert limited.status_code == 429
    assert "надіслали забагато форм" in html
    assert typed in html  # in the text area, ready to send again
    assert "Шевченко Марія Петрівна" in html
    assert Appeal.objects.count() == 1


def test_a_replayed_stamp_is_refused(client, centre):
    data = form_data(RESIDENT)
    first = client.post(url(), data, REMOTE_ADDR=RESIDENT)

    replay = client.post(url(), {**data, "submission_key": str(uuid.uuid4())}, REMOTE_ADDR=RESIDENT)

    assert first.status_code == 302
    assert replay.status_code == 200
    assert "Цю форму вже надіслали" in replay.content.decode()
    assert Appeal.objects.count() == 1


def test_a_replayed_stamp_takes_no_place_in_the_limit(client, centre, settings):
    settings.VIDHUK_APPEAL_RATE_LIMIT = 2
    data = form_data(RESIDENT)
    assert client.post(url(), data, REMOTE_ADDR=RESIDENT).status_code == 302
    for _ in range(3):
        replay = {**data, "submission_key": str(uuid.uuid4())}
        assert client.post(url(), replay, REMOTE_ADDR=RESIDENT).status_code == 200

    second = client.post(url(), form_data(RESIDENT), REMOTE_ADDR=RESIDENT)
    third = client.post(url(), form_data(RESIDENT), REMOTE_ADDR=RESIDENT)

    assert (second.status_code, third.status_code) == (302, 429)
    assert Appeal.objects.count() == 2


def test_a_form_refused_by_the_limit_keeps_its_stamp_unspent(client, centre, settings):
    settings.VIDHUK_APPEAL_RATE_LIMIT = 1
    client.post(url(), form_data(RESIDENT), REMOTE_ADDR=RESIDENT)
    data = form_data(RESIDENT)
    assert client.post(url(), data, REMOTE_ADDR=RESIDENT).status_code == 429

    settings.VIDHUK_APPEAL_RATE_LIMIT = 2
    # Another submission key: a stamp spent by the refused post would now be refused.
    later = client.post(url(), {**data, "submission_key": str(uuid.uuid4())}, REMOTE_ADDR=RESIDENT)

    assert later.status_code == 302
    assert Appeal.objects.count() == 2


def test_the_same_form_sent_twice_is_one_case_and_the_same_page(client, centre):
    data = form_data(RESIDENT)

    first = client.post(url(), data, REMOTE_ADDR=RESIDENT)
    second = client.post(url(), data, REMOTE_ADDR=RESIDENT)

    assert first["Location"] == second["Location"]
    assert Appeal.objects.count() == 1


def test_a_stamp_from_another_client_is_refused(client, centre):
    response = client.post(url(), form_data(NEIGHBOUR), REMOTE_ADDR=RESIDENT)

    assert response.status_code == 200
    assert "Форму відкрили з іншого підключення" in response.content.decode()
    assert Appeal.objects.count() == 0
    # The page carries a fresh stamp for this client: sending again goes through.
    fresh = response.context["form"]["form_stamp"].value()
    resent = client.post(url(), {**form_data(RESIDENT), "form_stamp": fresh}, REMOTE_ADDR=RESIDENT)
    assert resent.status_code == 200  # too fast: the fresh stamp is seconds old
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=30), tick=False):
        resent = client.post(
            url(), {**form_data(RESIDENT), "form_stamp": fresh}, REMOTE_ADDR=RESIDENT
        )
    assert resent.status_code == 302
