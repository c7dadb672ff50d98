"""The demo year of the register: plausible, deterministic, loaded once."""

import pytest

from vidhuk.analytics.models import ServiceProvision
from vidhuk.analytics.seed import provisions_seed
from vidhuk.catalog.tests.factories import ServiceFactory

from .provision_fixtures import *  # noqa: F403 — the register's fixtures
from .provision_fixtures import TODAY

pytestmark = pytest.mark.django_db


def test_the_demo_year_is_loaded_once_and_the_same_each_time(centre, office, office_2):
    for number in range(30):
        ServiceFactory(centre=centre, code=f"D-{number:03d}")

    first = provisions_seed(centre=centre, offices=[office, office_2], today=TODAY)
    rows = list(
        ServiceProvision.objects.order_by("source_key").values_list(
            "provided_on", "service__code", "channel", "result", "sex"
        )[:50]
    )
    second = provisions_seed(centre=centre, offices=[office, office_2], today=TODAY)
    ServiceProvision.objects.all().delete()
    provisions_seed(centre=centre, offices=[office, office_2], today=TODAY)
    again = list(
        ServiceProvision.objects.order_by("source_key").values_list(
            "provided_on", "service__code", "channel", "result", "sex"
        )[:50]
    )

    assert 2000 < first < 4000
    assert second == 0
    assert again == rows
    results = set(ServiceProvision.objects.values_list("result", flat=True))
    assert results == {"provided", "refused", "consultation"}
    assert max(ServiceProvision.objects.values_list("provided_on", flat=True)) < TODAY
