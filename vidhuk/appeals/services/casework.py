"""Case work: assignment, deadlines, the answer and every way a case ends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record

from .. import tasks
from ..choices import (
    KIND_GROUP,
    AnswerDelivery,
    ConsiderationResult,
    EventStage,
    KindGroup,
    NotConsideredReason,
    Status,
)
from ..deadlines import (
    appeal_deadline,
    appeal_extension_is_valid,
    appeal_max_extended_deadline,
    end_of_day,
    forward_deadline,
    info_request_deadline,
    info_request_extended_deadline,
    info_request_forward_deadline,
    kyiv_date,
    return_noncompliant_deadline,
)
from ..models import Appeal, AppealEvent
from ._common import OPEN, add_event, after_commit, ensure_group, ensure_member, ensure_status, lock


def _audit(*, appeal: Appeal, actor: Any, changes: dict[str, Any]) -> None:
    audit_record(
        actor=actor, centre=appeal.centre, action=AuditAction.UPDATE, obj=appeal, changes=changes
    )


def _set_status(
    *, appeal: Appeal, status: str, actor: Any, extra: dict[str, Any] | None = None
) -> None:
    old = appeal.status
    appeal.status = Status(status)
    appeal.full_clean()
    appeal.save()
    _audit(appeal=appeal, actor=actor, changes={"status": [old, appeal.status]} | (extra or {}))


@transaction.atomic
def appeal_assign(*, appeal: Appeal, executor: Any, actor: Any) -> Appeal:
    """Give an open case to an executor: an active member of the same centre."""
    lock(appeal)
    ensure_status(appeal, OPEN, _("призначити виконавця"))
    ensure_member(centre=appeal.centre, user=executor)
    if appeal.executor_id == executor.pk:
        return appeal
    old = appeal.executor
    appeal.executor = executor
    appeal.save(update_fields=["executor", "updated_at"])
    add_event(appeal=appeal, stage=EventStage.ASSIGNED, actor=actor, is_public=False)
    _audit(appeal=appeal, actor=actor, changes={"executor": [str(old or ""), str(executor)]})
    return appeal


@transaction.atomic
def appeal_bulk_assign(
    *, centre: Centre, appeal_ids: Sequence[int], executor: Any, actor: Any
) -> list[Appeal]:
    """Assign many open cases of the centre at once: all of them or, when any is another
    centre's, closed, or unknown, none."""
    ensure_member(centre=centre, user=executor)
    wanted = set(appeal_ids)
    appeals = list(
        Appeal.objects.select_for_update()
        .select_related("centre")
        .filter(centre=centre, pk__in=wanted, status__in=OPEN)
        .order_by("pk")
    )
    if len(appeals) != len(wanted):
        raise ValidationError(
            _("Деякі звернення не знайдено серед відкритих звернень центру."), code="not_found"
        )
    for appeal in appeals:
        appeal_assign(appeal=appeal, executor=executor, actor=actor)
    return appeals


@transaction.atomic
def appeal_take_into_work(*, appeal: Appeal, actor: Any) -> Appeal:
    """The executor starts work; an unassigned case becomes the actor's own."""
    lock(appeal)
    ensure_status(appeal, {Status.REGISTERED}, _("взяти в роботу"))
    if appeal.executor_id is None:
        ensure_member(centre=appeal.centre, user=actor)
        appeal.executor = actor
    _set_status(appeal=appeal, status=Status.IN_PROGRESS, actor=actor)
    add_event(
        appeal=appeal,
        stage=EventStage.IN_PROGRESS,
        actor=actor,
        public_text=_("Звернення розглядається."),
    )
    return appeal


@transaction.atomic
def appeal_add_note(*, appeal: Appeal, actor: Any, note: str) -> AppealEvent:
    """An internal note on the case: never shown to the applicant."""
    if not note.strip():
        raise ValidationError({"internal_note": _("Напишіть примітку.")}, code="required")
    event = add_event(
        appeal=appeal,
        stage=EventStage.NOTE,
        actor=actor,
        internal_note=note.strip(),
        is_public=False,
    )
    audit_record(
        actor=actor,
        centre=appeal.centre,
        action=AuditAction.CREATE,
        obj=event,
        object_repr=f"{appeal.registration_index}: {_('службова примітка')}",
    )
    return event


