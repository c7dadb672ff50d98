import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.appeals.deadlines import info_request_deadline
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.choices import AuditAction, OfficeKind
from vidhuk.core.models import AuditEvent, CalendarDay, OfficeClosure, OpeningHours
from vidhuk.core.services import audit_record
from vidhuk.core.tests.factories import OfficeFactory, OpeningHoursFactory


def test_signed_out_visitor_is_sent_to_sign_in(client, centre):
    response = client.get("/staff/verbivka/")

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=")


def test_home_shows_the_centres_key_figures(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)
    ServiceFactory.create_batch(3, centre=centre)
    ServiceFactory(centre=centre, is_published=False)

    response = client.get("/staff/verbivka/")

    figures = {str(f["label"]): f["value"] for f in response.context["figures"]}
    assert figures["Послуг опубліковано"] == 3
    assert figures["Працівників з доступом"] == 1


def test_member_of_one_centre_goes_straight_to_it(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)

    response = client.get("/staff/")

    assert response["Location"] == "/staff/verbivka/"


def test_member_of_two_centres_chooses(staff_client, centre, other_centre):
    client, membership = staff_client(Role.ANALYST)
    from vidhuk.accounts.tests.factories import MembershipFactory

    MembershipFactory(user=membership.user, centre=other_centre, role=Role.HEAD)

    response = client.get("/staff/")

    assert response.status_code == 200
    assert [m.centre for m in response.context["memberships"]] == [centre, other_centre]


@pytest.fixture
def office(centre):
    office = OfficeFactory(centre=centre, kind=OfficeKind.MAIN)
    OpeningHoursFactory(office=office, weekday=0)
    return office


def test_hours_are_replaced_as_a_whole_with_a_break(staff_client, office):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.post(
        f"/staff/verbivka/offices/{office.pk}/hours/",
        {
            "d1_1_opens": "08:00",
            "d1_1_closes": "12:00",
            "d1_2_opens": "12:45",
            "d1_2_closes": "17:00",
        },
    )

    assert response.status_code == 302
    assert list(
        OpeningHours.objects.filter(office=office).values_list("weekday", "opens", "closes")
    ) == [
        (1, dt.time(8), dt.time(12)),
        (1, dt.time(12, 45), dt.time(17)),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({"d0_1_opens": "08:00"}, "Вкажіть і початок, і кінець роботи.", id="half"),
        pytest.param(
            {"d0_1_opens": "17:00", "d0_1_closes": "08:00"},
            "Кінець роботи має бути пізніше за початок.",
            id="reversed",
        ),
        pytest.param(
            {
                "d0_1_opens": "08:00",
                "d0_1_closes": "13:00",
                "d0_2_opens": "12:00",
                "d0_2_closes": "17:00",
            },
            "Друга частина дня має починатися після першої.",
            id="overlap",
        ),
        pytest.param({"d0_1_opens": "25:00", "d0_1_closes": "17:00"}, "Введіть", id="not-a-time"),
    ],
)
def test_bad_hours_are_explained_and_nothing_changes(staff_client, office, data, message):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.post(f"/staff/verbivka/offices/{office.pk}/hours/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(OpeningHours.objects.filter(office=office).values_list("weekday", flat=True)) == [0]


def test_a_special_day_is_added_and_removed(staff_client, office):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    url = f"/staff/verbivka/offices/{office.pk}/special-days/"

    client.post(url, {"add": "1", "date": "2026-12-31", "is_closed": "on", "note": "Святковий"})
    closure = OfficeClosure.objects.get(office=office)
    client.post(url, {"delete": closure.pk})

    assert (closure.date, closure.is_closed, closure.note) == (
        dt.date(2026, 12, 31),
        True,
        "Святковий",
    )
    assert OfficeClosure.objects.filter(office=office).count() == 0


@pytest.mark.parametrize("value", ["abc", "", "1 OR 1=1", "999999", "²"], ids=str)
def test_removing_an_unknown_special_day_is_not_found_and_keeps_the_rest(
    staff_client, office, value
):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    url = f"/staff/verbivka/offices/{office.pk}/special-days/"
    client.post(url, {"add": "1", "date": "2026-12-31", "is_closed": "on", "note": "Святковий"})

    response = client.post(url, {"delete": value})

    assert response.status_code == 404
    assert OfficeClosure.objects.filter(office=office).count() == 1


def test_a_second_main_office_is_refused_with_a_message(staff_client, office):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.post(
        "/staff/verbivka/offices/new/",
        {
            "name": "Ще один",
            "slug": "second",
            "kind": "main",
            "address": "вул. Нова, 1",
            "position": 1,
        },
    )

    assert response.status_code == 200
    assert "У центру може бути лише один головний офіс." in response.content.decode()


def test_head_reads_and_filters_the_audit_log(staff_client, centre, other_centre):
    client, membership = staff_client(Role.HEAD)
    audit_record(actor=membership.user, centre=centre, action=AuditAction.UPDATE, obj=centre)
    audit_record(actor=None, centre=centre, action=AuditAction.VIEW, obj=centre)
    audit_record(actor=None, centre=other_centre, action=AuditAction.UPDATE, obj=other_centre)

    response = client.get("/staff/verbivka/audit/?action=update")

    events = list(response.context["page"].object_list)
    assert [(e.centre, e.action) for e in events] == [(centre, "update")]


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.ANALYST, Role.HOTLINE_OPERATOR])
def test_only_the_head_reads_the_audit_log(staff_client, role):
    client, _membership = staff_client(role)

    assert client.get("/staff/verbivka/audit/").status_code == 403


