"""The questionnaire builder of the back office (issue 4, §1): the list, creating and editing a
questionnaire, its page and version history, and another centre's questionnaires."""

from __future__ import annotations

import uuid

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.core.models import AuditEvent
from vidhuk.surveys.choices import QuestionnaireKind, VersionStatus
from vidhuk.surveys.models import Question, Questionnaire
from vidhuk.surveys.services.versions import version_publish
from vidhuk.surveys.tests import builder_pages, factories
from vidhuk.surveys.tests.builder_pages import audit_count, url
from vidhuk.surveys.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    SectionFactory,
    VersionFactory,
)

frozen = factories.frozen
editor = builder_pages.editor
draft = builder_pages.draft
built = builder_pages.built


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_kind_published_version_draft_and_responses(editor, centre, frozen):
    client, _user = editor
    published = VersionFactory(questionnaire__centre=centre, questionnaire__title_uk="Анкета А")
    VersionFactory(questionnaire=published.questionnaire, number=2, status=VersionStatus.DRAFT,
                   published_at=None)  # fmt: skip
    ResponseFactory.create_batch(3, version=published)
    VersionFactory(
        questionnaire__centre=centre,
        questionnaire__title_uk="Чек-лист",
        questionnaire__kind=QuestionnaireKind.MYSTERY_SHOPPER,
        status=VersionStatus.DRAFT,
        published_at=None,
    )
    VersionFactory(questionnaire__title_uk="Чужа анкета")  # another centre's

    response = client.get(url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Анкета А" in html
    assert "Чек-лист" in html
    assert "Чужа анкета" not in html
    assert "Чек-лист таємного відвідувача" in html
    assert "02.03.2026" in html
    assert "Версія 1 — відповідей: 3" in html
    assert "Версія 2 — відповідей: 0" in html
    assert "Не опубліковано" in html


def test_the_list_is_paginated_with_a_bounded_number_of_queries(
    editor, centre, django_assert_max_num_queries
):
    client, _user = editor
    for number in range(30):
        version = VersionFactory(questionnaire__centre=centre)
        VersionFactory(questionnaire=version.questionnaire, number=2, status=VersionStatus.DRAFT,
                       published_at=None)  # fmt: skip
        ResponseFactory(version=version)
        del number

    with django_assert_max_num_queries(12):
        first = client.get(url())
    second = client.get(url("?page=2"))

    assert first.content.decode().count("/surveys/versions/") == 25 * 2
    assert second.content.decode().count("/surveys/versions/") == 5 * 2


@pytest.mark.parametrize(
    ("role", "status"),
    [
        pytest.param(Role.ANALYST, 200, id="analyst-reads"),
        pytest.param(Role.HOTLINE_OPERATOR, 200, id="operator-reads"),
        pytest.param(Role.COMMUNICATIONS, 200, id="communications"),
    ],
)
def test_any_surveys_capability_reads_the_list(staff_client, role, status):
    client, _membership = staff_client(role)

    assert client.get(url()).status_code == status


def test_the_create_button_only_for_editors(staff_client):
    analyst, _m = staff_client(Role.ANALYST)
    editor_client, _m = staff_client(Role.COMMUNICATIONS)

    assert "Створити анкету" not in analyst.get(url()).content.decode()
    assert "Створити анкету" in editor_client.get(url()).content.decode()


# --- creating and editing a questionnaire -------------------------------------------------------


def new_form(**overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "kind": "visitor_survey",
        "title_uk": "Опитування про черги",
        "title_en": "Queue survey",
        "slug": "queues",
        "privacy_note_uk": "Ми не знаємо, хто ви.",
        "privacy_note_en": "",
        "results_public": "on",
    }
    data.update(overrides)
    return data


def test_creating_a_questionnaire_makes_draft_one_and_opens_it(editor, centre):
    client, user = editor

    response = client.post(url("new/"), new_form())

    questionnaire = Questionnaire.objects.get(centre=centre, slug="queues")
    version = questionnaire.versions.get()
    assert response.status_code == 302
    assert response["Location"] == url(f"versions/{version.pk}/")
    assert (
        questionnaire.title_en,
        questionnaire.privacy_note_uk,
        questionnaire.results_public,
    ) == (
        "Queue survey",
        "Ми не знаємо, хто ви.",
        True,
    )
    assert version.status == VersionStatus.DRAFT
    assert AuditEvent.objects.filter(
        object_type="surveys.questionnaire", object_id=str(questionnaire.pk), actor=user
    ).exists()


def test_a_double_submit_creates_one_questionnaire(editor, centre):
    client, _user = editor
    data = new_form()

    first = client.post(url("new/"), data)
    second = client.post(url("new/"), data)

    assert Questionnaire.objects.filter(centre=centre).count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param({"title_uk": ""}, "title_uk", "Заповніть це поле.", id="no-title"),
        pytest.param({"kind": "poll"}, "kind", "Оберіть вид анкети.", id="bad-kind"),
        pytest.param({"slug": "Черги!"}, "slug", "Лише малі латинські літери", id="slug-not-latin"),
    ],
)
def test_a_wrong_questionnaire_form_is_refused_at_the_field(
    editor, centre, overrides, field, message
):
    client, _user = editor

    response = client.post(url("new/"), new_form(**overrides))

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html
    assert field in response.context["form"].errors
    assert not Questionnaire.objects.filter(centre=centre).exists()


