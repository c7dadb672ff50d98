"""The demo centre's visitor survey has answers to show, added once, anonymous like real ones."""

import pytest

from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import Answer, Response
from vidhuk.surveys.services import questionnaire_install_defaults

from ..surveys import seed_survey_responses


@pytest.fixture
def installed(centre):
    from vidhuk.core.tests.factories import OfficeFactory

    OfficeFactory.create_batch(3, centre=centre)
    questionnaire_install_defaults(centre=centre, actor=None)
    return centre


def test_the_demo_answers_are_stored_once_with_demographics_and_comments(installed):
    added = seed_survey_responses(centre=installed, count=60)
    again = seed_survey_responses(centre=installed, count=60)

    assert (added, again) == (60, 0)
    assert Response.objects.filter(centre=installed).count() == 60
    assert set(Response.objects.values_list("channel", flat=True)) == {Channel.WEB, Channel.PAPER}
    assert Answer.objects.filter(question__code="sex").count() > 30
    assert Answer.objects.filter(question__code="improve", moderation="pending").exists()
