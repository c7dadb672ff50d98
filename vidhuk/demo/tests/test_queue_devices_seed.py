"""The demo's queue can be tried at any hour: a demo office open every day, its kiosk and board."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest

from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.demo.queue import seed_queue_devices
from vidhuk.queue.models import QueueDevice, Ticket

pytestmark = pytest.mark.django_db

SUNDAY_NIGHT = dt.datetime(2026, 3, 8, 3, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


def test_the_printed_kiosk_link_sets_up_a_kiosk_that_issues_tickets_on_a_sunday_night(
    centre, client, time_machine, settings
):
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = True
    time_machine.move_to(SUNDAY_NIGHT, tick=False)
    service = ServiceFactory(centre=centre, is_published=True)

    lines = seed_queue_devices(centre)

    link = re.search(r"http://127\.0\.0\.1:8000(/\S+/queue/device/)\?code=(\S+) ", lines[1])
    made = client.post(link.group(1), {"code": link.group(2)})
    assert made["Location"] == f"/{centre.slug}/queue/demo-queue/"
    taken = client.post(
        made["Location"],
        {"purpose": "submit", "service": service.pk, "submission_key": str(uuid.uuid4())},
    )
    assert taken.status_code == 302
    assert Ticket.objects.get().office.name.startswith("Демо-офіс черги")


def test_a_second_run_keeps_a_set_up_kiosk_and_renews_a_pending_code(centre, client):
    first = seed_queue_devices(centre)
    link = re.search(r"(/\S+/queue/device/)\?code=(\S+) ", first[1])
    client.post(link.group(1), {"code": link.group(2)})

    second = seed_queue_devices(centre)

    assert "уже налаштовано" in second[1]
    assert "/queue/device/?code=" in second[2]
    assert QueueDevice.objects.filter(revoked_at__isnull=True).count() == 2
    assert QueueDevice.objects.filter(revoked_at__isnull=False).count() == 1