@transaction.atomic
def appeal_set_needs_study(*, appeal: Appeal, needs_study: bool, actor: Any) -> Appeal:
    """Art. 20: 15 days when no further study is needed, one month otherwise. Changes the
    deadline of an open, not yet extended formal appeal."""
    lock(appeal)
    ensure_group(appeal, {KindGroup.APPEAL}, _("змінити строк"))
    ensure_status(appeal, OPEN, _("змінити строк"))
    if appeal.extended_at is not None:
        raise ValidationError(_("Строк уже продовжено."), code="already_extended")
    day = appeal_deadline(
        received_at=appeal.received_at, needs_study=needs_study, centre=appeal.centre
    )
    old = appeal.due_at
    appeal.initial_due_at = appeal.due_at = end_of_day(day)
    if old != appeal.due_at:
        appeal.save(update_fields=["initial_due_at", "due_at", "updated_at"])
        _audit(
            appeal=appeal,
            actor=actor,
            changes={"due_at": [_iso(old), _iso(appeal.due_at)]},
        )
    return appeal


@transaction.atomic
def appeal_extend(
    *,
    appeal: Appeal,
    actor: Any,
    reason: str,
    new_deadline: dt.date | None = None,
) -> Appeal:
    """Extend the term and tell the applicant.

    Appeals (Art. 20 of the Law on Citizens' Appeals): to a date past the one-month term, at most
    45 days from receipt in total, with a reason. Requests for public information (Art. 20 part 4
    of Law 2939-VI): to 20 working days, with a written justification sent within 5 working days
    of receipt; an urgent (48-hour) request cannot be extended.
    """
    lock(appeal)
    ensure_group(appeal, {KindGroup.APPEAL, KindGroup.INFO_REQUEST}, _("продовжити строк"))
    ensure_status(appeal, OPEN, _("продовжити строк"))
    if not reason.strip():
        raise ValidationError(
            {"extension_reason": _("Обґрунтуйте продовження строку.")}, code="required"
        )
    now = timezone.now()
    if appeal.kind_group == KindGroup.APPEAL:
        due_at = _appeal_extension(appeal=appeal, new_deadline=new_deadline)
    else:
        due_at = _info_request_extension(appeal=appeal, now=now)
    old = appeal.due_at
    appeal.due_at, appeal.extended_at = due_at, now
    appeal.extension_reason = reason.strip()
    appeal.full_clean()
    appeal.save()
    add_event(
        appeal=appeal,
        stage=EventStage.EXTENDED,
        actor=actor,
        at=now,
        public_text=_("Строк розгляду продовжено до %(date)s. Підстава: %(reason)s")
        % {"date": f"{timezone.localtime(due_at):%d.%m.%Y}", "reason": appeal.extension_reason},
    )
    _audit(
        appeal=appeal,
        actor=actor,
        changes={"due_at": [_iso(old), _iso(due_at)], "extension_reason": ["", reason.strip()]},
    )
    if appeal.email:
        after_commit(tasks.appeal_send_extension_notice, appeal.pk)
    return appeal


def _appeal_extension(*, appeal: Appeal, new_deadline: dt.date | None) -> dt.datetime:
    if new_deadline is None or not appeal_extension_is_valid(
        received_at=appeal.received_at, new_deadline=new_deadline, centre=appeal.centre
    ):
        latest = appeal_max_extended_deadline(received_at=appeal.received_at, centre=appeal.centre)
        raise ValidationError(
            {
                "new_deadline": _(
                    "Новий строк має бути пізніше за місячний і не пізніше %(date)s "
                    "(45 днів від надходження, ст. 20)."
                )
                % {"date": f"{latest:%d.%m.%Y}"}
            },
            code="extension_too_long",
        )
    if appeal.due_at is not None and end_of_day(new_deadline) <= appeal.due_at:
        raise ValidationError(
            {"new_deadline": _("Новий строк має бути пізніше за чинний.")}, code="not_later"
        )
    return end_of_day(new_deadline)


def _info_request_extension(*, appeal: Appeal, now: dt.datetime) -> dt.datetime:
    if appeal.is_urgent:
        raise ValidationError(_("Терміновий запит (48 годин) не продовжується."), code="urgent")
    if appeal.extended_at is not None:
        raise ValidationError(_("Строк уже продовжено."), code="already_extended")
    notice_by = info_request_deadline(
        received_at=appeal.received_at, is_urgent=False, centre=appeal.centre
    )
    if now > notice_by:
        raise ValidationError(
            _("Повідомити про продовження треба протягом 5 робочих днів від надходження запиту."),
            code="extension_late",
        )
    return info_request_extended_deadline(received_at=appeal.received_at, centre=appeal.centre)


