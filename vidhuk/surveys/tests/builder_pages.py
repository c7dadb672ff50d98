"""The builder's pages for the builder view tests: addresses, an editor, a draft (empty or
built with two sections) and what a version holds."""

from __future__ import annotations

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.core.models import AuditEvent
from vidhuk.surveys.choices import QuestionnaireKind
from vidhuk.surveys.models import Question, QuestionnaireVersion
from vidhuk.surveys.services.questionnaires import questionnaire_create
from vidhuk.surveys.services.questions import question_add
from vidhuk.surveys.services.sections import section_add

BASE = "/staff/verbivka/surveys/"


def url(path: str = "") -> str:
    return BASE + path


@pytest.fixture
def editor(staff_client):
    client, membership = staff_client(Role.COMMUNICATIONS)
    return client, membership.user


@pytest.fixture
def draft(centre):
    questionnaire = questionnaire_create(
        centre=centre,
        kind=QuestionnaireKind.VISITOR_SURVEY,
        slug="visit",
        title_uk="Анкета відвідувача",
        title_en="Visitor questionnaire",
        actor=None,
    )
    return questionnaire.versions.get()


@pytest.fixture
def built(draft):
    """A draft with two sections: a yes/no, a text shown on «no», and a rating."""
    first = section_add(version=draft, title_uk="Візит", title_en="Visit", actor=None)
    second = section_add(version=draft, title_uk="Оцінки", actor=None)
    question_add(section=first, code="resolved", type="yes_no", text_uk="Питання вирішено?",
                 text_en="Was it resolved?", is_required=True, actor=None)  # fmt: skip
    question_add(section=first, code="why_not", type="text", text_uk="Чому ні?",
                 show_if={"question": "resolved", "equals": ["no"]}, actor=None)  # fmt: skip
    question_add(section=second, code="speed", type="rating", text_uk="Швидкість", actor=None)
    return draft


def codes(version: QuestionnaireVersion) -> list[tuple[str, str]]:
    return list(
        Question.objects.filter(version=version)
        .order_by("section__position", "position")
        .values_list("section__title_uk", "code")
    )


def audit_count() -> int:
    return AuditEvent.objects.count()
