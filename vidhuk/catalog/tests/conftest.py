"""Fixtures the catalogue's tests share."""

import pytest

from vidhuk.core.tests.factories import OfficeFactory


@pytest.fixture
def offices(centre):
    return [
        OfficeFactory(centre=centre, slug="main", name="Головний офіс ЦНАП"),
        OfficeFactory(centre=centre, slug="starosta-luhove", name="Лугівський старостат"),
    ]
