"""The appeal form's fields are built once per kind, identity and language and shared by every
form of that shape (`vidhuk.core.forms.SharedFieldsForm`): each form still shows its own
centre's offices and services, and the fields its kind and its language call for."""

from __future__ import annotations

import pytest

from vidhuk.appeals.choices import Kind
from vidhuk.appeals.tests.public_form import form_url
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_centre_lists_its_own_offices_and_services(client, centre, other_centre):
    OfficeFactory(centre=centre, name="Вербівський офіс")
    ServiceFactory(centre=centre, name="Вербівська послуга")
    OfficeFactory(centre=other_centre, name="Лугівський офіс")
    ServiceFactory(centre=other_centre, name="Лугівська послуга")

    first = _page(client, form_url(Kind.COMPLAINT))
    second = _page(client, form_url(Kind.COMPLAINT).replace("/verbivka/", "/luhove/"))

    assert "Вербівський офіс" in first
    assert "Вербівська послуга" in first
    assert "Лугівський офіс" in second
    assert "Лугівська послуга" in second
    assert "Вербівський офіс" not in second
    assert "Вербівська послуга" not in second


def test_named_and_anonymous_forms_of_one_kind_keep_their_own_fields(client, centre):
    named = _page(client, form_url(Kind.QUALITY_REMARK))
    anonymous = _page(client, form_url(Kind.QUALITY_REMARK, anonymous=True))
    named_again = _page(client, form_url(Kind.QUALITY_REMARK))

    assert 'name="full_name"' in named
    assert 'name="full_name"' not in anonymous
    assert 'name="consent"' not in anonymous
    assert named_again.count('name="full_name"') == named.count('name="full_name"')


def test_each_kind_keeps_its_own_labels(client, centre):
    complaint = _page(client, form_url(Kind.COMPLAINT))
    info_request = _page(client, form_url(Kind.INFO_REQUEST))

    assert "Місце проживання" in complaint
    assert "Поштова адреса" in info_request
    assert "Поштова адреса" not in complaint


def test_forms_speak_the_page_language_one_after_the_other(client, centre):
    english = _page(client, "/en" + form_url(Kind.COMPLAINT))
    ukrainian = _page(client, form_url(Kind.COMPLAINT))

    assert "PDF, JPEG, PNG or text (.txt)" in english
    assert "PDF, JPEG, PNG або текст (.txt)" not in english
    assert "PDF, JPEG, PNG або текст (.txt)" in ukrainian
    assert "PDF, JPEG, PNG or text (.txt)" not in ukrainian


def test_two_forms_open_at_once_each_keep_their_centres_choices(centre, other_centre):
    """Two residents' forms built one after the other and shown after both (two threads of one
    worker): the second centre's choices never reach the first form."""
    from vidhuk.appeals.forms.public import AppealForm

    OfficeFactory(centre=centre, name="Вербівський офіс")
    OfficeFactory(centre=other_centre, name="Лугівський офіс")

    def form(for_centre):
        return AppealForm(
            centre=for_centre, kind=Kind.COMPLAINT, is_anonymous=False, retention_days=1095
        )

    first, second = form(centre), form(other_centre)

    assert "Вербівський офіс" in str(first["office"])
    assert "Лугівський офіс" not in str(first["office"])
    assert "Лугівський офіс" in str(second["office"])
