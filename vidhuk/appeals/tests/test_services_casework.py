"""Services of appeals, case work: assignment, status transitions, the answer and extensions
of the deadline."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from vidhuk.appeals import services
from vidhuk.appeals.choices import (
    AnswerDelivery,
    Channel,
    EventStage,
    Kind,
    NotConsideredReason,
    Status,
)
from vidhuk.appeals.deadlines import info_request_extended_deadline
from vidhuk.appeals.models import (
    Appeal,
    AppealEvent,
)
from vidhuk.appeals.services import Applicant
from vidhuk.appeals.tests import factories
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.appeals.tests.submitting import CONSENT, KYIV, end_of, submit
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent

# Fixtures shared by the appeals tests (a conftest.py would hold them; see factories.py).
executor = factories.executor
frozen = factories.frozen
head = factories.head
outsider = factories.outsider


# --- assignment ----------------------------------------------------------------------------


def test_assign_to_a_member_of_the_centre(centre, head, executor):
    appeal = AppealFactory(centre=centre)

    services.appeal_assign(appeal=appeal, executor=executor, actor=head)

    appeal.refresh_from_db()
    assert appeal.executor == executor
    assert appeal.events.get().stage == EventStage.ASSIGNED
    assert appeal.events.get().is_public is False


def test_assign_to_a_member_of_another_centre_is_refused(centre, head, outsider):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(ValidationError):
        services.appeal_assign(appeal=appeal, executor=outsider, actor=head)

    appeal.refresh_from_db()
    assert appeal.executor is None


def test_bulk_assign_gives_every_case(centre, head, executor):
    appeals = AppealFactory.create_batch(3, centre=centre)

    services.appeal_bulk_assign(
        centre=centre, appeal_ids=[a.pk for a in appeals], executor=executor, actor=head
    )

    assert set(Appeal.objects.values_list("executor", flat=True)) == {executor.pk}


def test_bulk_assign_across_centres_is_refused_and_changes_nothing(
    centre, other_centre, head, executor
):
    mine = AppealFactory(centre=centre)
    theirs = AppealFactory(centre=other_centre)

    with pytest.raises(ValidationError):
        services.appeal_bulk_assign(
            centre=centre, appeal_ids=[mine.pk, theirs.pk], executor=executor, actor=head
        )

    assert list(Appeal.objects.values_list("executor", flat=True)) == [None, None]
    assert AppealEvent.objects.count() == 0


# --- status transitions --------------------------------------------------------------------


def do_take(appeal, actor):
    return services.appeal_take_into_work(appeal=appeal, actor=actor)


def do_answer(appeal, actor):
    return services.appeal_answer(
        appeal=appeal, actor=actor, answer_text="Пандус встановимо до 1 травня.", delivery="email"
    )


def do_close(appeal, actor):
    return services.appeal_close(appeal=appeal, actor=actor)


def do_return(appeal, actor):
    return services.appeal_return_noncompliant(appeal=appeal, actor=actor, reason="Без підпису")


def do_forward(appeal, actor):
    return services.appeal_forward(
        appeal=appeal, actor=actor, forwarded_to="Головне управління ПФУ", reason="Пенсії"
    )


def do_not_considered(appeal, actor):
    return services.appeal_mark_not_considered(
        appeal=appeal, actor=actor, reason=NotConsideredReason.REPEATED_SAME_BODY
    )


ACTIONS = {
    "take": (do_take, Status.IN_PROGRESS),
    "answer": (do_answer, Status.ANSWERED),
    "close": (do_close, Status.CLOSED),
    "return": (do_return, Status.RETURNED),
    "forward": (do_forward, Status.FORWARDED),
    "not_considered": (do_not_considered, Status.NOT_CONSIDERED),
}
# (action, from status) pairs allowed for a formal appeal; every other pair is refused.
ALLOWED_FOR_APPEAL = {
    ("take", Status.REGISTERED),
    ("answer", Status.REGISTERED),
    ("answer", Status.IN_PROGRESS),
    ("close", Status.ANSWERED),
    ("return", Status.REGISTERED),
    ("return", Status.IN_PROGRESS),
    ("forward", Status.REGISTERED),
    ("forward", Status.IN_PROGRESS),
    ("not_considered", Status.REGISTERED),
    ("not_considered", Status.IN_PROGRESS),
}
ALL_PAIRS = [(action, status) for action in ACTIONS for status in Status.values]


@pytest.mark.parametrize(
    ("action", "status"),
    sorted(ALLOWED_FOR_APPEAL),
    ids=[f"{a}-from-{s}" for a, s in sorted(ALLOWED_FOR_APPEAL)],
)
def test_allowed_transition_of_a_formal_appeal(centre, head, frozen, action, status):
    appeal = AppealFactory(centre=centre, status=status, executor=head)
    func, expected = ACTIONS[action]

    func(appeal, head)

    appeal.refresh_from_db()
    assert appeal.status == expected


REFUSED = [pair for pair in ALL_PAIRS if pair not in ALLOWED_FOR_APPEAL]


@pytest.mark.parametrize(("action", "status"), REFUSED, ids=[f"{a}-from-{s}" for a, s in REFUSED])
def test_refused_transition_of_a_formal_appeal_changes_nothing(
    centre, head, frozen, action, status
):
    appeal = AppealFactory(centre=centre, status=status, executor=head)
    func, _expected = ACTIONS[action]

    with pytest.raises(ValidationError):
        func(appeal, head)

    appeal.refresh_from_db()
    assert appeal.status == status
    assert AppealEvent.objects.count() == 0


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.IN_PROGRESS], ids=str)
def test_feedback_can_be_closed_without_an_answer(centre, head, status):
    appeal = AppealFactory(centre=centre, kind=Kind.THANKS, status=status, due_at=None)

    services.appeal_close(appeal=appeal, actor=head)

    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED
    assert appeal.closed_at is not None


@pytest.mark.parametrize("func", [do_return, do_not_considered], ids=["return", "not-considered"])
def test_feedback_cannot_be_returned_or_left_unconsidered(centre, head, func):
    appeal = AppealFactory(centre=centre, kind=Kind.QUESTION, due_at=None)

    with pytest.raises(ValidationError):
        func(appeal, head)


def test_take_into_work_makes_an_unassigned_case_the_actors(centre, executor):
    appeal = AppealFactory(centre=centre)

    services.appeal_take_into_work(appeal=appeal, actor=executor)

    appeal.refresh_from_db()
    assert (appeal.status, appeal.executor) == (Status.IN_PROGRESS, executor)


def test_return_is_refused_after_10_days(centre, head, frozen):
    appeal = AppealFactory(centre=centre)
    frozen.move_to(dt.datetime(2026, 3, 13, 9, 0, tzinfo=KYIV), tick=False)

    with pytest.raises(ValidationError) as error:
        do_return(appeal, head)

    assert error.value.code == "return_late"


def test_return_on_the_10th_day_is_allowed(centre, head, frozen):
    appeal = AppealFactory(centre=centre)
    frozen.move_to(dt.datetime(2026, 3, 12, 18, 0, tzinfo=KYIV), tick=False)

    do_return(appeal, head)

    appeal.refresh_from_db()
    assert appeal.return_reason == "Без підпису"
    assert appeal.closed_at is not None


def test_late_forward_is_made_and_audited_as_late(centre, head, frozen):
    appeal = AppealFactory(centre=centre)
    frozen.move_to(dt.datetime(2026, 3, 10, 9, 0, tzinfo=KYIV), tick=False)

    do_forward(appeal, head)

    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.changes["late"] is True
    assert appeal.events.get().public_text == "Переслано за належністю: Головне управління ПФУ."


def test_not_considered_needs_a_reason_of_article_8(centre, head):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(ValueError):  # noqa: PT011 — an unknown enum value
        services.appeal_mark_not_considered(appeal=appeal, actor=head, reason="не хочеться")


def test_internal_note_is_never_public(centre, head):
    appeal = AppealFactory(centre=centre)

    event = services.appeal_add_note(appeal=appeal, actor=head, note="Подзвонити заявниці")

    assert (event.stage, event.is_public, event.public_text) == (EventStage.NOTE, False, "")


# --- answer --------------------------------------------------------------------------------


def test_answer_by_email_is_stored(centre, head, frozen):
    appeal = AppealFactory(centre=centre)

    do_answer(appeal, head)

    appeal.refresh_from_db()
    assert appeal.answer_delivery == AnswerDelivery.EMAIL
    assert appeal.answered_at == dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)


def test_answer_by_email_needs_an_email(centre, head):
    appeal = AppealFactory(centre=centre, email="", channel=Channel.POST, document_type="letter")

    with pytest.raises(ValidationError) as error:
        do_answer(appeal, head)

    assert "answer_delivery" in error.value.message_dict


def test_a_formal_appeal_must_be_answered_to_the_applicant(centre, head):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(ValidationError):
        services.appeal_answer(appeal=appeal, actor=head, answer_text="Так", delivery="none")


def test_anonymous_feedback_may_be_answered_on_the_tracker_only(centre, head):
    appeal = AppealFactory(
        centre=centre, kind=Kind.QUESTION, is_anonymous=True, full_name="", email="", due_at=None
    )

    services.appeal_answer(appeal=appeal, actor=head, answer_text="Так, у суботу", delivery="none")

    appeal.refresh_from_db()
    assert appeal.status == Status.ANSWERED


# --- extension -----------------------------------------------------------------------------


def test_appeal_extended_within_45_days(centre, head, frozen):
    appeal = AppealFactory(centre=centre)

    services.appeal_extend(
        appeal=appeal, actor=head, reason="Потрібен висновок БТІ", new_deadline=dt.date(2026, 4, 16)
    )

    appeal.refresh_from_db()
    assert appeal.due_at == end_of(dt.date(2026, 4, 16))
    assert appeal.extension_reason == "Потрібен висновок БТІ"
    assert appeal.events.get().stage == EventStage.EXTENDED


@pytest.mark.parametrize(
    "new_deadline",
    [dt.date(2026, 4, 17), dt.date(2026, 3, 20)],
    ids=["past-45-days", "within-the-month"],
)
def test_appeal_extension_outside_the_law_is_refused(centre, head, frozen, new_deadline):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(ValidationError) as error:
        services.appeal_extend(
            appeal=appeal, actor=head, reason="Потрібен висновок", new_deadline=new_deadline
        )

    assert "new_deadline" in error.value.message_dict
    appeal.refresh_from_db()
    assert appeal.extended_at is None


def test_extension_needs_a_reason(centre, head, frozen):
    appeal = AppealFactory(centre=centre)

    with pytest.raises(ValidationError):
        services.appeal_extend(
            appeal=appeal, actor=head, reason=" ", new_deadline=dt.date(2026, 4, 10)
        )


def info_request(centre, **extra):
    return submit(
        centre,
        kind=Kind.INFO_REQUEST,
        applicant=Applicant(
            full_name="Петренко Ольга", email="olha@example.com", consent_text=CONSENT
        ),
        **extra,
    ).appeal


def test_information_request_extended_to_20_working_days(centre, head, frozen):
    appeal = info_request(centre)

    services.appeal_extend(appeal=appeal, actor=head, reason="Великий обсяг: 300 сторінок")

    appeal.refresh_from_db()
    assert appeal.due_at == info_request_extended_deadline(
        received_at=appeal.received_at, centre=centre
    )


def test_information_request_extension_after_5_working_days_is_refused(centre, head, frozen):
    appeal = info_request(centre)
    frozen.move_to(dt.datetime(2026, 3, 20, 9, 0, tzinfo=KYIV), tick=False)

    with pytest.raises(ValidationError) as error:
        services.appeal_extend(appeal=appeal, actor=head, reason="Великий обсяг")

    assert error.value.code == "extension_late"


def test_urgent_information_request_cannot_be_extended(centre, head, frozen):
    appeal = info_request(centre, is_urgent=True, urgency_reason="Підтоплення")

    with pytest.raises(ValidationError):
        services.appeal_extend(appeal=appeal, actor=head, reason="Великий обсяг")


def test_feedback_has_no_term_to_extend(centre, head):
    appeal = AppealFactory(centre=centre, kind=Kind.THANKS, due_at=None)

    with pytest.raises(ValidationError):
        services.appeal_extend(appeal=appeal, actor=head, reason="—")


def test_needs_study_moves_the_deadline_to_one_month(centre, head, frozen):
    appeal = submit(centre).appeal

    services.appeal_set_needs_study(appeal=appeal, needs_study=True, actor=head)

    appeal.refresh_from_db()
    assert appeal.due_at == end_of(dt.date(2026, 4, 2))
