"""The pages that own an object slot render what a throwaway app registered for it, and nothing
when nobody did — the appeals case page and tracker, and the survey results page."""

import pytest
from django.urls import reverse

from vidhuk.accounts.choices import Role
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tokens import tracker_token_for
from vidhuk.core.objectslots import SlotEntry, register_slot_entry, unregister_slot_entry

SLOTS = ("appeals.case.actions", "appeals.tracker.panels")


@pytest.fixture
def lantern_entries(settings):
    """What `vidhuk/lantern/extensions.py` would register, with its templates in memory."""
    engine = dict(settings.TEMPLATES[0])
    options = dict(engine["OPTIONS"])
    options["loaders"] = [
        (
            "django.template.loaders.locmem.Loader",
            {"lantern/slot.html": "<p>Ліхтар: {{ what }}</p>"},
        ),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    engine.update(APP_DIRS=False, OPTIONS=options)
    settings.TEMPLATES = [engine]
    for slot in SLOTS:
        register_slot_entry(
            SlotEntry(
                slot=slot,
                key="lantern",
                template="lantern/slot.html",
                context=lambda request, appeal, slot=slot: {
                    "what": f"{slot} {appeal.registration_index}"
                },
            )
        )
    yield
    for slot in SLOTS:
        unregister_slot_entry(slot, "lantern")


@pytest.fixture
def appeal(centre):
    return AppealFactory(centre=centre, registration_index="Ш-7/2026")


def _case_page(staff_client, appeal):
    client, _ = staff_client(Role.HEAD)
    return client.get(reverse("appeals_staff:detail", args=[appeal.centre.slug, appeal.pk]))


def _tracker(client, appeal):
    url = reverse("appeals:find", kwargs={"centre_slug": appeal.centre.slug})
    return client.get(url, {"t": tracker_token_for(salt=appeal.tracker_salt)})


def test_the_case_page_shows_what_an_app_registered_for_its_actions(
    lantern_entries, staff_client, appeal
):
    response = _case_page(staff_client, appeal)

    assert response.status_code == 200
    assert "<p>Ліхтар: appeals.case.actions Ш-7/2026</p>" in response.content.decode()


def test_the_tracker_shows_what_an_app_registered_for_its_panels(lantern_entries, client, appeal):
    response = _tracker(client, appeal)

    assert response.status_code == 200
    assert "<p>Ліхтар: appeals.tracker.panels Ш-7/2026</p>" in response.content.decode()


def test_without_entries_the_pages_show_no_trace_of_the_slot(staff_client, client, appeal):
    case_page = _case_page(staff_client, appeal).content.decode()
    tracker = _tracker(client, appeal).content.decode()

    assert "Ліхтар" not in case_page
    assert "Ліхтар" not in tracker