def test_head_edits_the_centre_profile_and_it_is_audited(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)

    client.post(
        "/staff/verbivka/centre/",
        {
            "name": centre.name,
            "hromada": centre.hromada,
            "oblast": centre.oblast,
            "edrpou": "87654321",
            "address": centre.address,
            "phones": centre.phones,
            "email": centre.email,
        },
    )

    centre.refresh_from_db()
    assert centre.edrpou == "87654321"
    assert AuditEvent.objects.get(action="update").changes["edrpou"] == ["12345678", "87654321"]


def test_bad_edrpou_is_explained(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(
        "/staff/verbivka/centre/",
        {
            "name": centre.name,
            "hromada": centre.hromada,
            "oblast": centre.oblast,
            "edrpou": "12",
            "address": centre.address,
        },
    )

    assert "Код ЄДРПОУ складається рівно з 8 цифр." in response.content.decode()


def test_audit_log_names_changed_fields_as_staff_know_them(staff_client, centre):
    client, membership = staff_client(Role.HEAD)
    audit_record(
        actor=membership.user,
        centre=centre,
        action=AuditAction.UPDATE,
        obj=centre,
        changes={"phones": ["0532 000000", "0532 111111"]},
    )

    page = client.get("/staff/verbivka/audit/").content.decode()

    assert "<strong>Телефони</strong>: 0532 000000 → 0532 111111" in page


def test_audit_log_shows_changes_of_related_rows_under_their_key(staff_client, centre, office):
    client, membership = staff_client(Role.HEAD)
    audit_record(
        actor=membership.user,
        centre=centre,
        action=AuditAction.UPDATE,
        obj=office,
        changes={"hours": ["Пн 08:00–17:00", "Пн 08:00–20:00"]},
    )

    response = client.get("/staff/verbivka/audit/")

    assert response.status_code == 200
    assert "<strong>Hours</strong>: Пн 08:00–17:00 → Пн 08:00–20:00" in response.content.decode()


# --- the centre's calendar of working days -------------------------------------------------------


def test_a_working_saturday_shortens_an_information_request_deadline(
    staff_client, centre, time_machine
):
    # given a request received on Monday 30.11.2026: 5 working days end on Monday 07.12
    # (the calendar page lists the days of the last year onwards: the clock stays at that day)
    time_machine.move_to(
        dt.datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Europe/Kyiv")), tick=False
    )
    client, _membership = staff_client(Role.ADMINISTRATOR)
    received = dt.datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
    before = info_request_deadline(received_at=received, is_urgent=False, centre=centre)

    # when the centre marks Saturday 05.12 as a working day
    response = client.post(
        "/staff/verbivka/calendar/",
        {"add": "1", "date": "2026-12-05", "is_working_day": "1", "note": "Перенесення"},
        follow=True,
    )

    # then the page lists it and the deadline ends on that Saturday instead
    after = info_request_deadline(received_at=received, is_urgent=False, centre=centre)
    assert "05.12.2026" in response.content.decode()
    assert (before.date(), after.date()) == (dt.date(2026, 12, 7), dt.date(2026, 12, 5))
    assert AuditEvent.objects.filter(centre=centre, changes__has_key="calendar_day").count() == 1


def test_a_calendar_day_is_removed_and_foreign_or_garbled_ones_are_not_found(
    staff_client, centre, other_centre
):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    mine = CalendarDay.objects.create(
        centre=centre, date=dt.date(2026, 12, 28), is_working_day=False
    )
    theirs = CalendarDay.objects.create(
        centre=other_centre, date=dt.date(2026, 12, 28), is_working_day=False
    )

    statuses = [
        client.post("/staff/verbivka/calendar/", {"delete": value}).status_code
        for value in (str(theirs.pk), "abc", "²", str(mine.pk))
    ]

    assert statuses == [404, 404, 404, 302]
    assert list(CalendarDay.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_calendar_form_says_what_is_missing(staff_client):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.post("/staff/verbivka/calendar/", {"add": "1", "date": "31.02.2026"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Вкажіть дату, наприклад 2026-12-31." in page
    assert "Виберіть, робочий це день чи ні." in page
    assert CalendarDay.objects.count() == 0
