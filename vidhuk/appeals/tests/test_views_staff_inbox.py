"""The appeals back office through its views: the inbox and its filters (dates out of range
too), bulk assignment, the CSV export and the figures on the back-office home."""

import csv
import datetime as dt
import io

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.choices import (
    Channel,
    Topic,
)
from vidhuk.appeals.models import Appeal
from vidhuk.appeals.tests import factories, staff_pages
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tests.staff_pages import BASE, NOW, _appeal, _page
from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory

frozen = factories.frozen
main_office = staff_pages.main_office
operator = staff_pages.operator
inbox = staff_pages.inbox


# --- the inbox ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param(lambda d: {"channel": "hotline"}, ["hotline"], id="channel"),
        pytest.param(lambda d: {"kind": "thanks"}, ["thanks"], id="kind"),
        pytest.param(lambda d: {"kind": "group:feedback"}, ["thanks"], id="kind-group"),
        pytest.param(lambda d: {"status": "answered"}, ["answered"], id="status"),
        pytest.param(lambda d: {"executor": d["executor"].pk}, ["assigned"], id="executor"),
        pytest.param(lambda d: {"office": d["remote"].pk}, ["assigned"], id="office"),
        pytest.param(lambda d: {"service": d["service"].pk}, ["assigned"], id="service"),
        pytest.param(lambda d: {"topic": "transport"}, ["overdue"], id="topic"),
        pytest.param(lambda d: {"deadline": "overdue"}, ["overdue"], id="overdue"),
        pytest.param(lambda d: {"deadline": "due_soon"}, ["due_soon"], id="due-soon"),
        pytest.param(lambda d: {"q": "Бойко"}, ["due_soon"], id="search"),
        pytest.param(lambda d: {"received_to": "2026-02-01"}, ["answered"], id="received-to"),
        pytest.param(
            lambda d: {"received_from": "2026-03-01", "channel": "hotline"},
            ["hotline"],
            id="received-from",
        ),
    ],
)
def test_each_inbox_filter_narrows_the_list(staff_client, inbox, params, expected):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.get(BASE, params(inbox))

    assert response.status_code == 200
    assert {a.pk for a, _state in response.context["rows"]} == {inbox[k].pk for k in expected}


@pytest.mark.parametrize(
    ("role", "found"),
    [
        pytest.param(Role.HEAD, {"due_soon", "assigned"}, id="head-searches-every-case"),
        pytest.param(Role.COMMUNICATIONS, {"due_soon", "assigned"}, id="assigner-every-case"),
        pytest.param(Role.ADMINISTRATOR, {"due_soon"}, id="executor-own-and-unassigned"),
        pytest.param(Role.HOTLINE_OPERATOR, set(), id="operator-index-only"),
    ],
)
def test_a_name_typed_into_the_search_finds_only_cases_whose_applicant_the_member_may_see(
    staff_client, inbox, role, found
):
    inbox["assigned"].full_name = "Бойко Петро"
    inbox["assigned"].save()
    client, _membership = staff_client(role)

    by_name = client.get(BASE, {"q": "Бойко"})
    by_index = client.get(BASE, {"q": inbox["assigned"].registration_index})

    assert {a.pk for a, _state in by_name.context["rows"]} == {inbox[k].pk for k in found}
    assert [a.pk for a, _state in by_index.context["rows"]] == [inbox["assigned"].pk]


def test_the_inbox_shows_deadlines_and_benefit_holders(staff_client, inbox, centre):
    _appeal(centre, is_benefit_holder=True, registration_index="П-99/2026")
    client, _membership = staff_client(Role.ADMINISTRATOR)

    page = _page(client.get(BASE))

    assert "Прострочено" in page
    assert "Спливає строк" in page
    assert "Пільговик" in page


def test_the_due_order_puts_benefit_holders_first(staff_client, inbox, centre):
    holder = _appeal(centre, is_benefit_holder=True, due_at=NOW + dt.timedelta(days=14))
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.get(BASE, {"order": "due"})

    assert response.context["rows"][0][0] == holder


def test_a_filter_with_an_unknown_value_is_explained_and_filters_nothing(staff_client, inbox):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.get(BASE, {"channel": "pigeon"})

    assert "Виберіть значення зі списку." in _page(response)
    assert len(response.context["rows"]) == 7


def test_the_inbox_never_lists_another_centres_cases(staff_client, inbox, other_centre):
    AppealFactory(centre=other_centre)
    client, _membership = staff_client(Role.HEAD)

    response = client.get(BASE)

    assert {a.centre_id for a, _state in response.context["rows"]} == {inbox["plain"].centre_id}


