"""The builder's writes: sections, moves, settings, submission keys, validation and new versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent
from vidhuk.surveys.choices import QuestionnaireKind, VersionStatus
from vidhuk.surveys.forms.staff_builder import format_lines, parse_lines
from vidhuk.surveys.models import Question, Questionnaire, Section
from vidhuk.surveys.services.questionnaires import questionnaire_create, questionnaire_update
from vidhuk.surveys.services.questions import (
    question_add,
    question_move,
    question_remove,
    question_update,
)
from vidhuk.surveys.services.sections import (
    section_add,
    section_move,
    section_remove,
    section_update,
)
from vidhuk.surveys.services.version_checks import version_validate
from vidhuk.surveys.services.versions import version_new_draft, version_publish
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.factories import opts

frozen = factories.frozen
head = factories.head


@pytest.fixture
def draft(centre, head):
    questionnaire = questionnaire_create(
        centre=centre,
        kind=QuestionnaireKind.VISITOR_SURVEY,
        slug="visit",
        title_uk="Анкета",
        privacy_note_uk="Лише дата.",
        results_public=True,
        actor=head,
    )
    return questionnaire.versions.get()


def add(section, code, **kwargs):
    kwargs.setdefault("type", "rating")
    return question_add(section=section, code=code, text_uk=f"Питання {code}", actor=None, **kwargs)


def layout(version):
    return [
        (s.title_uk, [q.code for q in s.questions.order_by("position")])
        for s in version.sections.order_by("position")
    ]


def test_questionnaire_create_keeps_the_privacy_note_and_the_public_flag(draft):
    questionnaire = draft.questionnaire

    assert (questionnaire.privacy_note_uk, questionnaire.results_public) == ("Лише дата.", True)


def test_the_same_submission_key_creates_one_questionnaire(centre, head):
    made = [
        questionnaire_create(centre=centre, kind="visitor_survey", slug=f"s{n}", title_uk="А",
                             submission_key="form-1", actor=head)
        for n in range(2)
    ]  # fmt: skip

    assert made[0] == made[1]
    assert Questionnaire.objects.filter(centre=centre).count() == 1


def test_the_same_submission_key_adds_one_section_and_one_question(draft):
    sections = [
        section_add(version=draft, title_uk="Розділ", submission_key="k1", actor=None)
        for _ in range(2)
    ]
    questions = [
        question_add(section=sections[0], code="", type="yes_no", text_uk="Так?",
                     submission_key="k2", actor=None)
        for _ in range(2)
    ]  # fmt: skip

    assert sections[0] == sections[1]
    assert questions[0] == questions[1]
    assert questions[0].code == "q1"
    assert layout(draft) == [("Розділ", ["q1"])]


def test_a_blank_code_takes_the_first_free_one(draft):
    section = section_add(version=draft, title_uk="Розділ", actor=None)
    add(section, "q2")

    assert add(section, "").code == "q3"
    assert add(section, "").code == "q4"


def test_sections_rename_move_and_remove_with_their_questions(draft, head):
    first = section_add(version=draft, title_uk="Перший", actor=head)
    second = section_add(version=draft, title_uk="Другий", actor=head)
    third = section_add(version=draft, title_uk="Третій", actor=head)
    add(first, "a")

    section_update(section=third, title_uk="Останній", title_en="Last", actor=head)
    section_move(section=third, position=0, actor=head)
    section_remove(section=first, actor=head)

    assert layout(draft) == [("Останній", []), ("Другий", [])]
    assert list(draft.sections.order_by("position").values_list("position", flat=True)) == [0, 1]
    assert not Question.objects.filter(version=draft).exists()
    events = AuditEvent.objects.filter(object_type="surveys.questionnaireversion", actor=head)
    assert events.filter(changes__has_key="section_removed").get().changes["questions_removed"] == [
        "a"
    ]
    assert second.pk in draft.sections.values_list("pk", flat=True)


def test_question_move_to_another_section_closes_up_both(draft):
    first = section_add(version=draft, title_uk="Перший", actor=None)
    second = section_add(version=draft, title_uk="Другий", actor=None)
    a, b, c = add(first, "a"), add(first, "b"), add(second, "c")

    question_move(question=a, section=second, position=1, actor=None)
    question_move(question=a, section=second, position=1, actor=None)  # a repeat changes nothing

    assert layout(draft) == [("Перший", ["b"]), ("Другий", ["c", "a"])]
    assert [q.position for q in Question.objects.filter(pk__in=[a.pk, b.pk, c.pk]).order_by(
        "code")] == [1, 0, 0]  # fmt: skip


def test_question_move_refuses_a_section_of_another_version(draft, centre):
    section = section_add(version=draft, title_uk="Розділ", actor=None)
    question = add(section, "a")
    foreign = factories.SectionFactory(
        version__status=VersionStatus.DRAFT, version__published_at=None
    )

    with pytest.raises(ValidationError, match="іншій версії"):
        question_move(question=question, section=foreign, position=0, actor=None)


def test_removing_a_question_closes_up_its_section(draft):
    section = section_add(version=draft, title_uk="Розділ", actor=None)
    a, _b, _c = add(section, "a"), add(section, "b"), add(section, "c")

    question_remove(question=a, actor=None)

    assert list(section.questions.order_by("position").values_list("code", "position")) == [
        ("b", 0),
        ("c", 1),
    ]


def test_question_update_carries_a_new_code_into_skip_logic_and_can_change_section(draft, head):
    first = section_add(version=draft, title_uk="Перший", actor=None)
    second = section_add(version=draft, title_uk="Другий", actor=None)
    ok = add(first, "ok", type="yes_no")
    add(first, "why", type="text", show_if={"question": "ok", "equals": ["no"]})

    question_update(question=ok, data={"code": "is_ok"}, section=second, actor=head)

    assert Question.objects.get(code="why").show_if == {"question": "is_ok", "equals": ["no"]}
    assert layout(draft) == [("Перший", ["why"]), ("Другий", ["is_ok"])]
    event = AuditEvent.objects.filter(changes__question_updated="is_ok").get()
    assert event.changes["fields"] == ["code"]


def test_the_kind_cannot_change_after_publishing(draft, head, frozen):
    section = section_add(version=draft, title_uk="Розділ", actor=None)
    add(section, "a")
    questionnaire_update(questionnaire=draft.questionnaire, data={"kind": "mystery_shopper"},
                         actor=head)  # fmt: skip
    version_publish(version=draft, actor=head)

    with pytest.raises(ValidationError, match="Вид анкети не можна змінити"):
        questionnaire_update(
            questionnaire=draft.questionnaire, data={"kind": "visitor_survey"}, actor=head
        )

    draft.questionnaire.refresh_from_db()
    assert draft.questionnaire.kind == QuestionnaireKind.MYSTERY_SHOPPER
    assert AuditEvent.objects.filter(
        object_type="surveys.questionnaire", action=AuditAction.UPDATE
    ).get().changes == {"kind": ["visitor_survey", "mystery_shopper"]}


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        pytest.param(
            [("rooms", {"type": "matrix", "options": opts("a", "b"), "rows": opts("x", "x")})],
            "Рядки матриці «rooms» повторюються.",
            id="matrix-rows-repeat",
        ),
        pytest.param(
            [
                ("rooms", {"type": "matrix", "options": opts("a"), "rows": opts("x")}),
                ("why", {"type": "text", "show_if": {"question": "rooms", "equals": ["a"]}}),
            ],
            "не може залежати від питання «rooms»",
            id="skip-on-a-matrix",
        ),
        pytest.param(
            [("pick", {"type": "single_choice", "options": opts("x" * 61)})],
            "довше за 60 символів",
            id="value-too-long",
        ),
    ],
)
def test_version_validate_finds_more_problems(draft, questions, message):
    section = section_add(version=draft, title_uk="Розділ", actor=None)
    for code, kwargs in questions:
        add(section, code, **kwargs)

    problems = [m for messages in version_validate(version=draft).values() for m in messages]

    assert any(message in problem for problem in problems), problems


def test_version_validate_names_an_empty_section(draft):
    add(section_add(version=draft, title_uk="Розділ", actor=None), "a")
    section_add(version=draft, title_uk="Порожній", actor=None)

    assert version_validate(version=draft) == {
        "": ["Розділ «Порожній» порожній: додайте питання або видаліть розділ."]
    }


def test_a_new_version_copies_the_chosen_version(draft, head, frozen):
    section = section_add(version=draft, title_uk="Розділ", actor=None)
    add(section, "first")
    version_publish(version=draft, actor=head)
    second = version_new_draft(questionnaire=draft.questionnaire, actor=head)
    add(second.sections.get(), "second")
    version_publish(version=second, actor=head)

    third = version_new_draft(questionnaire=draft.questionnaire, source=draft, actor=head)

    assert third.number == 3
    assert layout(third) == [("Розділ", ["first"])]


def test_options_lines_round_trip():
    options = [
        {"value": "good", "label_uk": "Добре", "label_en": "Good", "is_satisfied": True},
        {"value": "bad", "label_uk": "Погано", "label_en": ""},
        {"value": "ok", "label_uk": "Так собі", "label_en": "", "is_satisfied": True},
    ]

    text = format_lines(options, with_satisfied=True)

    assert text == "good | Добре | Good | *\nbad | Погано\nok | Так собі |  | *"
    assert parse_lines(text, with_satisfied=True) == options


def test_option_lines_name_every_wrong_line():
    with pytest.raises(ValidationError) as error:
        parse_lines("a | Так\n\nb\nC | Ні\nd |", with_satisfied=False)

    assert error.value.messages == [
        "Рядок 3 («b»): потрібні щонайменше значення і підпис через «|».",
        "Рядок 4 («C | Ні»): значення «C» — лише малі латинські літери, цифри, «_» і «-», "
        "до 60 символів.",
        "Рядок 5 («d |»): не вказано підпис українською.",
    ]


def test_rows_take_no_satisfied_mark():
    with pytest.raises(ValidationError, match="забагато частин"):
        parse_lines("hall | Зала | Hall | *", with_satisfied=False)


def test_section_of_a_published_version_is_frozen(draft, frozen):
    section = section_add(version=draft, title_uk="Розділ", actor=None)
    add(section, "a")
    version_publish(version=draft, actor=None)

    for attempt in (
        lambda: section_update(section=section, title_uk="Інше", actor=None),
        lambda: section_move(section=section, position=1, actor=None),
        lambda: section_remove(section=section, actor=None),
    ):
        with pytest.raises(ValidationError, match="не можна змінювати"):
            attempt()

    assert Section.objects.get(pk=section.pk).title_uk == "Розділ"