@transaction.atomic
def appeal_answer(
    *, appeal: Appeal, actor: Any, answer_text: str, delivery: str, result: str = ""
) -> Appeal:
    """Store the answer and deliver it: by e-mail at once, or as a letter the staff print
    (`answer_letter_pdf`); "none" keeps it on the tracker only (anonymous feedback).
    `result` is the classifier's result of consideration (I.9), written on the card."""
    lock(appeal)
    ensure_status(appeal, OPEN, _("надати відповідь"))
    delivery = AnswerDelivery(delivery)
    if not answer_text.strip():
        raise ValidationError({"answer_text": _("Напишіть відповідь.")}, code="required")
    if delivery == AnswerDelivery.EMAIL and not appeal.email:
        raise ValidationError(
            {"answer_delivery": _("У заявника немає електронної пошти: надішліть листом.")},
            code="no_email",
        )
    if delivery == AnswerDelivery.LETTER and not appeal.address:
        raise ValidationError(
            {"answer_delivery": _("У заявника немає поштової адреси.")}, code="no_address"
        )
    if delivery == AnswerDelivery.NONE and appeal.kind_group != KindGroup.FEEDBACK:
        raise ValidationError(
            {"answer_delivery": _("Відповідь на звернення чи запит треба надіслати заявникові.")},
            code="must_deliver",
        )
    now = timezone.now()
    appeal.answer_text, appeal.answer_delivery, appeal.answered_at = (
        answer_text.strip(),
        delivery,
        now,
    )
    appeal.result = ConsiderationResult(result) if result else ""
    _set_status(
        appeal=appeal,
        status=Status.ANSWERED,
        actor=actor,
        extra={"answer_delivery": ["", delivery]}
        | ({"result": ["", appeal.result]} if appeal.result else {}),
    )
    add_event(
        appeal=appeal,
        stage=EventStage.ANSWERED,
        actor=actor,
        at=now,
        public_text=_("Надано відповідь (%(how)s).")
        % {"how": appeal.get_answer_delivery_display()},
    )
    if delivery == AnswerDelivery.EMAIL:
        after_commit(tasks.appeal_send_answer, appeal.pk)
    return appeal


@transaction.atomic
def appeal_close(*, appeal: Appeal, actor: Any) -> Appeal:
    """Take the case off control. A formal appeal or a request is closed only once answered;
    feedback (thanks, a remark) may be closed without an answer."""
    lock(appeal)
    allowed = {Status.ANSWERED} | (OPEN if appeal.kind_group == KindGroup.FEEDBACK else set())
    ensure_status(appeal, allowed, _("закрити"))
    appeal.closed_at = timezone.now()
    _set_status(appeal=appeal, status=Status.CLOSED, actor=actor)
    add_event(
        appeal=appeal,
        stage=EventStage.CLOSED,
        actor=actor,
        at=appeal.closed_at,
        public_text=_("Розгляд завершено."),
    )
    return appeal


@transaction.atomic
def appeal_return_noncompliant(*, appeal: Appeal, actor: Any, reason: str) -> Appeal:
    """Art. 7 part 3 of the Law on Citizens' Appeals: an appeal that does not meet Art. 5 is
    returned with an explanation no later than 10 days from receipt; after that it is considered.
    """
    lock(appeal)
    ensure_group(appeal, {KindGroup.APPEAL}, _("повернути"))
    ensure_status(appeal, OPEN, _("повернути"))
    now = timezone.now()
    last_day = return_noncompliant_deadline(received_at=appeal.received_at, centre=appeal.centre)
    if kyiv_date(now) > last_day:
        raise ValidationError(
            _("Повернути можна лише протягом 10 днів від надходження (до %(date)s).")
            % {"date": f"{last_day:%d.%m.%Y}"},
            code="return_late",
        )
    if not reason.strip():
        raise ValidationError({"return_reason": _("Поясніть, чому повертаєте.")}, code="required")
    appeal.return_reason, appeal.closed_at = reason.strip(), now
    _set_status(appeal=appeal, status=Status.RETURNED, actor=actor)
    add_event(
        appeal=appeal,
        stage=EventStage.RETURNED,
        actor=actor,
        at=now,
        public_text=_("Звернення повернуто заявникові: %(reason)s")
        % {"reason": appeal.return_reason},
    )
    return appeal


