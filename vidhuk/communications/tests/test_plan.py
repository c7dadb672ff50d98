"""The communication plan as data (issue 13, point 8): staff pages grouped by theme block with
filters, a measure done when its publication goes out or its event is held, overdue measures on
the back-office home, and the demo seed from the council's 2020 plan."""

import datetime as dt

import pytest
import time_machine

from vidhuk.accounts.choices import Role
from vidhuk.communications.models import MeasureStatus, MediaOutlet, PlanMeasure, PublicationState
from vidhuk.communications.seed import due_date, plan_rows, seed_communications
from vidhuk.communications.services.plan import plan_measures_sync
from vidhuk.communications.services.publications import publication_publish

from .event_factories import EventFactory
from .publication_factories import NOW, PublicationFactory

pytestmark = pytest.mark.django_db
BASE = "/staff/verbivka/communications/plan/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _measure(centre, **fields):
    return PlanMeasure.objects.create(
        centre=centre, **{"block": "Онлайн-комунікація", "description": "Захід", **fields}
    )


def test_the_plan_is_grouped_by_theme_block_and_marks_overdue(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)
    _measure(centre, description="Сторінка ЦНАП на сайті", position=1, target_reach=900)
    _measure(
        centre,
        block="Поширення інформації",
        description="Плакати в транспорті",
        due_on=dt.date(2026, 11, 30),
        position=2,
    )

    html = client.get(BASE).content.decode()

    assert html.index("Онлайн-комунікація") < html.index("Поширення інформації")
    assert html.count("прострочено") == 1
    assert "900 / —" in html


def test_the_overdue_filter_shows_only_overdue_measures(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    _measure(centre, description="Плакати в транспорті", due_on=dt.date(2026, 11, 30))
    _measure(centre, description="Звіт за квартал", due_on=dt.date(2026, 12, 31))

    html = client.get(BASE, {"status": "overdue"}).content.decode()

    assert "Плакати в транспорті" in html
    assert "Звіт за квартал" not in html


def test_the_officer_adds_a_measure(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    form = {
        "block": "Робота з репутацією",
        "description": "Історії успіху відвідувачів",
        "status": "planned",
        "due_on": "31.03.2027",
        "target_reach": "2000",
    }

    response = client.post(BASE + "new/", form)

    measure = PlanMeasure.objects.get()
    assert response.status_code == 302
    assert (measure.centre, measure.due_on, measure.target_reach) == (
        centre,
        dt.date(2027, 3, 31),
        2000,
    )


def test_a_measure_with_bad_reach_is_refused_in_ukrainian(staff_client):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    response = client.post(
        BASE + "new/",
        {"block": "Блок", "description": "", "status": "planned", "target_reach": "багато"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Вкажіть ціле число, наприклад 500." in html
    assert "Заповніть це поле." in html
    assert PlanMeasure.objects.count() == 0


def test_an_analyst_may_read_but_not_edit_the_plan(staff_client, centre):
    client, _membership = staff_client(Role.ANALYST)
    measure = _measure(centre)

    response = client.post(f"{BASE}{measure.pk}/", {"block": "Інше", "description": "Інше"})

    measure.refresh_from_db()
    assert response.status_code == 403
    assert measure.block == "Онлайн-комунікація"


def test_a_measure_is_done_once_its_publication_is_out(centre):
    publication = PublicationFactory(centre=centre, state=PublicationState.REVIEW)
    measure = _measure(centre, publication=publication)
    plan_measures_sync(centre=centre, now=NOW)
    measure.refresh_from_db()
    before = measure.status

    publication_publish(publication=publication, actor=None, now=NOW)
    plan_measures_sync(centre=centre, now=NOW)

    measure.refresh_from_db()
    assert (before, measure.status) == (MeasureStatus.PLANNED, MeasureStatus.DONE)


def test_a_measure_is_done_after_its_event_is_held(centre):
    held = EventFactory(centre=centre, starts_at=NOW - dt.timedelta(days=2),
                        ends_at=NOW - dt.timedelta(days=2, hours=-2))  # fmt: skip
    coming = EventFactory(centre=centre, starts_at=NOW + dt.timedelta(days=2),
                          ends_at=NOW + dt.timedelta(days=2, hours=2))  # fmt: skip
    done = _measure(centre, event=held)
    waiting = _measure(centre, event=coming)

    moved = plan_measures_sync(centre=centre, now=NOW)

    done.refresh_from_db()
    waiting.refresh_from_db()
    assert (moved, done.status, waiting.status) == (1, "done", "planned")


def test_overdue_measures_show_on_the_back_office_home(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    _measure(centre, due_on=dt.date(2026, 11, 30))
    _measure(centre, due_on=dt.date(2026, 11, 30), status=MeasureStatus.DONE)

    html = client.get("/staff/verbivka/").content.decode()

    assert "Прострочених заходів комунікаційного плану" in html
    assert 'href="/staff/verbivka/communications/plan/"' in html


def test_the_demo_seed_is_the_councils_plan_and_runs_once(centre):
    added = seed_communications(centre=centre)
    again = seed_communications(centre=centre)

    blocks = list(dict.fromkeys(PlanMeasure.objects.values_list("block", flat=True)))
    assert (added, again) == (len(plan_rows()), 0)
    assert blocks[:3] == [
        "Бази даних потенційних каналів комунікації",
        "Онлайн-комунікація",
        "Єдиний стиль та уніфікація повідомлень для впізнаваності ЦНАП",
    ]
    assert MediaOutlet.objects.filter(centre=centre).count() == 5


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        ("Травень-липень / у разі змін", dt.date(2026, 7, 31)),
        ("Грудень", dt.date(2026, 12, 31)),
        ("Постійно", None),
    ],
    ids=["range", "month", "ongoing"],
)
def test_a_deadline_of_the_plan_becomes_a_date(deadline, expected):
    assert due_date(deadline, year=2026) == expected
