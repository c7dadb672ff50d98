"""Kiosks and boards as registered devices: registering, the one-time set-up code, the device
cookie, revoking, the last-seen time; and the figures' CSV that stays text in a spreadsheet."""

import csv
import datetime as dt
import io
import re
import uuid

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent
from vidhuk.queue.choices import DeviceKind, Purpose
from vidhuk.queue.devices import queue_device_register
from vidhuk.queue.models import QueueDevice, Ticket

from .factories import NOW, served

pytestmark = pytest.mark.django_db

STAFF = "/staff/verbivka/queue/devices/"
SETUP = "/verbivka/queue/device/"
KIOSK = "/verbivka/queue/main/"


@pytest.fixture
def administrator(staff_client, now):
    client, _membership = staff_client(Role.ADMINISTRATOR)
    return client


def _page(response) -> str:
    return response.content.decode()


def _register(client, office, kind=DeviceKind.KIOSK) -> tuple[QueueDevice, str]:
    response = client.post(
        STAFF + "new/", {"office": office.pk, "kind": kind, "label": "Термінал біля входу"}
    )
    device = QueueDevice.objects.get()
    assert response["Location"] == f"{STAFF}{device.pk}/"
    page = _page(client.get(response["Location"]))
    code = re.search(r'id="vd-queue-setup-code">([A-Z0-9-]+)<', page).group(1)
    return device, code


def test_staff_register_a_kiosk_and_see_its_code_once(administrator, office):
    device, code = _register(administrator, office)

    again = _page(administrator.get(f"{STAFF}{device.pk}/"))
    normalised = code.replace("-", "")
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert code not in again
    assert normalised not in str(QueueDevice.objects.values().get())
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(device.pk)).exists()


def test_the_set_up_link_only_fills_in_the_form_and_the_post_makes_the_kiosk(
    administrator, client, office, window_1
):
    device, code = _register(administrator, office)

    shown = client.get(SETUP, {"code": code})
    made = client.post(SETUP, {"code": code})

    assert f'value="{code}"' in _page(shown)
    assert made.status_code == 302
    assert made["Location"] == KIOSK
    assert made.cookies["vidhuk_queue_device"]["httponly"]
    assert made.cookies["vidhuk_queue_device"]["max-age"] >= 365 * 24 * 3600
    device.refresh_from_db()
    assert (device.activated_at, device.last_seen_at) == (NOW, NOW)
    taken = client.post(KIOSK, {"purpose": Purpose.SUBMIT, "submission_key": str(uuid.uuid4())})
    assert taken.status_code == 302
    assert Ticket.objects.count() == 1


def test_a_set_up_code_works_once(administrator, client, office):
    _device, code = _register(administrator, office)
    client.post(SETUP, {"code": code})

    second = client.post(SETUP, {"code": code})

    assert second.status_code == 400
    assert "Цей код не підходить" in _page(second)


def test_an_expired_set_up_code_is_refused(client, office, time_machine, now):
    _device, code = queue_device_register(office=office, kind="kiosk", label="K", actor=None)
    time_machine.move_to(NOW + dt.timedelta(hours=25), tick=False)

    response = client.post(SETUP, {"code": code})

    assert response.status_code == 400
    assert "vidhuk_queue_device" not in response.cookies


def test_another_centres_code_does_not_set_up_here(client, office, other_centre, now):
    from .factories import open_office

    foreign = open_office(other_centre, slug="main")
    _device, code = queue_device_register(office=foreign, kind="kiosk", label="K", actor=None)

    response = client.post(SETUP, {"code": code})

    assert response.status_code == 400


def test_a_revoked_kiosk_stops_at_once(administrator, client, office, window_1):
    device, code = _register(administrator, office)
    client.post(SETUP, {"code": code})

    response = administrator.post(f"{STAFF}{device.pk}/revoke/")

    assert response["Location"] == STAFF
    device.refresh_from_db()
    assert device.revoked_at == NOW
    refused = client.post(KIOSK, {"purpose": Purpose.SUBMIT, "submission_key": str(uuid.uuid4())})
    assert refused.status_code == 403
    assert Ticket.objects.count() == 0
    assert "відкликано" in _page(administrator.get(STAFF))


def test_the_list_shows_when_a_device_was_last_seen(
    administrator, client, office, window_1, time_machine
):
    device, code = _register(administrator, office)
    client.post(SETUP, {"code": code})
    time_machine.move_to(NOW + dt.timedelta(minutes=5), tick=False)

    client.get(KIOSK)

    device.refresh_from_db()
    assert device.last_seen_at == NOW + dt.timedelta(minutes=5)
    assert "02.03.2026 10:05" in _page(administrator.get(STAFF))


def test_a_board_device_does_not_issue_tickets(administrator, client, office, window_1):
    _device, code = _register(administrator, office, kind=DeviceKind.BOARD)

    made = client.post(SETUP, {"code": code})
    refused = client.post(KIOSK, {"purpose": Purpose.SUBMIT, "submission_key": str(uuid.uuid4())})

    assert made["Location"] == "/verbivka/queue/main/board/"
    assert refused.status_code == 403


@pytest.mark.parametrize("role", [Role.HOTLINE_OPERATOR, Role.ANALYST])
def test_only_who_edits_offices_manages_devices(staff_client, office, now, role):
    client, _membership = staff_client(role)

    listing = client.get(STAFF)
    registering = client.post(STAFF + "new/", {"office": office.pk, "kind": "kiosk", "label": "K"})

    assert (listing.status_code, registering.status_code) == (403, 403)
    assert QueueDevice.objects.count() == 0


def test_the_figures_csv_keeps_a_formula_looking_name_as_text(staff_client, centre, office, now):
    client, _membership = staff_client(Role.HEAD)
    trap = ServiceFactory(centre=centre, name='=HYPERLINK("http://evil.example","x")')
    served(office, issued=NOW - dt.timedelta(hours=1), wait=5, service_minutes=5, service=trap)

    response = client.get(
        "/staff/verbivka/queue/figures/export.csv",
        {"date_from": "2026-03-02", "date_to": "2026-03-02"},
    )

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][4] == "'" + trap.name


def test_the_figures_csv_is_the_one_writers_file_and_a_sum_stays_text(
    staff_client, centre, office, now
):
    # given a service whose name is a sum a spreadsheet would compute
    client, _membership = staff_client(Role.HEAD)
    sum_name = ServiceFactory(centre=centre, name="=1+1")
    served(office, issued=NOW - dt.timedelta(hours=1), wait=5, service_minutes=5, service=sum_name)

    # when the head downloads the figures
    response = client.get(
        "/staff/verbivka/queue/figures/export.csv",
        {"date_from": "2026-03-02", "date_to": "2026-03-02"},
    )

    # then Excel gets UTF-8 with a BOM, semicolons and CRLF, and reads the name back as text
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeffДата;Офіс;Талон;".encode())
    assert b"\r\n" in body
    assert b"\n" not in body.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1][4] == "'=1+1"
    assert response["Content-Disposition"] == 'attachment; filename="queue-20260302-20260302.csv"'
