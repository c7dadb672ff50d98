"""The questionnaire builder of the back office (issue 4, §1): publishing, new versions and the
preview."""

from __future__ import annotations

import uuid

from vidhuk.accounts.choices import Role
from vidhuk.core.models import AuditEvent
from vidhuk.surveys.choices import VersionStatus
from vidhuk.surveys.models import Question, QuestionnaireVersion, Response
from vidhuk.surveys.services.questions import question_add
from vidhuk.surveys.services.sections import section_add
from vidhuk.surveys.services.versions import version_publish
from vidhuk.surveys.tests import builder_pages, factories
from vidhuk.surveys.tests.builder_pages import audit_count, codes, url
from vidhuk.surveys.tests.factories import (
    QuestionFactory,
    SectionFactory,
    VersionFactory,
    opts,
)

frozen = factories.frozen
editor = builder_pages.editor
draft = builder_pages.draft
built = builder_pages.built


# --- publishing ---------------------------------------------------------------------------------


def test_publishing_shows_what_stops_it_and_changes_nothing(editor, draft):
    client, _user = editor
    section = section_add(version=draft, title_uk="Розділ", actor=None)
    question_add(section=section, code="purpose", type="single_choice", text_uk="Мета",
                 actor=None)  # fmt: skip

    page = client.get(url(f"versions/{draft.pk}/publish/"))
    sent = client.post(url(f"versions/{draft.pk}/publish/"))

    draft.refresh_from_db()
    assert "Питання «purpose» не має варіантів відповіді." in page.content.decode()
    assert "Питання «purpose» не має варіантів відповіді." in sent.content.decode()
    assert draft.status == VersionStatus.DRAFT


def test_publishing_retires_the_previous_version_and_is_audited(editor, built, frozen):
    client, user = editor
    version_publish(version=built, actor=None)
    client.post(url(f"versions/{built.pk}/new-version/"))
    draft = QuestionnaireVersion.objects.get(questionnaire=built.questionnaire, number=2)

    page = client.get(url(f"versions/{draft.pk}/publish/"))
    first = client.post(url(f"versions/{draft.pk}/publish/"))
    second = client.post(url(f"versions/{draft.pk}/publish/"))  # a double submit

    statuses = dict(
        QuestionnaireVersion.objects.filter(questionnaire=built.questionnaire).values_list(
            "number", "status"
        )
    )
    assert "Версію 1 буде знято з використання" in page.content.decode()
    assert first["Location"] == second["Location"] == url(f"versions/{draft.pk}/")
    assert statuses == {1: VersionStatus.RETIRED, 2: VersionStatus.PUBLISHED}
    assert AuditEvent.objects.filter(
        object_type="surveys.questionnaireversion",
        object_id=str(draft.pk),
        actor=user,
        changes__status=["draft", "published"],
    ).exists()


def test_reading_roles_cannot_publish_or_change_a_draft(staff_client, built):
    client, _membership = staff_client(Role.ANALYST)
    question = Question.objects.get(version=built, code="speed")
    before = (codes(built), audit_count(), built.status)

    statuses = [
        client.post(url(f"versions/{built.pk}/publish/")).status_code,
        client.post(url(f"questions/{question.pk}/delete/")).status_code,
        client.post(url(f"versions/{built.pk}/sections/new/"), {"title_uk": "X"}).status_code,
        client.post(url(f"versions/{built.pk}/new-version/")).status_code,
    ]

    built.refresh_from_db()
    assert statuses == [403, 403, 403, 403]
    assert (codes(built), audit_count(), built.status) == before
    assert client.get(url(f"versions/{built.pk}/")).status_code == 200


# --- preview ------------------------------------------------------------------------------------


def test_the_preview_of_a_draft_renders_the_public_form(editor, built):
    client, _user = editor

    response = client.get(url(f"versions/{built.pk}/preview/"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Попередній перегляд" in html
    assert "Анкета відвідувача" in html
    assert 'name="q_resolved"' in html
    assert 'name="q_speed"' in html
    assert "Дайте відповідь, якщо на питання «Питання вирішено?» ви відповіли: «Ні»." in html
    assert "Ваші відповіді анонімні" in html


def test_the_preview_speaks_english(editor, built):
    client, _user = editor

    html = client.get("/en" + url(f"versions/{built.pk}/preview/")).content.decode()

    assert "Visitor questionnaire" in html
    assert "Was it resolved?" in html
    assert '<html lang="en"' in html


def test_a_submit_in_the_preview_shows_errors_and_saves_nothing(editor, built):
    client, _user = editor
    key = str(uuid.uuid4())

    refused = client.post(url(f"versions/{built.pk}/preview/"), {"submission_key": key})
    accepted = client.post(
        url(f"versions/{built.pk}/preview/"),
        {"submission_key": key, "q_resolved": "no", "q_why_not": "Довго"},
    )

    assert "Дайте відповідь на питання «" in refused.content.decode()
    assert "nothing" not in refused.content.decode()
    assert "Відповіді пройшли перевірку. Це попередній перегляд: нічого не збережено." in (
        accepted.content.decode()
    )
    assert Response.objects.count() == 0


def test_a_custom_privacy_note_replaces_the_default(client, centre):
    version = VersionFactory(
        questionnaire__centre=centre,
        questionnaire__slug="queues",
        questionnaire__privacy_note_uk="Перший абзац.\n\nДругий <b>абзац</b>.",
    )
    QuestionFactory(section=SectionFactory(version=version), code="speed")

    html = client.get("/verbivka/survey/queues/").content.decode()

    assert "<p>Перший абзац.</p>" in html
    assert "Другий &lt;b&gt;абзац&lt;/b&gt;." in html
    assert "IP-адреси" not in html


def test_the_default_note_says_the_questions_about_you_are_optional(client, centre):
    version = VersionFactory(questionnaire__centre=centre, questionnaire__slug="queues")
    section = SectionFactory(version=version)
    QuestionFactory(section=section, code="speed")
    QuestionFactory(section=section, code="sex", type="single_choice", options=opts("f", "m"))

    html = client.get("/verbivka/survey/queues/").content.decode()

    assert "IP-адреси" in html
    assert (
        "Відповідати на питання про себе — стать, вік, належність до певних груп — не обов’язково"
        in html
    )


def test_the_default_note_makes_no_promise_when_a_question_about_you_is_required(client, centre):
    version = VersionFactory(questionnaire__centre=centre, questionnaire__slug="queues")
    QuestionFactory(section=SectionFactory(version=version), code="age_group", type="yes_no",
                    is_required=True)  # fmt: skip

    html = client.get("/verbivka/survey/queues/").content.decode()

    assert "Відповідати на питання про себе" not in html


def test_staff_typed_help_text_is_escaped_on_the_public_page(client, centre):
    version = VersionFactory(questionnaire__centre=centre, questionnaire__slug="queues")
    QuestionFactory(section=SectionFactory(version=version), code="speed",
                    help_uk='<script>alert("x")</script>')  # fmt: skip

    html = client.get("/verbivka/survey/queues/").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
