"""The queue's figures count booked visitors who never came."""

import datetime as dt

import pytest
from django.core.cache import cache

from vidhuk.queue import services
from vidhuk.queue.choices import Purpose

from .factories import KYIV, NOW, booked

pytestmark = pytest.mark.django_db


def _at(hour, minute=0, day=None):
    return dt.datetime.combine(day or NOW.date(), dt.time(hour, minute), tzinfo=KYIV)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def test_the_figures_show_booked_visitors_who_never_came(staff_client, office, passport, now):
    from vidhuk.accounts.choices import Role
    from vidhuk.appointments.services.checkin import appointments_mark_no_shows

    head, _membership = staff_client(Role.HEAD)
    friday = dt.date(2026, 2, 27)
    booked(office, service=passport, starts_at=_at(9, day=friday), code="ACDEF3")
    booked(office, service=passport, starts_at=_at(10, day=friday), code="KM4TXQ")
    services.ticket_issue(office=office, purpose=Purpose.SUBMIT)
    appointments_mark_no_shows()

    response = head.get(
        "/staff/verbivka/queue/figures/", {"date_from": "2026-02-23", "date_to": "2026-03-02"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        '<dt class="govuk-summary-list__key">Записані, що не прийшли</dt>'
        '<dd class="govuk-summary-list__value">2</dd>'
    ) in page
