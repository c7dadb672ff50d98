"""Services of surveys: responses from every channel and visit tokens."""

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
from vidhuk.surveys.choices import Channel, VersionStatus
from vidhuk.surveys.models import (
    Answer,
    Response,
    SpentVisitCode,
    VisitToken,
)
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.answering import VALID, submit
from vidhuk.surveys.tests.factories import QuestionFactory, SectionFactory, VersionFactory, opts
from vidhuk.surveys.tokens import visit_code_hash

every_type = factories.every_type
frozen = factories.frozen
head = factories.head


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
