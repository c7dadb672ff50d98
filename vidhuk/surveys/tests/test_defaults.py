"""The default questionnaires: installed once, with the standard and demographic questions,
English labels for every choice, and accepting a response."""

from vidhuk.surveys import services
from vidhuk.surveys.choices import QuestionnaireKind, VersionStatus
from vidhuk.surveys.models import (
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Section,
)
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.answering import submit

every_type = factories.every_type
frozen = factories.frozen
head = factories.head


# --- defaults ------------------------------------------------------------------------------------


def test_install_defaults_is_idempotent(centre, head):
    first = services.questionnaire_install_defaults(centre=centre, actor=head)
    counts = (Questionnaire.objects.count(), Section.objects.count(), Question.objects.count())
    second = services.questionnaire_install_defaults(centre=centre, actor=head)

    assert first == second
    assert (Questionnaire.objects.count(), Section.objects.count(), Question.objects.count()) == (
        counts
    )
    assert sorted(q.kind for q in first) == [
        QuestionnaireKind.MYSTERY_SHOPPER,
        QuestionnaireKind.VISITOR_SURVEY,
    ]
    assert set(QuestionnaireVersion.objects.values_list("number", "status")) == {
        (1, VersionStatus.PUBLISHED)
    }


def test_default_visitor_questionnaire_has_the_standard_and_demographic_questions(centre, head):
    services.questionnaire_install_defaults(centre=centre, actor=head)
    version = QuestionnaireVersion.objects.get(questionnaire__slug="visitor-survey")

    codes = list(
        version.questions.order_by("section__position", "position").values_list("code", flat=True)
    )

    assert codes[:3] == ["purpose", "wait_time", "resolved"]
    assert {"overall", "recommend", "learned_from", "improve"} <= set(codes)
    assert codes[-8:] == [
        "sex",
        "age_group",
        "idp",
        "disability",
        "pensioner",
        "veteran",
        "parent_under_6",
        "residence",
    ]
    assert all(q.text_en for q in version.questions.all())


def test_default_definitions_every_choice_has_english_label():
    labels = [
        option["label_en"]
        for definition in services.default_definitions()
        for section in definition["sections"]
        for question in section["questions"]
        for option in question["options"]
    ]

    assert labels
    assert all(labels)


def test_default_visitor_questionnaire_accepts_a_response(centre, head, frozen):
    services.questionnaire_install_defaults(centre=centre, actor=head)
    version = QuestionnaireVersion.objects.get(questionnaire__slug="visitor-survey")

    response = submit(
        version,
        {"purpose": "consultation", "overall": "good", "recommend": 10, "sex": "prefer_not_to_say"},
    )

    assert response.answers.count() == 4
