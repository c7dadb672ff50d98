"""The dashboard's cache forgets a quarter as soon as its figures change: a provision recorded,
corrected or imported, or the quarter's report published, shows on the next view (before, the
cached page kept the old figures for up to an hour)."""

import datetime as dt

import pytest
from django.urls import reverse

from vidhuk.analytics.services.provisions import ProvisionIntake, provision_record
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.surveys.tests.factories import standard  # noqa: F401 — a fixture

from .test_dashboard import _figures
from .test_dashboard import seeded as seeded  # noqa: F401 — the dashboard's fixture

pytestmark = pytest.mark.django_db
LABEL = "Надані адміністративні послуги"


def _provided(client, centre):
    page = client.get(reverse("analytics_dashboard:dashboard", args=[centre.slug]))
    return _figures(page.content.decode())[LABEL]


def test_a_newly_recorded_provision_shows_on_the_next_dashboard_view(
    client, centre, seeded, django_capture_on_commit_callbacks
):
    before = _provided(client, centre)  # now cached
    service = ServiceFactory(centre=centre)
    intake = ProvisionIntake(provided_on=dt.date(2026, 8, 3), office=None, service=service)

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):  # five: a public figure about fewer people is withheld
            provision_record(centre=centre, intake=intake, actor=None)

    after = _provided(client, centre)
    assert _count(after[0]) == _count(before[0]) + 5
    assert after[1:] == before[1:]


def _count(text):
    return 0 if text == "—" else int(text.replace("\xa0", "").replace(" ", ""))
