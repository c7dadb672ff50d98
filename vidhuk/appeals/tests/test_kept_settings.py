"""The appeals settings are read with the centre on the public form, and kept with it under the
centre's page version (decision 0009): a change through `appeals_settings_update` shows on the
next form."""

from __future__ import annotations

import pytest

from vidhuk.appeals.forms.public_consent import retention_words
from vidhuk.appeals.selectors import SETTINGS_RELATION
from vidhuk.appeals.services.personal_data import appeals_settings_update
from vidhuk.core.selectors import centre_get_public

pytestmark = pytest.mark.django_db
FORM = "/verbivka/appeals/new/complaint/"


def test_the_centre_with_its_settings_is_read_once(centre, django_assert_num_queries):
    centre_get_public(slug="verbivka", with_related=SETTINGS_RELATION)

    with django_assert_num_queries(0):
        found = centre_get_public(slug="verbivka", with_related=SETTINGS_RELATION)

    assert found.pk == centre.pk


def test_new_retention_shows_in_the_next_forms_consent(client, centre):
    appeals_settings_update(centre=centre, actor=None, retention_days=3 * 365, digest_enabled=True)
    assert retention_words(3 * 365) in client.get(FORM).content.decode()

    appeals_settings_update(centre=centre, actor=None, retention_days=7 * 365, digest_enabled=True)

    html = client.get(FORM).content.decode()
    assert retention_words(7 * 365) in html
    assert retention_words(3 * 365) not in html
