"""The resident's survey page when a new version is published while the form is open: the
answers sent are kept (issue 4, §3).

Time is moved with time-machine, never slept on.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from vidhuk.surveys.models import (
    QuestionnaireVersion,
    Response,
    VisitToken,
)
from vidhuk.surveys.services import (
    version_new_draft,
    version_publish,
)
from vidhuk.surveys.tests import factories, survey_form
from vidhuk.surveys.tests.survey_form import (
    CLIENT_ADDRESS,
    MINIMAL,
    SURVEY_URL,
    form_data,
    send,
    stamp,
)

# Fixtures shared by the surveys tests.
every_type = factories.every_type
frozen = factories.frozen
_fresh_cache = survey_form._fresh_cache
standard = factories.standard
visit_code = survey_form.visit_code


# --- a new version published while the form is open ------------------------------------------

UPDATED = "Анкету щойно оновили. Перевірте відповіді й надішліть ще раз."


def publish_next(version: QuestionnaireVersion) -> QuestionnaireVersion:
    draft = version_new_draft(questionnaire=version.questionnaire, actor=None)
    return version_publish(version=draft, actor=None)


def shown_form_data(page) -> dict[str, Any]:
    """The hidden fields of the page as the browser would send them back."""
    html = page.content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("submission_key", "shown_version")
    }


@pytest.mark.parametrize("by_code", [False, True], ids=["open-link", "visit-code"])
def test_answers_to_a_version_replaced_meanwhile_are_shown_again_and_not_saved(
    client, standard, visit_code, by_code
):
    url = f"/verbivka/survey/v/{visit_code}/" if by_code else SURVEY_URL
    page = client.get(url)
    shown = shown_form_data(page)
    v2 = publish_next(standard)

    refused = send(client, form_data(MINIMAL, **shown), url=url)

    html = refused.content.decode()
    assert refused.status_code == 200
    assert shown["shown_version"] == str(standard.pk)
    assert 'class="govuk-error-summary"' in html
    assert UPDATED in html
    assert Response.objects.count() == 0
    assert VisitToken.objects.count() == 1
    # The page now shows the new version, with the answers given kept.
    again = refused.context["form"]
    assert again.version == v2
    assert again["shown_version"].value() == str(v2.pk)
    assert again["q_purpose"].value() == "consultation"

    resent = send(client, {**again.data, "form_stamp": stamp()}, url=url)

    assert resent.status_code == 302
    assert Response.objects.get().version == v2


def test_a_form_without_its_version_is_shown_again(client, standard):
    data = {**form_data(MINIMAL), "shown_version": ""}

    response = client.post(SURVEY_URL, data, REMOTE_ADDR=CLIENT_ADDRESS)

    assert response.status_code == 200
    assert UPDATED in response.content.decode()
    assert Response.objects.count() == 0


def test_a_question_changed_in_a_new_version_shows_on_the_next_view(client, standard):
    client.get(SURVEY_URL)
    draft = version_new_draft(questionnaire=standard.questionnaire, actor=None)
    question = draft.sections.order_by("position").first().questions.order_by("position").first()
    question.text_uk = "Навіщо ви прийшли сьогодні?"
    question.save()

    version_publish(version=draft, actor=None)
    html = client.get(SURVEY_URL).content.decode()

    assert "Навіщо ви прийшли сьогодні?" in html
