"""Upgrading moves windows (desks) from appointments to core without touching a row: a desk
made before the upgrade keeps its office, its services, its booked visits, its booking week and
the queue's tickets called to it, and the upgrade runs no SQL at all."""

import datetime as dt
import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from vidhuk.core.auditwords import ChangeRow, readable_changes

KYIV = ZoneInfo("Europe/Kyiv")
BEFORE = [
    ("core", "0006_office_map_and_directions"),
    ("catalog", "0001_initial"),
    ("appointments", "0004_sentmail_to_core_ledger"),
    ("queue", "0003_queue_device"),
]
MOVE = [
    ("core", "0007_window"),
    ("queue", "0004_ticket_window_in_core"),
    ("appointments", "0005_window_to_core"),
    ("catalog", "0002_service_windows"),
]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _desk_before_the_upgrade(apps) -> dict[str, int]:  # type: ignore[no-untyped-def]
    centre = apps.get_model("core", "Centre").objects.create(
        slug="verbivka",
        name="ЦНАП Вербівки",
        hromada="Вербівська",
        oblast="UA32",
        address="вул. Миру, 1",
    )
    office = apps.get_model("core", "Office").objects.create(
        centre=centre, slug="main", name="Головний офіс", kind="main", address="вул. Миру, 1"
    )
    service = apps.get_model("catalog", "Service").objects.create(
        centre=centre,
        code="01",
        slug="passport",
        name="Паспорт громадянина України",
        provider_name="ДМС",
        legal_basis="Закон",
        documents="Заява",
        max_term_days=20,
        result="Паспорт",
        delivery_methods="Особисто",
        appeal_procedure="До суду",
    )
    window = apps.get_model("appointments", "Window").objects.create(
        centre=centre, office=office, number="3", label="Паспорти", is_active=True
    )
    window.services.set([service])
    starts = dt.datetime(2026, 3, 2, 10, 0, tzinfo=KYIV)
    appointment = apps.get_model("appointments", "Appointment").objects.create(
        centre=centre,
        office=office,
        service=service,
        window=window,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=15),
        code="AB12CD34",
    )
    apps.get_model("appointments", "WorkingInterval").objects.create(
        centre=centre, office=office, window=window, weekday=0, starts=dt.time(9), ends=dt.time(13)
    )
    ticket = apps.get_model("queue", "Ticket").objects.create(
        centre=centre,
        office=office,
        service=service,
        appointment=appointment,
        day=starts.date(),
        letter="П",
        number=1,
        purpose="submit",
        status="called",
        turn_at=starts,
        issued_at=starts,
        window=window,
        assigned_window=window,
    )
    content_type = apps.get_model("contenttypes", "ContentType").objects.get(
        app_label="appointments", model="window"
    )
    return {
        "window": window.pk,
        "service": service.pk,
        "appointment": appointment.pk,
        "ticket": ticket.pk,
        "content_type": content_type.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_a_desk_made_before_the_upgrade_is_cores_with_everything_that_hangs_on_it():
    executor = _executor()
    executor.migrate(BEFORE)
    made = _desk_before_the_upgrade(executor.loader.project_state(BEFORE).apps)

    executor = _executor()
    executor.migrate(MOVE)
    apps = executor.loader.project_state(MOVE).apps

    window = apps.get_model("core", "Window").objects.select_related("office").get()
    assert (window.pk, window.number, window.label, window.office.name) == (
        made["window"],
        "3",
        "Паспорти",
        "Головний офіс",
    )
    assert list(window.services.values_list("pk", flat=True)) == [made["service"]]
    service = apps.get_model("catalog", "Service").objects.get()
    assert list(service.windows.values_list("pk", flat=True)) == [made["window"]]
    appointment = apps.get_model("appointments", "Appointment").objects.get()
    assert (appointment.pk, appointment.window.number) == (made["appointment"], "3")
    interval = apps.get_model("appointments", "WorkingInterval").objects.get()
    assert interval.window.pk == made["window"]
    ticket = apps.get_model("queue", "Ticket").objects.get()
    assert (ticket.pk, ticket.window.number, ticket.assigned_window.number) == (
        made["ticket"],
        "3",
        "3",
    )
    content_type = apps.get_model("contenttypes", "ContentType").objects.get(model="window")
    assert (content_type.pk, content_type.app_label) == (made["content_type"], "core")

    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "name"), MOVE, ids=[app for app, _name in MOVE])
def test_the_upgrade_runs_no_sql_on_the_database(app, name):
    """What `manage.py sqlmigrate` prints for each step of the move: comments only (the
    content type's rename is a Python step, which sqlmigrate notes in a comment too)."""
    out = io.StringIO()

    call_command("sqlmigrate", app, name, stdout=out)

    statements = [
        line for line in out.getvalue().splitlines() if line and not line.startswith("--")
    ]
    assert statements == ["BEGIN;", "COMMIT;"]  # an empty transaction


def test_a_window_change_audited_before_the_upgrade_still_reads_in_words():
    recorded = SimpleNamespace(
        object_type="appointments.window", changes={"is_active": [True, False]}
    )

    assert readable_changes(recorded) == [ChangeRow("працює", "так", "ні", True)]
