"""Text written by one person and shown to another is escaped (issue 10, §8): an option label
reaches the paper-entry page as a hint (a form's help text) and the public survey as a choice."""

from __future__ import annotations

import datetime as dt

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.surveys.services.batches import paper_batch_start
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.factories import QuestionFactory, SectionFactory

frozen = factories.frozen

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def version(centre):
    section = SectionFactory(version__questionnaire__centre=centre)
    QuestionFactory(
        section=section,
        code="purpose",
        type="single_choice",
        options=[
            {"value": "a", "label_uk": f"Так {SCRIPT}", "label_en": "Yes"},
            {"value": "b", "label_uk": "Ні <b>жирно</b>", "label_en": "No"},
        ],
    )
    return section.version


def test_an_option_label_with_markup_is_shown_as_text_in_the_staff_hint(
    staff_client, version, frozen
):
    client, membership = staff_client(Role.HOTLINE_OPERATOR)
    batch = paper_batch_start(
        centre=version.questionnaire.centre,
        version=version,
        received_on=dt.date(2026, 2, 27),
        office=OfficeFactory(centre=version.questionnaire.centre),
        label="Скринька",
        actor=membership.user,
    )

    html = client.get(f"/staff/verbivka/surveys/batches/{batch.pk}/enter/").content.decode()

    assert "1 Так &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; · 2 Ні &lt;b&gt;" in html
    assert "<script>alert" not in html
    assert "<b>жирно" not in html


def test_an_option_label_with_markup_is_shown_as_text_on_the_public_survey(client, version):
    slug = version.questionnaire.slug

    html = client.get(f"/verbivka/survey/{slug}/").content.decode()

    assert "Так &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
