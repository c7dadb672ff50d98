"""The questions built in Python (`forms/questions_html.py`) are the HTML their template
(`surveys/public/_questions.html`, the reference: decision 0010) renders from the same form:
shown, sent back with errors and with answers, in both languages, with every type of question,
a matrix with a hint and markup typed by staff."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from vidhuk.surveys.forms.public import SurveyForm
from vidhuk.surveys.forms.questions_html import questions_html
from vidhuk.surveys.models import Question, Section
from vidhuk.surveys.tests import factories

every_type = factories.every_type
standard = factories.standard
pytestmark = pytest.mark.django_db

ANSWERS = {"q_purpose": "a", "q_sources": ["x", "z"], "q_why_not": "<b>ні</b>", "q_speed": "9"}


def _same(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def _both(form: SurveyForm) -> tuple[str, str]:
    reference = render_to_string("surveys/public/_questions.html", {"form": form})
    return _same(str(questions_html(form))), _same(reference)


def _forms(version) -> list[SurveyForm]:
    return [
        SurveyForm(version=version),
        SurveyForm({}, version=version),
        SurveyForm(ANSWERS, version=version),
    ]


@pytest.mark.parametrize("language", ["uk", "en"])
def test_every_type_of_question_reads_as_its_template(every_type, language):
    Question.objects.filter(code="rooms").update(
        help_uk="Оцініть <i>кожне</i> приміщення", help_en="Rate <i>each</i> room"
    )
    Section.objects.filter(version=every_type).update(title_uk="Візит & <черга>")
    version = type(every_type).objects.get(pk=every_type.pk)
    with translation.override(language):
        for form in _forms(version):
            form.is_valid()
            built, reference = _both(form)
            assert built == reference
    assert "Оцініть &lt;i&gt;кожне&lt;/i&gt; приміщення" in _both(SurveyForm(version=version))[0]
    assert 'aria-describedby="matrix-rooms-hint"' in built


@pytest.mark.parametrize("language", ["uk", "en"])
def test_the_standard_questionnaire_reads_as_its_template(standard, language):
    with translation.override(language):
        for form in _forms(standard):
            form.is_valid()
            built, reference = _both(form)
            assert built == reference
            assert built.count('<fieldset class="govuk-fieldset govuk-!-margin-bottom-6">') == 3
