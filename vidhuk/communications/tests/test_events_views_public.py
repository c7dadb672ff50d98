"""Residents' event pages: the list and page, registering without an account (the form's
stamp, plain-Ukrainian errors, a double submit is one registration), the private page with
its QR code (decoded), cancelling, and the privacy page's row."""

import base64
import datetime as dt
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
import zxingcpp
from django.test import Client
from PIL import Image

from vidhuk.communications.models import EventRegistration, RegistrationState

from .event_factories import NOW, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _form_values(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(submission_key|form_stamp)" value="([^"]*)"', html))


def _register(client: Client, event, **data):
    """Open the form at NOW, send it five seconds later."""
    with time_machine.travel(NOW, tick=False):
        page = client.get(f"/verbivka/events/{event.pk}/register/")
    values = _form_values(page.content.decode())
    with time_machine.travel(NOW + dt.timedelta(seconds=5), tick=False):
        return client.post(f"/verbivka/events/{event.pk}/register/", {**values, **data})


def test_the_list_shows_coming_events_and_the_calendar_link(
    centre, other_centre, django_assert_max_num_queries
):
    EventFactory(centre=centre, title="Слухання про графік")
    EventFactory.create_batch(20, centre=centre, title="Ще один захід")
    EventFactory(centre=other_centre, title="Чужий захід")

    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(8):
        response = Client().get("/verbivka/events/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Слухання про графік" in html
    assert "Чужий захід" not in html
    assert "/verbivka/events/calendar.ics" in html


def test_the_event_page_says_how_many_seats_are_left(centre):
    event = EventFactory(centre=centre, capacity=3, agenda="1. Графік роботи")
    RegistrationFactory(event=event)

    with time_machine.travel(NOW, tick=False):
        html = Client().get(f"/verbivka/events/{event.pk}/").content.decode()

    assert "вільно 2 з 3" in html
    assert "1. Графік роботи" in html
    assert f"/verbivka/events/{event.pk}/register/" in html


def test_registering_leads_to_the_private_page_with_a_qr_code_for_the_door(centre):
    event = EventFactory(centre=centre)
    client = Client()

    response = _register(
        client, event, name="Оксана", email="oksana@example.com",
        accessibility_needs="Пандус", wants_to_speak="on", speech_topic="Черги зранку",
    )  # fmt: skip

    assert response.status_code == 302
    registration = EventRegistration.objects.get()
    assert (registration.name, registration.state) == ("Оксана", RegistrationState.CONFIRMED)
    assert (registration.speech_topic, registration.accessibility_needs) == (
        "Черги зранку",
        "Пандус",
    )
    page = client.get(response["Location"])
    assert page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert "Ви зареєстровані" in html
    png = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    (decoded,) = [
        r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(png))))
    ]
    address = urlsplit(decoded)
    assert address.path == "/staff/verbivka/communications/events/check-in/"
    assert parse_qs(address.query) == {"t": [registration.token]}


def test_a_double_submit_is_one_registration(centre):
    event = EventFactory(centre=centre)
    client = Client()
    with time_machine.travel(NOW, tick=False):
        page = client.get(f"/verbivka/events/{event.pk}/register/")
    data = {**_form_values(page.content.decode()), "name": "Оксана", "email": "o@example.com"}

    with time_machine.travel(NOW + dt.timedelta(seconds=5), tick=False):
        first = client.post(f"/verbivka/events/{event.pk}/register/", data)
        second = client.post(f"/verbivka/events/{event.pk}/register/", data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert EventRegistration.objects.count() == 1


def test_bad_input_is_shown_again_in_plain_ukrainian_and_nothing_is_saved(centre):
    event = EventFactory(centre=centre)

    response = _register(Client(), event, name="", email="", wants_to_speak="on")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Вкажіть ваше ім’я." in html
    assert "Вкажіть електронну пошту або телефон." in html
    assert "Вкажіть тему виступу." in html
    assert EventRegistration.objects.count() == 0


def test_cancelling_by_the_link_gives_the_place_to_the_waitlist(centre):
    event = EventFactory(centre=centre, capacity=1)
    holder = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, state=RegistrationState.WAITLISTED)
    client = Client()

    with time_machine.travel(NOW, tick=False):
        shown = client.get(f"/verbivka/events/{event.pk}/registration/?t={holder.token}")
        response = client.post(
            f"/verbivka/events/{event.pk}/registration/cancel/", {"t": holder.token}
        )

    assert "Скасувати реєстрацію" in shown.content.decode()
    assert response.status_code == 302
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.state, waiting.state) == ("cancelled", "confirmed")


@pytest.mark.parametrize("token", ["", "wrong-token"], ids=["none", "wrong"])
def test_a_wrong_link_finds_no_registration(centre, token):
    event = EventFactory(centre=centre)
    RegistrationFactory(event=event)

    response = Client().get(f"/verbivka/events/{event.pk}/registration/?t={token}")

    assert response.status_code == 404


def test_registration_of_a_cancelled_event_is_closed(centre):
    event = EventFactory(centre=centre, state="cancelled")

    with time_machine.travel(NOW, tick=False):
        response = Client().get(f"/verbivka/events/{event.pk}/register/")

    assert response.status_code == 410
    assert "Реєстрацію закрито" in response.content.decode()


def test_the_privacy_page_lists_registrations_and_their_erasure(centre):
    response = Client().get("/verbivka/privacy/")

    html = response.content.decode()
    assert "Реєстрація на заходи та громадські слухання" in html
    assert "30 днів після заходу" in html
