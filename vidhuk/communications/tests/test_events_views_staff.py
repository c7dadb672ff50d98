"""Events in the back office: making, editing and cancelling an event, a document through the
upload check, registrants visible only with the capability, the door's check-in, and a held
hearing's minutes turned into a finding of the decisions register."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from vidhuk.accounts.choices import Role
from vidhuk.communications.models import Event, EventKind
from vidhuk.decisions.models import Evidence, Finding

from .event_factories import NOW, STARTS, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
BASE = "/staff/verbivka/communications/events/"
FORM = {
    "kind": EventKind.HEARING,
    "title": "Громадські слухання щодо нового офісу",
    "starts_at": "2027-03-15T18:00",
    "ends_at": "2027-03-15T20:00",
    "place": "Актова зала",
    "capacity": "40",
    "registration_open": "on",
}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_communications_officer_creates_an_event(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    response = client.post(BASE + "new/", FORM)

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{event.pk}/"
    assert (event.centre, event.capacity, event.kind) == (centre, 40, "hearing")
    assert event.starts_at == dt.datetime(2027, 3, 15, 16, 0, tzinfo=dt.UTC)


def test_an_event_without_place_or_link_is_refused(staff_client):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    response = client.post(BASE + "new/", {**FORM, "place": "", "ends_at": "2027-03-15T17:00"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Завершення не може бути раніше початку." in html
    assert Event.objects.count() == 0


def test_editing_the_place_raises_the_calendar_sequence(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    event = EventFactory(centre=centre)

    response = client.post(f"{BASE}{event.pk}/edit/", {**FORM, "place": "Інша зала"})

    event.refresh_from_db()
    assert response.status_code == 302
    assert (event.place, event.sequence) == ("Інша зала", 1)


def test_cancelling_needs_a_post_and_closes_registration(staff_client, centre):
    client, _membership = staff_client(Role.HEAD)
    event = EventFactory(centre=centre)

    asked = client.get(f"{BASE}{event.pk}/cancel/")
    event.refresh_from_db()
    assert asked.status_code == 200
    assert event.state == "scheduled"

    client.post(f"{BASE}{event.pk}/cancel/")

    event.refresh_from_db()
    assert (event.state, event.registration_open) == ("cancelled", False)


def test_a_document_passes_the_upload_check(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    event = EventFactory(centre=centre)
    pdf = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    fake = SimpleUploadedFile("agenda.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    refused = client.post(f"{BASE}{event.pk}/documents/", {"title": "Порядок", "file": fake})
    added = client.post(f"{BASE}{event.pk}/documents/", {"title": "Порядок денний", "file": pdf})

    assert refused.status_code == 400
    assert added.status_code == 302
    document = event.documents.get()
    assert document.title == "Порядок денний"
    public = client.get(f"/verbivka/events/{event.pk}/documents/{document.pk}/")
    assert public["Content-Type"] == "application/pdf"
    assert b"".join(public.streaming_content).startswith(b"%PDF-")


def test_registrants_and_speakers_are_shown_to_the_communications_officer(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    event = EventFactory(centre=centre)
    RegistrationFactory(event=event, name="Оксана", wants_to_speak=True, speech_topic="Черги")
    RegistrationFactory(event=event, name="Петро", accessibility_needs="Сурдоперекладач")

    response = client.get(f"{BASE}{event.pk}/registrations/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Оксана — Черги" in html
    assert "Сурдоперекладач" in html
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMINISTRATOR], ids=["analyst", "admin"])
def test_registrants_are_hidden_from_staff_without_the_capability(staff_client, centre, role):
    client, _membership = staff_client(role)
    event = EventFactory(centre=centre)
    RegistrationFactory(event=event, name="Оксана")

    listing = client.get(BASE)
    response = client.get(f"{BASE}{event.pk}/registrations/")

    assert listing.status_code == 200
    assert response.status_code == 403
    assert "Оксана" not in response.content.decode()


def test_the_door_checks_in_a_scanned_code(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    registration = RegistrationFactory(
        event=EventFactory(centre=centre), name="Оксана", accessibility_needs="Пандус"
    )

    opened = client.get(f"{BASE}check-in/?t={registration.token}")
    response = client.post(f"{BASE}check-in/", {"token": registration.token})

    assert registration.token in opened.content.decode()
    html = response.content.decode()
    assert "Оксана — прибув(ла)" in html
    assert "Потреби доступності: Пандус" in html
    registration.refresh_from_db()
    assert registration.checked_in_at == NOW


def test_an_unknown_code_at_the_door_is_said_plainly(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)

    response = client.post(f"{BASE}check-in/", {"token": "no-such-code"})

    assert response.status_code == 400
    assert "Реєстрацію з таким кодом не знайдено." in response.content.decode()


def _held_hearing(centre):
    return EventFactory(
        centre=centre,
        kind=EventKind.HEARING,
        starts_at=NOW - dt.timedelta(days=2),
        ends_at=NOW - dt.timedelta(days=2) + dt.timedelta(hours=2),
        minutes="Мешканці просять працювати в суботу.\n\nНемає пандуса біля входу.\n\nДякуємо.",
    )


def test_remarks_of_held_hearing_minutes_become_a_finding_with_evidence(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    event = _held_hearing(centre)
    page = client.get(f"{BASE}{event.pk}/finding/")
    assert "Немає пандуса біля входу." in page.content.decode()
    data = {"remarks": ["1", "2"], "title": "Графік і доступність", "summary": "Субота, пандус",
            "submission_key": "5f0c8e9e-3b7a-4f1e-9d7a-2a1c0b9e8f11"}  # fmt: skip

    response = client.post(f"{BASE}{event.pk}/finding/", data)
    again = client.post(f"{BASE}{event.pk}/finding/", data)

    finding = Finding.objects.get()
    assert response.status_code == again.status_code == 302
    assert response["Location"] == f"/staff/verbivka/decisions/findings/{finding.pk}/"
    assert (finding.centre, finding.title) == (centre, "Графік і доступність")
    evidence = Evidence.objects.filter(finding=finding).order_by("object_id")
    assert list(evidence.values_list("source", "object_id")) == [
        ("hearing_remark", f"{event.pk}:1"),
        ("hearing_remark", f"{event.pk}:2"),
    ]
    assert evidence[0].occurred_on == dt.date(2027, 2, 27)
    assert "зауваження 1" in evidence[0].label
    shown = client.get(f"/staff/verbivka/decisions/findings/{finding.pk}/").content.decode()
    assert f"Громадські слухання «{event.title}», 27.02.2027: зауваження 2" in shown


def test_a_coming_hearing_gives_no_finding(staff_client, centre):
    client, _membership = staff_client(Role.COMMUNICATIONS)
    event = EventFactory(centre=centre, kind=EventKind.HEARING, minutes="Зауваження")

    response = client.post(
        f"{BASE}{event.pk}/finding/", {"remarks": ["1"], "title": "x", "summary": "y"}
    )

    assert response.status_code == 400
    assert Finding.objects.count() == 0
    assert STARTS > NOW
