"""The questionnaire builder of the back office (issue 4, §1): the list, creating and editing a
questionnaire, editing a draft, publishing, new versions and the preview."""

from __future__ import annotations

import uuid

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.core.models import AuditEvent
from vidhuk.surveys.choices import QuestionnaireKind, VersionStatus
from vidhuk.surveys.models import Question, Questionnaire, QuestionnaireVersion, Response, Section
from vidhuk.surveys.services.questionnaires import questionnaire_create
from vidhuk.surveys.services.questions import question_add
from vidhuk.surveys.services.sections import section_add
from vidhuk.surveys.services.versions import version_publish
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    SectionFactory,
    VersionFactory,
    opts,
)

frozen = factories.frozen

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


# --- editing a draft ----------------------------------------------------------------------------


def test_the_draft_page_shows_sections_questions_and_what_stops_publishing(editor, built):
    client, _user = editor
    section_add(version=built, title_uk="Порожній", actor=None)

    html = client.get(url(f"versions/{built.pk}/")).content.decode()

    assert "Розділ 1. Візит" in html
    assert "Розділ 2. Оцінки" in html
    assert "Питання вирішено?" in html
    assert "Показується, лише якщо на «resolved» відповіли: no" in html
    assert "Розділ «Порожній» порожній" in html
    assert "Опублікувати…" in html


def test_adding_a_section_twice_with_one_form_adds_one(editor, draft):
    client, user = editor
    data = {"submission_key": str(uuid.uuid4()), "title_uk": "Про вас", "title_en": "About you"}

    first = client.post(url(f"versions/{draft.pk}/sections/new/"), data)
    second = client.post(url(f"versions/{draft.pk}/sections/new/"), data)

    section = Section.objects.get(version=draft)
    assert (section.title_uk, section.title_en) == ("Про вас", "About you")
    assert (
        first["Location"] == second["Location"] == url(f"versions/{draft.pk}/#section-{section.pk}")
    )


def test_a_section_without_title_is_refused(editor, draft):
    client, _user = editor

    response = client.post(
        url(f"versions/{draft.pk}/sections/new/"), {"title_uk": " ", "title_en": ""}
    )

    assert "Заповніть це поле." in response.content.decode()
    assert not Section.objects.exists()


def test_sections_are_renamed_moved_and_deleted(editor, built):
    client, _user = editor
    visit, ratings = built.sections.order_by("position")

    client.post(url(f"sections/{ratings.pk}/"), {"title_uk": "Ваші оцінки", "title_en": "Ratings"})
    client.post(url(f"sections/{ratings.pk}/move/"), {"position": "0"})
    client.post(url(f"sections/{ratings.pk}/move/"), {"position": "0"})  # a double submit
    order = list(built.sections.order_by("position").values_list("title_uk", flat=True))
    confirm = client.get(url(f"sections/{visit.pk}/delete/"))
    client.post(url(f"sections/{visit.pk}/delete/"))

    assert order == ["Ваші оцінки", "Візит"]
    assert "Разом із розділом буде видалено його питання: 2." in confirm.content.decode()
    assert codes(built) == [("Ваші оцінки", "speed")]


def question_form(section: Section, **overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "section": str(section.pk),
        "type": "single_choice",
        "code": "purpose",
        "text_uk": "Мета візиту",
        "text_en": "Purpose of the visit",
        "help_uk": "",
        "help_en": "",
        "options": "consult | Консультація | Consultation\nsubmit | Подати документи | Submit | *",
        "rows": "",
        "show_if_question": "",
        "show_if_values": "",
    }
    data.update(overrides)
    return data


def test_adding_a_choice_question_parses_its_options(editor, built):
    client, _user = editor
    visit = built.sections.get(position=0)

    response = client.post(url(f"sections/{visit.pk}/questions/new/"), question_form(visit))

    question = Question.objects.get(version=built, code="purpose")
    assert response.status_code == 302
    assert question.options == [
        {"value": "consult", "label_uk": "Консультація", "label_en": "Consultation"},
        {"value": "submit", "label_uk": "Подати документи", "label_en": "Submit",
         "is_satisfied": True},
    ]  # fmt: skip
    assert codes(built)[:3] == [("Візит", "resolved"), ("Візит", "why_not"), ("Візит", "purpose")]