def test_a_taken_slug_is_refused_at_the_field(editor, draft):
    client, _user = editor

    response = client.post(url("new/"), new_form(slug="visit"))

    assert "Анкета з таким ідентифікатором уже є в центрі." in response.content.decode()
    assert Questionnaire.objects.count() == 1


def test_editing_the_settings_is_saved_and_audited(editor, draft):
    client, user = editor
    questionnaire = draft.questionnaire

    response = client.post(
        url(f"{questionnaire.pk}/settings/"),
        new_form(slug="visit", title_uk="Нова назва", privacy_note_uk="Інший текст"),
    )

    questionnaire.refresh_from_db()
    assert response.status_code == 302
    assert (questionnaire.title_uk, questionnaire.privacy_note_uk) == ("Нова назва", "Інший текст")
    event = AuditEvent.objects.filter(
        object_type="surveys.questionnaire", object_id=str(questionnaire.pk), actor=user
    ).get()
    assert event.changes["title_uk"] == ["Анкета відвідувача", "Нова назва"]


def test_the_kind_is_fixed_once_published(editor, built, frozen):
    client, _user = editor
    version_publish(version=built, actor=None)
    questionnaire = built.questionnaire

    page = client.get(url(f"{questionnaire.pk}/settings/"))
    client.post(
        url(f"{questionnaire.pk}/settings/"), new_form(slug="visit", kind="mystery_shopper")
    )

    questionnaire.refresh_from_db()
    assert "Вид не змінюється" in page.content.decode()
    assert questionnaire.kind == QuestionnaireKind.VISITOR_SURVEY


def test_reading_roles_cannot_create_or_edit(staff_client, draft):
    client, _membership = staff_client(Role.ANALYST)
    before = (Questionnaire.objects.count(), audit_count())

    created = client.post(url("new/"), new_form())
    edited = client.post(url(f"{draft.questionnaire.pk}/settings/"), new_form(slug="visit"))

    assert (created.status_code, edited.status_code) == (403, 403)
    assert (Questionnaire.objects.count(), audit_count()) == before


# --- the questionnaire page and version history -------------------------------------------------


def test_the_questionnaire_page_lists_versions_with_responses(editor, centre, frozen):
    client, _user = editor
    first = VersionFactory(questionnaire__centre=centre, status=VersionStatus.RETIRED)
    second = VersionFactory(questionnaire=first.questionnaire, number=2)
    ResponseFactory.create_batch(2, version=first)
    ResponseFactory.create_batch(5, version=second)

    response = client.get(url(f"{first.questionnaire.pk}/"))

    html = response.content.decode()
    rows = response.context["questionnaire"].version_list
    assert [(v.number, v.status, v.response_count) for v in rows] == [
        (1, VersionStatus.RETIRED, 2),
        (2, VersionStatus.PUBLISHED, 5),
    ]
    assert "Знята з використання" in html
    assert "Опублікована" in html
    assert "Усього відповідей: 7." in html


# --- another centre -----------------------------------------------------------------------------


def test_another_centres_records_are_not_found(editor, other_centre):
    client, _user = editor
    foreign = VersionFactory(questionnaire=QuestionnaireFactory(centre=other_centre))
    question = QuestionFactory(section=SectionFactory(version=foreign))

    statuses = {
        client.get(url(f"{foreign.questionnaire.pk}/")).status_code,
        client.get(url(f"versions/{foreign.pk}/")).status_code,
        client.get(url(f"versions/{foreign.pk}/preview/")).status_code,
        client.post(url(f"questions/{question.pk}/delete/")).status_code,
        client.post(url(f"sections/{question.section_id}/move/"), {"position": 0}).status_code,
    }

    assert statuses == {404}
    assert Question.objects.filter(pk=question.pk).exists()
