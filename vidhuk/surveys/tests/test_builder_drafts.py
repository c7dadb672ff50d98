"""The builder's services on a draft: questionnaires created with version one, questions
added, moved and removed, publishing (refused for an invalid or empty draft), a published
version frozen, and new drafts."""

import pytest
from django.core.exceptions import ValidationError

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent
from vidhuk.surveys import services
from vidhuk.surveys.choices import QuestionnaireKind, VersionStatus
from vidhuk.surveys.models import (
    Question,
    QuestionnaireVersion,
)
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.factories import opts

every_type = factories.every_type
frozen = factories.frozen
head = factories.head


# --- builder ------------------------------------------------------------------------------------


@pytest.fixture
def draft(centre, head):
    questionnaire = services.questionnaire_create(
        centre=centre,
        kind=QuestionnaireKind.VISITOR_SURVEY,
        slug="visit",
        title_uk="Анкета",
        actor=head,
    )
    return questionnaire.versions.get()


def add(section, code, head, **kwargs):
    kwargs.setdefault("type", "rating")
    return services.question_add(
        section=section, code=code, text_uk=f"Питання {code}", actor=head, **kwargs
    )


def test_questionnaire_create_makes_draft_version_one_and_audits(draft, head):
    assert (draft.number, draft.status) == (1, VersionStatus.DRAFT)
    assert (
        AuditEvent.objects.filter(
            object_type="surveys.questionnaire", action=AuditAction.CREATE, actor=head
        ).count()
        == 1
    )


def test_question_add_move_remove_in_draft(draft, head):
    section = services.section_add(version=draft, title_uk="Розділ", actor=head)
    first, second, third = (add(section, code, head) for code in ("a", "b", "c"))

    services.question_move(question=third, position=0, actor=head)
    services.question_remove(question=first, actor=head)

    assert list(section.questions.order_by("position").values_list("code", flat=True)) == [
        "c",
        "b",
    ]


def test_question_add_refuses_duplicate_code(draft, head):
    section = services.section_add(version=draft, title_uk="Розділ", actor=head)
    add(section, "speed", head)

    with pytest.raises(ValidationError):
        add(section, "speed", head)

    assert Question.objects.filter(version=draft).count() == 1


@pytest.mark.parametrize(
    ("questions", "code"),
    [
        pytest.param([("purpose", {"type": "single_choice"})], "purpose", id="no-options"),
        pytest.param([("where", {"type": "multiple_choice"})], "where", id="multiple-no-options"),
        pytest.param(
            [("grid", {"type": "matrix", "options": opts("1", "2")})], "grid", id="matrix-no-rows"
        ),
        pytest.param(
            [
                ("why", {"type": "text", "show_if": {"question": "ok", "equals": ["no"]}}),
                ("ok", {"type": "yes_no"}),
            ],
            "why",
            id="skip-refers-to-later-question",
        ),
        pytest.param(
            [
                ("ok", {"type": "yes_no"}),
                ("why", {"type": "text", "show_if": {"question": "ok", "equals": ["maybe"]}}),
            ],
            "why",
            id="skip-value-not-an-answer",
        ),
    ],
)
def test_version_publish_refuses_invalid_draft(draft, head, questions, code):
    section = services.section_add(version=draft, title_uk="Розділ", actor=head)
    for question_code, kwargs in questions:
        add(section, question_code, head, **kwargs)

    with pytest.raises(ValidationError) as error:
        services.version_publish(version=draft, actor=head)

    assert list(error.value.message_dict) == [code]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_version_publish_refuses_empty_version(draft, head):
    with pytest.raises(ValidationError, match="немає жодного питання"):
        services.version_publish(version=draft, actor=head)


def test_published_version_is_frozen(draft, head, frozen):
    section = services.section_add(version=draft, title_uk="Розділ", actor=head)
    question = add(section, "speed", head)
    services.version_publish(version=draft, actor=head)

    with pytest.raises(ValidationError, match="не можна змінювати"):
        add(section, "more", head)
    with pytest.raises(ValidationError, match="не можна змінювати"):
        services.question_update(question=question, data={"text_uk": "Інше"}, actor=head)
    with pytest.raises(ValidationError, match="не можна змінювати"):
        services.question_remove(question=question, actor=head)
    question.text_uk = "Інше"
    with pytest.raises(ValidationError, match="не можна змінювати"):
        question.full_clean()

    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.published_at is not None
    assert Question.objects.get(pk=question.pk).text_uk == "Питання speed"


def test_version_new_draft_copies_published_and_publishing_retires_old(draft, head):
    section = services.section_add(version=draft, title_uk="Розділ", actor=head)
    add(section, "ok", head, type="yes_no")
    add(section, "why", head, type="text", show_if={"question": "ok", "equals": ["no"]})
    services.version_publish(version=draft, actor=head)

    new = services.version_new_draft(questionnaire=draft.questionnaire, actor=head)
    services.question_update(
        question=new.questions.get(code="ok"), data={"text_uk": "Усе гаразд?"}, actor=head
    )
    services.version_publish(version=new, actor=head)

    assert (new.number, new.sections.count()) == (2, 1)
    assert list(new.questions.order_by("position").values_list("code", "show_if")) == [
        ("ok", None),
        ("why", {"question": "ok", "equals": ["no"]}),
    ]
    assert draft.questions.get(code="ok").text_uk == "Питання ok"
    assert dict(
        QuestionnaireVersion.objects.filter(questionnaire=draft.questionnaire).values_list(
            "number", "status"
        )
    ) == {1: VersionStatus.RETIRED, 2: VersionStatus.PUBLISHED}


def test_version_new_draft_returns_existing_draft(draft, head):
    assert services.version_new_draft(questionnaire=draft.questionnaire, actor=head) == draft
