"""A centre marks a local day off or a transferred working day: the open cases' deadlines move."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.appeals.choices import Kind, Status
from vidhuk.appeals.deadlines import appeal_deadline, end_of_day, info_request_deadline
from vidhuk.appeals.models import Appeal
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent

frozen = factories.frozen
KYIV = ZoneInfo("Europe/Kyiv")
RECEIVED = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)  # Monday


@pytest.fixture(autouse=True)
def _martial_law(settings):
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = True


def _case(centre, **fields):
    kind = fields.pop("kind", Kind.INFO_REQUEST)
    if kind == Kind.INFO_REQUEST:
        due = info_request_deadline(received_at=RECEIVED, is_urgent=False, centre=centre)
    else:
        due = end_of_day(appeal_deadline(received_at=RECEIVED, needs_study=False, centre=centre))
    return AppealFactory(
        centre=centre, kind=kind, received_at=RECEIVED, due_at=due, initial_due_at=due, **fields
    )


def _day_off(staff_client, day: str):
    client, _membership = staff_client(Role.HEAD)
    response = client.post(
        "/staff/verbivka/calendar/",
        {"add": "1", "date": day, "is_working_day": "0", "note": "Місцевий вихідний"},
    )
    assert response.status_code == 302
    return client


def test_a_local_day_off_moves_an_information_request_by_one_working_day(
    centre, staff_client, frozen
):
    request = _case(centre)
    assert request.due_at.astimezone(KYIV).date() == dt.date(2026, 3, 9)  # Tue–Fri, Mon

    _day_off(staff_client, "2026-03-04")  # Wednesday

    request.refresh_from_db()
    assert request.due_at.astimezone(KYIV).date() == dt.date(2026, 3, 10)
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(request.pk), changes__reason="calendar"
    ).exists()


def test_an_appeal_ending_on_the_new_day_off_moves_to_the_next_working_day(
    centre, staff_client, frozen, settings
):
    settings.VIDHUK_APPEAL_DAY_OFF_SHIFT = "next"
    appeal = _case(centre, kind=Kind.COMPLAINT)
    assert appeal.due_at.astimezone(KYIV).date() == dt.date(2026, 3, 17)  # 15 days, Tuesday

    _day_off(staff_client, "2026-03-17")

    appeal.refresh_from_db()
    assert appeal.due_at.astimezone(KYIV).date() == dt.date(2026, 3, 18)


def test_extended_closed_and_unaffected_cases_keep_their_deadlines(centre, staff_client, frozen):
    extended = _case(centre, extended_at=RECEIVED + dt.timedelta(days=1))
    closed = _case(centre, status=Status.CLOSED)
    later = AppealFactory(
        centre=centre,
        kind=Kind.INFO_REQUEST,
        received_at=RECEIVED + dt.timedelta(days=3),
    )
    before = {a.pk: a.due_at for a in Appeal.objects.all()}

    _day_off(staff_client, "2026-03-04")

    after = {a.pk: a.due_at for a in Appeal.objects.all()}
    assert after == before
    assert {extended.pk, closed.pk, later.pk} == set(after)