def test_a_double_submit_adds_one_question(editor, built):
    client, _user = editor
    visit = built.sections.get(position=0)
    data = question_form(visit, code="")

    client.post(url(f"sections/{visit.pk}/questions/new/"), data)
    client.post(url(f"sections/{visit.pk}/questions/new/"), data)

    assert Question.objects.filter(version=built).count() == 4


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param(
            {"options": "consult | Консультація\nБез значення"},
            "options",
            "Рядок 2 («Без значення»): потрібні щонайменше значення і підпис через «|».",
            id="line-without-separator",
        ),
        pytest.param(
            {"options": "a | Так\nВаріант Б | Ні"},
            "options",
            "Рядок 2 («Варіант Б | Ні»): значення «Варіант Б» — лише малі латинські літери",
            id="value-not-latin",
        ),
        pytest.param(
            {"options": "a | Так\nb | Ні\na | Ще раз"},
            "options",
            "Рядок 3 («a | Ще раз»): значення «a» уже є в рядку 1.",
            id="value-repeated",
        ),
        pytest.param(
            {"options": "a | Так | Yes | так"},
            "options",
            "Рядок 1 («a | Так | Yes | так»): у четвертій частині може стояти лише «*»",
            id="bad-satisfied-mark",
        ),
        pytest.param({"options": ""}, "options", "Додайте варіанти відповіді", id="no-options"),
        pytest.param(
            {"type": "rating"},
            "options",
            "Питання цього типу не має власних варіантів",
            id="options-on-a-rating",
        ),
        pytest.param({"type": "matrix"}, "rows", "Додайте рядки матриці", id="matrix-without-rows"),
        pytest.param(
            {"code": "resolved"},
            "code",
            "Питання з таким кодом уже є в цій версії.",
            id="code-taken",
        ),
        pytest.param(
            {"show_if_question": "resolved", "show_if_values": "maybe"},
            "show_if_values",
            "Немає такої відповіді на питання «resolved»: maybe. Можливі: no, yes.",
            id="skip-value-unknown",
        ),
        pytest.param(
            {"show_if_question": "resolved", "show_if_values": ""},
            "show_if_values",
            "Вкажіть, за яких відповідей показувати питання",
            id="skip-without-values",
        ),
        pytest.param(
            {"show_if_question": "why_not", "show_if_values": "x"},
            "show_if_question",
            "Оберіть",
            id="skip-on-free-text",
        ),
        pytest.param({"text_uk": ""}, "text_uk", "Заповніть це поле.", id="no-text"),
    ],
)
def test_a_wrong_question_is_refused_at_the_field_and_nothing_saved(
    editor, built, overrides, field, message
):
    client, _user = editor
    visit = built.sections.get(position=0)
    before = (Question.objects.count(), audit_count())

    response = client.post(
        url(f"sections/{visit.pk}/questions/new/"), question_form(visit, **overrides)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in html
    assert 'class="govuk-error-summary"' in html
    assert (Question.objects.count(), audit_count()) == before


def test_a_rating_question_with_skip_logic_and_a_matrix(editor, built):
    client, _user = editor
    ratings = built.sections.get(position=1)

    client.post(
        url(f"sections/{ratings.pk}/questions/new/"),
        question_form(ratings, type="rating", code="comfort", options="",
                      show_if_question="speed", show_if_values="1, 2"),
    )  # fmt: skip
    client.post(
        url(f"sections/{ratings.pk}/questions/new/"),
        question_form(ratings, type="matrix", code="rooms", options="clean | Чисто\ndirty | Брудно",
                      rows="hall | Зала | Hall\ntoilet | Туалет"),
    )  # fmt: skip

    comfort = Question.objects.get(version=built, code="comfort")
    rooms = Question.objects.get(version=built, code="rooms")
    assert comfort.show_if == {"question": "speed", "equals": ["1", "2"]}
    assert rooms.rows == [
        {"value": "hall", "label_uk": "Зала", "label_en": "Hall"},
        {"value": "toilet", "label_uk": "Туалет", "label_en": ""},
    ]


def test_editing_a_question_shows_its_lines_and_a_new_code_follows_into_skip_logic(editor, built):
    client, _user = editor
    resolved = Question.objects.get(version=built, code="resolved")
    ratings = built.sections.get(position=1)

    page = client.get(url(f"questions/{resolved.pk}/"))
    response = client.post(
        url(f"questions/{resolved.pk}/"),
        question_form(ratings, type="yes_no", code="is_resolved", options="",
                      text_uk="Ваше питання вирішено?", is_required="on"),
    )  # fmt: skip

    resolved.refresh_from_db()
    assert page.context["form"].initial["code"] == "resolved"
    assert response.status_code == 302
    assert (resolved.code, resolved.text_uk, resolved.section_id) == (
        "is_resolved",
        "Ваше питання вирішено?",
        ratings.pk,
    )
    assert Question.objects.get(version=built, code="why_not").show_if == {
        "question": "is_resolved",
        "equals": ["no"],
    }


def test_questions_move_up_and_down_across_sections(editor, built):
    client, _user = editor
    visit, ratings = built.sections.order_by("position")
    speed = Question.objects.get(version=built, code="speed")
    why_not = Question.objects.get(version=built, code="why_not")

    client.post(url(f"questions/{speed.pk}/move/"), {"section": visit.pk, "position": 2})
    client.post(url(f"questions/{why_not.pk}/move/"), {"section": ratings.pk, "position": 0})

    assert codes(built) == [("Візит", "resolved"), ("Візит", "speed"), ("Оцінки", "why_not")]


def test_the_draft_page_offers_moves_that_cross_sections(editor, built):
    client, _user = editor

    response = client.get(url(f"versions/{built.pk}/"))

    rows = response.context["sections"]
    first, second = rows
    visit_id, ratings_id = first["section"].pk, second["section"].pk
    assert [(i["up"], i["down"]) for i in first["questions"]] == [
        (None, (visit_id, 1)),
        ((visit_id, 0), (ratings_id, 0)),
    ]
    assert [(i["up"], i["down"]) for i in second["questions"]] == [((visit_id, 2), None)]
    assert (first["up"], first["down"], second["up"], second["down"]) == (None, 1, 0, None)


def test_deleting_a_question_warns_about_its_dependants(editor, built):
    client, _user = editor
    resolved = Question.objects.get(version=built, code="resolved")

    confirm = client.get(url(f"questions/{resolved.pk}/delete/"))
    client.post(url(f"questions/{resolved.pk}/delete/"))

    assert "Від відповіді на це питання залежить показ інших: why_not." in (
        confirm.content.decode()
    )
    assert [c for _s, c in codes(built)] == ["why_not", "speed"]


def test_a_published_version_is_read_only_and_refuses_changes(editor, built, frozen):
    client, _user = editor
    version_publish(version=built, actor=None)
    question = Question.objects.get(version=built, code="speed")
    section = question.section
    before = (codes(built), audit_count())

    page = client.get(url(f"versions/{built.pk}/")).content.decode()
    responses = [
        client.post(url(f"questions/{question.pk}/"), question_form(section, type="rating",
                                                                     options="")),
        client.post(url(f"questions/{question.pk}/delete/")),
        client.post(url(f"questions/{question.pk}/move/"), {"position": 0}),
        client.post(url(f"sections/{section.pk}/delete/")),
        client.post(url(f"sections/{section.pk}/"), {"title_uk": "Інше"}),
        client.post(url(f"versions/{built.pk}/sections/new/"), {"title_uk": "Інше"}),
        client.post(url(f"sections/{section.pk}/questions/new/"), question_form(section)),
    ]  # fmt: skip

    assert "Створити нову версію" in page
    assert "Додати питання" not in page
    assert "Видалити" not in page
    assert {r.status_code for r in responses} == {302}
    assert (codes(built), audit_count()) == before


def test_create_new_version_copies_the_viewed_version_once(editor, built, frozen):
    client, user = editor
    version_publish(version=built, actor=None)

    first = client.post(url(f"versions/{built.pk}/new-version/"))
    second = client.post(url(f"versions/{built.pk}/new-version/"))

    draft = QuestionnaireVersion.objects.get(questionnaire=built.questionnaire, number=2)
    assert first["Location"] == second["Location"] == url(f"versions/{draft.pk}/")
    assert draft.status == VersionStatus.DRAFT
    assert [c for _s, c in codes(draft)] == ["resolved", "why_not", "speed"]
    assert AuditEvent.objects.filter(
        object_type="surveys.questionnaireversion", object_id=str(draft.pk), actor=user
    ).exists()


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
