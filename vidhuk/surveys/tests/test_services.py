"""Services of surveys: the builder, publishing, responses from every channel, visit tokens."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import CentreFactory, OfficeFactory
from vidhuk.surveys import services
from vidhuk.surveys.choices import Channel, QuestionnaireKind, VersionStatus
from vidhuk.surveys.models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
    SpentVisitCode,
    VisitToken,
)
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.factories import QuestionFactory, SectionFactory, VersionFactory, opts
from vidhuk.surveys.tokens import visit_code_hash

every_type = factories.every_type
frozen = factories.frozen
head = factories.head

VALID = {
    "purpose": "a",
    "sources": ["x", "z"],
    "speed": 4,
    "recommend": "9",
    "resolved": "yes",
    "rooms": {"hall": "clean", "toilet": "dirty"},
}


def submit(version, answers, *, key="form-1", **kwargs):
    kwargs.setdefault("channel", Channel.WEB)
    return services.response_submit(version=version, answers=answers, submission_key=key, **kwargs)


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


# --- responses ------------------------------------------------------------------------------------


def test_response_submit_stores_every_type_in_typed_columns(every_type, frozen):
    response = submit(every_type, VALID)

    stored = set(
        Answer.objects.filter(response=response).values_list(
            "question__code", "row", "choice", "number", "text"
        )
    )
    assert stored == {
        ("purpose", "", "a", None, ""),
        ("sources", "", "x", None, ""),
        ("sources", "", "z", None, ""),
        ("speed", "", "", 4, ""),
        ("recommend", "", "", 9, ""),
        ("resolved", "", "yes", None, ""),
        ("rooms", "hall", "clean", None, ""),
        ("rooms", "toilet", "dirty", None, ""),
    }
    assert response.submitted_on == dt.date(2026, 3, 2)
    assert response.channel == Channel.WEB


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        pytest.param("purpose", "c", "Оберіть один із", id="single-unknown-option"),
        pytest.param("purpose", ["a"], "Оберіть один із", id="single-list"),
        pytest.param("sources", ["x", "x"], "не більше одного разу", id="multiple-repeated"),
        pytest.param("sources", ["w"], "лише запропоновані", id="multiple-unknown"),
        pytest.param("speed", 0, "від 1 до 5", id="rating-below"),
        pytest.param("speed", 6, "від 1 до 5", id="rating-above"),
        pytest.param("speed", "4.5", "від 1 до 5", id="rating-fraction"),
        pytest.param("speed", True, "від 1 до 5", id="rating-bool"),
        pytest.param("recommend", 11, "від 0 до 10", id="scale-above"),
        pytest.param("recommend", -1, "від 0 до 10", id="scale-negative"),
        pytest.param("resolved", "maybe", "«так» або «ні»", id="yes-no-other"),
        pytest.param("rooms", {"hall": "shiny"}, "лише запропоновані", id="matrix-unknown-option"),
        pytest.param("rooms", {"roof": "clean"}, "лише запропоновані", id="matrix-unknown-row"),
        pytest.param("rooms", "clean", "кожного рядка", id="matrix-not-a-dict"),
        pytest.param("speed", None, "Дайте відповідь", id="required-missing"),
        pytest.param("nonsense", 1, "немає в цій анкеті", id="unknown-question"),
    ],
)
def test_response_submit_refuses_invalid_answer_and_saves_nothing(
    every_type, frozen, code, value, message
):
    with pytest.raises(ValidationError) as error:
        submit(every_type, {**VALID, code: value})

    assert list(error.value.message_dict) == [code]
    assert message in error.value.message_dict[code][0]
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)


def test_response_submit_reports_every_error_at_once(every_type, frozen):
    with pytest.raises(ValidationError) as error:
        submit(every_type, {"speed": 9, "recommend": 12, "purpose": "z"})

    assert sorted(error.value.message_dict) == ["purpose", "recommend", "speed"]


def test_response_submit_skip_logic_requires_only_shown_question(every_type, frozen):
    with pytest.raises(ValidationError) as error:
        submit(every_type, {**VALID, "resolved": "no"}, key="a")
    shown = submit(every_type, {**VALID, "resolved": "no", "why_not": " Довго "}, key="b")
    hidden = submit(every_type, {**VALID, "why_not": "не спитали"}, key="c")

    assert list(error.value.message_dict) == ["why_not"]
    assert shown.answers.get(question__code="why_not").text == "Довго"
    assert not hidden.answers.filter(question__code="why_not").exists()


def test_response_submit_optional_questions_may_be_empty(every_type, frozen):
    response = submit(every_type, {"speed": "5", "purpose": "", "sources": [], "rooms": {}})

    assert list(response.answers.values_list("question__code", "number")) == [("speed", 5)]


def test_response_submit_double_submit_stores_one(every_type, frozen):
    first = submit(every_type, VALID, key="same")
    second = submit(every_type, {**VALID, "speed": 1}, key="same")

    assert first == second
    assert Response.objects.count() == 1
    assert first.answers.get(question__code="speed").number == 4


@pytest.mark.parametrize(
    "status", [VersionStatus.DRAFT, VersionStatus.RETIRED], ids=["draft", "retired"]
)
def test_response_submit_refuses_unpublished_version(centre, frozen, status):
    version = VersionFactory(questionnaire__centre=centre, status=status)
    QuestionFactory(section=SectionFactory(version=version), code="speed")

    with pytest.raises(ValidationError, match="не опублікована"):
        submit(version, {"speed": 5})

    assert Response.objects.count() == 0


def test_response_submit_refuses_office_of_another_centre(every_type, other_centre, frozen):
    with pytest.raises(ValidationError):
        submit(every_type, VALID, office=OfficeFactory(centre=other_centre))

    assert Response.objects.count() == 0


# --- visit tokens ---------------------------------------------------------------------------------


@pytest.fixture
def office(centre):
    return OfficeFactory(centre=centre)


def issue(centre, office, head, *, count=1, valid_on=dt.date(2026, 3, 2), service=None):
    return services.visit_tokens_issue(
        centre=centre, office=office, service=service, valid_on=valid_on, count=count, actor=head
    )


def test_visit_tokens_issue_stores_only_hashes_and_audits(centre, office, head):
    codes = issue(centre, office, head, count=3)

    assert len(set(codes)) == 3
    assert set(VisitToken.objects.values_list("code_hash", flat=True)) == {
        visit_code_hash(code) for code in codes
    }
    assert not VisitToken.objects.filter(code_hash__in=codes).exists()
    event = AuditEvent.objects.get(object_type="surveys.visittoken")
    assert (event.action, event.changes["count"]) == (AuditAction.CREATE, 3)


def test_visit_tokens_issue_refuses_office_of_another_centre(centre, other_centre, head):
    with pytest.raises(ValidationError):
        issue(centre, OfficeFactory(centre=other_centre), head)

    assert VisitToken.objects.count() == 0


def test_visit_token_gives_one_answer_with_office_and_service(
    every_type, centre, office, head, frozen
):
    service = ServiceFactory(centre=centre)
    [code] = issue(centre, office, head, service=service)

    response = submit(every_type, VALID, channel=Channel.VISIT_TOKEN, visit_token=code.lower())
    with pytest.raises(ValidationError, match="уже відповіли"):
        submit(every_type, VALID, key="form-2", channel=Channel.VISIT_TOKEN, visit_token=code)

    assert (response.office, response.service, response.channel) == (
        office,
        service,
        Channel.VISIT_TOKEN,
    )
    # The token is gone; only the spent code's own digest says it was used.
    assert VisitToken.objects.count() == 0
    assert SpentVisitCode.objects.get().spent_on == dt.date(2026, 3, 2)
    assert Response.objects.count() == 1


def test_visit_token_double_submit_returns_the_same_response(
    every_type, centre, office, head, frozen
):
    [code] = issue(centre, office, head)

    first = submit(every_type, VALID, channel=Channel.VISIT_TOKEN, visit_token=code)
    second = submit(every_type, VALID, channel=Channel.VISIT_TOKEN, visit_token=code)

    assert first == second


def test_visit_token_accepted_within_a_week_of_the_visit(every_type, centre, office, head, frozen):
    [code] = issue(centre, office, head, valid_on=dt.date(2026, 2, 23))

    response = submit(every_type, VALID, channel=Channel.VISIT_TOKEN, visit_token=code)

    assert response.office == office


@pytest.mark.parametrize(
    ("valid_on", "tamper", "message"),
    [
        pytest.param(dt.date(2026, 2, 22), False, "Строк дії коду візиту минув", id="expired"),
        pytest.param(dt.date(2026, 3, 3), False, "недійсний", id="not-yet-valid"),
        pytest.param(dt.date(2026, 3, 2), True, "недійсний", id="tampered"),
    ],
)
def test_visit_token_refused(every_type, centre, office, head, frozen, valid_on, tamper, message):
    [code] = issue(centre, office, head, valid_on=valid_on)
    code = code[:-1] + ("A" if code[-1] != "A" else "B") if tamper else code

    with pytest.raises(ValidationError, match=message):
        submit(every_type, VALID, channel=Channel.VISIT_TOKEN, visit_token=code)

    assert Response.objects.count() == 0
    assert VisitToken.objects.count() == 1
    assert SpentVisitCode.objects.count() == 0


def test_visit_token_of_another_centre_refused(every_type, other_centre, head, frozen):
    [code] = issue(other_centre, OfficeFactory(centre=other_centre), head)

    with pytest.raises(ValidationError, match="недійсний"):
        submit(every_type, VALID, channel=Channel.VISIT_TOKEN, visit_token=code)

    assert VisitToken.objects.count() == 1
    assert SpentVisitCode.objects.count() == 0


def test_visit_token_channel_without_code_refused(every_type, frozen):
    with pytest.raises(ValidationError, match="недійсний"):
        submit(every_type, VALID, channel=Channel.VISIT_TOKEN)


def test_invalid_answers_leave_the_token_unused(every_type, centre, office, head, frozen):
    [code] = issue(centre, office, head)

    with pytest.raises(ValidationError):
        submit(every_type, {**VALID, "speed": 7}, channel=Channel.VISIT_TOKEN, visit_token=code)

    assert VisitToken.objects.count() == 1
    assert SpentVisitCode.objects.count() == 0
    assert Response.objects.count() == 0


def test_paper_entry_by_staff_is_audited_without_the_response_id(every_type, head, frozen):
    submit(every_type, VALID, channel=Channel.PAPER, actor=head)

    event = AuditEvent.objects.get(object_type="surveys.response")
    assert (event.object_id, event.changes) == ("", {"channel": "paper"})


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


def test_skip_logic_follows_chains_of_hidden_questions(centre, frozen):
    section = SectionFactory(version__questionnaire__centre=centre)
    QuestionFactory(section=section, code="ok", type="yes_no", is_required=True)
    QuestionFactory(
        section=section,
        code="reason",
        type="single_choice",
        options=opts("a", "b"),
        show_if={"question": "ok", "equals": ["no"]},
    )
    QuestionFactory(
        section=section,
        code="detail",
        type="yes_no",
        is_required=True,
        show_if={"question": "reason", "equals": ["a"]},
    )

    # «reason» is hidden by «ok», so its stale value does not make «detail» required.
    response = submit(section.version, {"ok": "yes", "reason": "a"})

    assert list(response.answers.values_list("question__code", "choice")) == [("ok", "yes")]


@pytest.mark.django_db(transaction=True)
def test_concurrent_use_of_one_visit_token_gives_one_response():
    centre = CentreFactory()
    office = OfficeFactory(centre=centre)
    version = VersionFactory(questionnaire__centre=centre)
    QuestionFactory(section=SectionFactory(version=version), code="speed")
    [code] = services.visit_tokens_issue(
        centre=centre,
        office=office,
        service=None,
        valid_on=timezone.localdate(),
        count=1,
        actor=None,
    )
    outcomes: list[str] = []

    def worker(key: str) -> None:
        try:
            submit(version, {"speed": 5}, key=key, channel=Channel.VISIT_TOKEN, visit_token=code)
            outcomes.append("stored")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"form-{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * 5 + ["stored"]
    assert Response.objects.count() == 1
