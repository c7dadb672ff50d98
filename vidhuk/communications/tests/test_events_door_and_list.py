"""Events in the back office and at the door: the staff list in pages with a bounded number of
queries, phone numbers stored in one form (E.164, Ukrainian by default) with a plain error for a
wrong one, and the QR check-in open to the front desk (``communications.checkin``) without the
right to edit events."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from vidhuk.accounts.choices import Role
from vidhuk.communications.models import EventRegistration

from .event_factories import NOW, STARTS, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
BASE = "/staff/verbivka/communications/events/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _register(client: Client, event, **data):
    """Open the form at NOW, send it five seconds later (the form's stamp)."""
    page = client.get(f"/verbivka/events/{event.pk}/register/")
    values = dict(
        re.findall(r'name="(submission_key|form_stamp)" value="([^"]*)"', page.content.decode())
    )
    with time_machine.travel(NOW + dt.timedelta(seconds=5), tick=False):
        return client.post(f"/verbivka/events/{event.pk}/register/", {**values, **data})


def test_the_staff_list_comes_in_pages_with_bounded_queries(
    staff_client, centre, django_assert_max_num_queries
):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    for day in range(45):
        event = EventFactory(
            centre=centre, title=f"Захід № {day}", starts_at=STARTS + dt.timedelta(days=day),
            ends_at=STARTS + dt.timedelta(days=day, hours=2),
        )  # fmt: skip
        RegistrationFactory.create_batch(2, event=event)

    with django_assert_max_num_queries(12):
        first = client.get(BASE)
    second = client.get(BASE, {"page": "2"})

    first_html, second_html = first.content.decode(), second.content.decode()
    assert len(re.findall(rf'href="{BASE}\d+/"', first_html)) == 30
    assert "Захід № 44<" in first_html  # the latest first
    assert "Захід № 0<" not in first_html
    assert "Захід № 0<" in second_html
    assert 'href="?page=2"' in first_html


def test_a_phone_is_kept_in_one_form_so_the_same_number_registers_once(centre):
    event = EventFactory(centre=centre)

    first = _register(Client(), event, name="Петро", phone="067 123 45 67")
    again = _register(Client(), event, name="Петро", phone="+38 (067) 123-45-67")

    assert (first.status_code, again.status_code) == (302, 302)
    registration = EventRegistration.objects.get()
    assert registration.phone == "+380671234567"


@pytest.mark.parametrize("phone", ["12345", "067 123", "+380 00 000 00 00"], ids=str)
def test_a_wrong_phone_is_refused_in_plain_ukrainian(centre, phone):
    event = EventFactory(centre=centre)

    response = _register(Client(), event, name="Петро", phone=phone)

    assert response.status_code == 400
    assert "Вкажіть номер телефону, наприклад 067 123 45 67." in response.content.decode()
    assert EventRegistration.objects.count() == 0


def test_the_administrator_checks_in_at_the_door_but_cannot_edit_events(staff_client, centre):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    event = EventFactory(centre=centre, title="Слухання")
    registration = RegistrationFactory(event=event, name="Оксана")

    listing = client.get(BASE).content.decode()
    checked = client.post(f"{BASE}check-in/", {"token": registration.token})
    editing = client.get(f"{BASE}{event.pk}/edit/")

    assert f'href="{BASE}check-in/"' in listing
    assert f'href="{BASE}new/"' not in listing
    assert "Оксана — прибув(ла)" in checked.content.decode()
    assert editing.status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at == NOW


def test_the_analyst_cannot_check_anyone_in(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)
    registration = RegistrationFactory(event=EventFactory(centre=centre))

    listing = client.get(BASE).content.decode()
    response = client.post(f"{BASE}check-in/", {"token": registration.token})

    assert f'href="{BASE}check-in/"' not in listing
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_english_pages_show_the_english_title_and_mark_the_rest_ukrainian(centre):
    translated = EventFactory(
        centre=centre, title="Громадські слухання", title_en="Public hearing",
        description="Про графік роботи", description_en="On opening hours",
    )  # fmt: skip
    untranslated = EventFactory(centre=centre, title="Зустріч зі старостами")

    listing = Client().get("/en/verbivka/events/").content.decode()
    page = Client().get(f"/en/verbivka/events/{translated.pk}/").content.decode()
    ukrainian_page = Client().get(f"/verbivka/events/{translated.pk}/").content.decode()

    assert f'/en/verbivka/events/{translated.pk}/">Public hearing</a>' in listing
    assert f'/en/verbivka/events/{untranslated.pk}/" lang="uk">Зустріч зі старостами</a>' in (
        listing
    )
    assert '<h1 class="govuk-heading-xl">Public hearing</h1>' in page
    assert "On opening hours" in page
    assert '<h1 class="govuk-heading-xl">Громадські слухання</h1>' in ukrainian_page