def test_the_inbox_needs_a_bounded_number_of_queries(
    staff_client, frozen, centre, django_assert_max_num_queries
):
    client, _membership = staff_client(Role.HEAD)
    offices = [OfficeFactory(centre=centre) for _ in range(3)]
    services = [ServiceFactory(centre=centre, category=CategoryFactory(centre=centre))]
    executors = [MembershipFactory(centre=centre).user for _ in range(3)]
    for number in range(60):
        _appeal(
            centre,
            office=offices[number % 3],
            service=services[0],
            executor=executors[number % 3],
            topic=Topic.HOUSING,
        )

    # The first visit saves the filters in the member's session; the page is measured on the next.
    client.get(BASE, {"order": "due"})
    # Session, user, second factor, membership; count and page; the executor list (filter and
    # bulk assign), offices, services; which of the page's cases have undelivered mail (one
    # query for the whole page). None of them grows with the rows.
    with django_assert_max_num_queries(11):
        response = client.get(BASE, {"order": "due"})

    assert len(response.context["rows"]) == 50


@pytest.mark.parametrize("query", ["received_to=9999-12-31", "received_from=0001-01-01"], ids=str)
def test_inbox_and_export_survive_dates_out_of_range(operator, centre, query):
    _appeal(centre)

    inbox = operator.get(f"/staff/verbivka/appeals/?{query}")
    export = operator.get(f"/staff/verbivka/appeals/export.csv?{query}")

    assert (inbox.status_code, export.status_code) == (200, 200)


# --- bulk assign ----------------------------------------------------------------------------------


def test_head_assigns_ticked_cases_in_one_go(staff_client, inbox):
    client, _membership = staff_client(Role.HEAD)
    ticked = [inbox["plain"].pk, inbox["hotline"].pk]

    response = client.post(
        f"{BASE}assign/",
        {
            "assign-appeals": ticked,
            "assign-executor": inbox["executor"].pk,
            "assign-return_query": "channel=hotline",
        },
    )

    assert response["Location"] == f"{BASE}?channel=hotline"
    assert set(Appeal.objects.filter(executor=inbox["executor"]).values_list("pk", flat=True)) == {
        *ticked,
        inbox["assigned"].pk,
    }


def test_bulk_assign_with_a_closed_case_assigns_none(staff_client, inbox):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(
        f"{BASE}assign/",
        {
            "assign-appeals": [inbox["plain"].pk, inbox["answered"].pk],
            "assign-executor": inbox["executor"].pk,
        },
    )

    assert response.status_code == 200
    assert "Деякі звернення не знайдено серед відкритих звернень центру." in _page(response)
    assert Appeal.objects.filter(executor=inbox["executor"]).count() == 1


def test_bulk_assign_without_ticks_asks_for_them(staff_client, inbox):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(f"{BASE}assign/", {"assign-executor": inbox["executor"].pk})

    assert "Позначте хоча б одне звернення." in _page(response)


def test_administrator_may_not_bulk_assign(staff_client, inbox):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.post(
        f"{BASE}assign/",
        {"assign-appeals": [inbox["plain"].pk], "assign-executor": inbox["executor"].pk},
    )

    assert response.status_code == 403
    assert Appeal.objects.filter(executor=inbox["executor"]).count() == 1


# --- CSV export -----------------------------------------------------------------------------------


def _read_csv(response) -> tuple[str, list[list[str]]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return body, list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def test_csv_export_streams_every_filtered_row_with_a_bom_and_is_audited(
    staff_client, frozen, centre
):
    for _number in range(75):
        _appeal(centre, channel=Channel.HOTLINE)
    _appeal(centre, channel=Channel.WEB)
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.get(f"{BASE}export.csv", {"channel": "hotline"})

    body, rows = _read_csv(response)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith("\ufeffРеєстраційний індекс;")
    assert len(rows) == 1 + 75
    assert {row[3] for row in rows[1:]} == {"Гаряча лінія"}
    assert "ПІБ" not in rows[0]
    export = AuditEvent.objects.get(centre=centre, action=AuditAction.EXPORT)
    assert export.changes == {"filters": {"channel": "hotline"}, "include_personal_data": False}


def test_personal_columns_only_for_who_manages_personal_data(staff_client, frozen, centre):
    _appeal(centre)
    administrator, _m = staff_client(Role.ADMINISTRATOR)
    head, _m = staff_client(Role.HEAD)

    _body, plain = _read_csv(
        administrator.get(f"{BASE}export.csv", {"include_personal_data": "on"})
    )
    _body, full = _read_csv(head.get(f"{BASE}export.csv", {"include_personal_data": "on"}))

    assert not {"ПІБ", "Стать", "Вікова група", "Категорія заявника"} & set(plain[0])
    assert full[0][-8:] == [
        "Категорія заявника",
        "Соціальний стан",
        "Стать",
        "Вікова група",
        "ПІБ",
        "Місце проживання",
        "Електронна пошта",
        "Телефон",
    ]
    assert full[1][-4] == "Шевченко Марія Петрівна"


# --- back-office home -----------------------------------------------------------------------------


def test_back_office_home_shows_the_appeals_figures_and_links(staff_client, inbox):
    client, _membership = staff_client(Role.HEAD)

    page = _page(client.get("/staff/verbivka/"))

    assert "Нових звернень" in page
    assert "Прострочених звернень" in page
    assert f'href="{BASE}"' in page
    assert f'href="{BASE}hotline/new/"' in page