@transaction.atomic
def appeal_forward(*, appeal: Appeal, actor: Any, forwarded_to: str, reason: str) -> Appeal:
    """Art. 7 part 3: an appeal outside the centre's competence goes to the competent body within
    5 days, and the applicant is told (the public tracker shows where). Art. 22 of Law 2939-VI
    likewise for a request. A late forward is still made; the audit records that it was late."""
    lock(appeal)
    ensure_group(appeal, {KindGroup.APPEAL, KindGroup.INFO_REQUEST}, _("переслати"))
    ensure_status(appeal, OPEN, _("переслати"))
    if not forwarded_to.strip():
        raise ValidationError({"forwarded_to": _("Вкажіть, куди пересилаєте.")}, code="required")
    now = timezone.now()
    if appeal.kind_group == KindGroup.INFO_REQUEST:
        last_day = info_request_forward_deadline(
            received_at=appeal.received_at, centre=appeal.centre
        )
    else:
        last_day = forward_deadline(received_at=appeal.received_at, centre=appeal.centre)
    appeal.forwarded_to, appeal.forward_reason = forwarded_to.strip(), reason.strip()
    appeal.closed_at = now
    _set_status(
        appeal=appeal,
        status=Status.FORWARDED,
        actor=actor,
        extra={"forwarded_to": ["", appeal.forwarded_to], "late": kyiv_date(now) > last_day},
    )
    add_event(
        appeal=appeal,
        stage=EventStage.FORWARDED,
        actor=actor,
        at=now,
        public_text=_("Переслано за належністю: %(body)s.") % {"body": appeal.forwarded_to},
    )
    return appeal


@transaction.atomic
def appeal_mark_not_considered(*, appeal: Appeal, actor: Any, reason: str) -> Appeal:
    """Art. 8 of the Law on Citizens' Appeals: the case ends without consideration, for one of
    the law's reasons only."""
    lock(appeal)
    ensure_group(appeal, {KindGroup.APPEAL}, _("залишити без розгляду"))
    ensure_status(appeal, OPEN, _("залишити без розгляду"))
    appeal.not_considered_reason = NotConsideredReason(reason)
    appeal.closed_at = timezone.now()
    _set_status(
        appeal=appeal,
        status=Status.NOT_CONSIDERED,
        actor=actor,
        extra={"not_considered_reason": ["", appeal.not_considered_reason]},
    )
    add_event(
        appeal=appeal,
        stage=EventStage.NOT_CONSIDERED,
        actor=actor,
        at=appeal.closed_at,
        public_text=_("Звернення не розглядається: %(reason)s")
        % {"reason": appeal.get_not_considered_reason_display()},
    )
    return appeal


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@transaction.atomic
def appeals_deadlines_recompute(*, centre: Centre, since: dt.date, actor: Any) -> int:
    """After the centre's calendar changed on ``since``: move the deadlines of its open cases.

    A transferred working day or a local day off changes terms counted in working days
    (information requests) and where a term ending on a day off lands (appeals). Only cases
    received before the changed day and due on or after it can move; an extended term was set
    by a decision with its own reason and is left as it is. Returns how many cases moved.
    """
    moved = 0
    cases = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("centre")
        .filter(
            centre=centre,
            status__in=OPEN,
            extended_at__isnull=True,
            due_at__isnull=False,
            received_at__lt=end_of_day(since),
            due_at__gte=end_of_day(since - dt.timedelta(days=1)),
            kind__in=[k for k, g in KIND_GROUP.items() if g != KindGroup.FEEDBACK],
        )
    )
    for appeal in cases:
        old = appeal.due_at
        if old is None or appeal.initial_due_at is None:
            continue
        if appeal.kind_group == KindGroup.APPEAL:
            # One month instead of 15 days was chosen when the first term was over 20 days.
            needs_study = (
                kyiv_date(appeal.initial_due_at) - kyiv_date(appeal.received_at)
            ).days > 20
            new = end_of_day(
                appeal_deadline(
                    received_at=appeal.received_at, needs_study=needs_study, centre=centre
                )
            )
        else:
            new = info_request_deadline(
                received_at=appeal.received_at, is_urgent=appeal.is_urgent, centre=centre
            )
        if new == old:
            continue
        appeal.initial_due_at = appeal.due_at = new
        appeal.save(update_fields=["initial_due_at", "due_at", "updated_at"])
        _audit(
            appeal=appeal,
            actor=actor,
            changes={"due_at": [_iso(old), _iso(new)], "reason": "calendar"},
        )
        moved += 1
    return moved
