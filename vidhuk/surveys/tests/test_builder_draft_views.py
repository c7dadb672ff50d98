"""The questionnaire builder of the back office (issue 4, §1): editing a draft (sections,
questions, options, skip logic, order)."""

from __future__ import annotations

import uuid

import pytest

from vidhuk.core.models import AuditEvent
from vidhuk.surveys.choices import VersionStatus
from vidhuk.surveys.models import Question, QuestionnaireVersion, Section
from vidhuk.surveys.services.sections import section_add
from vidhuk.surveys.services.versions import version_publish
from vidhuk.surveys.tests import builder_pages, factories
from vidhuk.surveys.tests.builder_pages import audit_count, codes, url

frozen = factories.frozen
editor = builder_pages.editor
draft = builder_pages.draft
built = builder_pages.built


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
