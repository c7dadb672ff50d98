"""The centre behind a public address is kept under its page version (decision 0009): read once,
and read again after a service announces a change to it or to what is read with it."""

from __future__ import annotations

import pytest
from django.http import Http404

from vidhuk.core.selectors import centre_get_public
from vidhuk.core.services import centre_update
from vidhuk.core.tests.factories import CentreFactory

pytestmark = pytest.mark.django_db
FORM = "/verbivka/appeals/new/complaint/"  # a public page never cached whole (a form)


def test_a_second_read_of_the_centre_runs_no_query(centre, django_assert_num_queries):
    centre_get_public(slug="verbivka")

    with django_assert_num_queries(0):
        found = centre_get_public(slug="verbivka")

    assert found.pk == centre.pk


def test_a_new_name_shows_on_the_next_form(client, centre):
    assert "ЦНАП Вербівської міської ради" in client.get(FORM).content.decode()

    centre_update(centre=centre, data={"name": "ЦНАП Вербівської громади"}, actor=None)

    html = client.get(FORM).content.decode()
    assert "ЦНАП Вербівської громади" in html
    assert "ЦНАП Вербівської міської ради" not in html


def test_an_unknown_address_keeps_nothing():
    with pytest.raises(Http404):
        centre_get_public(slug="nova")

    created = CentreFactory(slug="nova")

    assert centre_get_public(slug="nova").pk == created.pk
