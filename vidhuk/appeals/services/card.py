"""The back of the registration card (Instruction КМУ №348): the resolution on the case, its
co-executors, and the questions it raises with their codes of Classifier №858, part II."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.services import audit_record

from ..choices import CLASSIFIER_TOPICS, OPEN_STATUSES, KindGroup
from ..models import Appeal, AppealCoExecutor
from ._common import ensure_group, ensure_member, ensure_status, lock


@transaction.atomic
def appeal_set_resolution(
    *, appeal: Appeal, actor: Any, text: str, author: str, date: dt.date
) -> Appeal:
    """Write the resolution (text, who gave it, the day) on the card; a later one replaces it
    and the audit log keeps both."""
    lock(appeal)
    errors: dict[str, str] = {}
    if not text.strip():
        errors["resolution_text"] = _("Напишіть текст резолюції.")
    if not author.strip():
        errors["resolution_author"] = _("Вкажіть, хто наклав резолюцію.")
    if date < timezone.localtime(appeal.received_at).date():
        errors["resolution_date"] = _("Резолюцію не можна накласти раніше, ніж надійшло звернення.")
    elif date > timezone.localdate():
        errors["resolution_date"] = _("Дата резолюції не може бути в майбутньому.")
    if errors:
        raise ValidationError(errors)
    old = [appeal.resolution_text, appeal.resolution_author, appeal.resolution_date]
    appeal.resolution_text, appeal.resolution_author, appeal.resolution_date = (
        text.strip(),
        author.strip(),
        date,
    )
    appeal.save(update_fields=["resolution_text", "resolution_author", "resolution_date"])
    audit_record(
        actor=actor,
        centre=appeal.centre,
        action=AuditAction.UPDATE,
        obj=appeal,
        changes={
            "resolution_text": [old[0], appeal.resolution_text],
            "resolution_author": [old[1], appeal.resolution_author],
            "resolution_date": [str(old[2] or ""), date.isoformat()],
        },
    )
    return appeal


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.username)


@transaction.atomic
def appeal_set_co_executors(*, appeal: Appeal, actor: Any, co_executors: Sequence[Any]) -> Appeal:
    """Name the staff members who work on an open case beside its executor, in the order given
    (the resolution's order); an empty list removes them all. Each must be an active member of
    the case's centre, and the executor is not their own co-executor."""
    lock(appeal)
    ensure_status(appeal, OPEN_STATUSES, _("призначити співвиконавців"))
    wanted: list[Any] = []
    for user in co_executors:
        ensure_member(centre=appeal.centre, user=user, field="co_executors")
        if user.pk not in {u.pk for u in wanted}:
            wanted.append(user)
    if appeal.executor_id is not None and appeal.executor_id in {u.pk for u in wanted}:
        raise ValidationError(
            {"co_executors": _("Виконавець уже відповідає за звернення: виберіть інших людей.")}
        )
    links = list(appeal.co_executor_links.select_related("user"))
    if [link.user_id for link in links] == [user.pk for user in wanted]:
        return appeal
    old = [_name(link.user) for link in links]
    new = [_name(user) for user in wanted]
    appeal.co_executor_links.all().delete()
    AppealCoExecutor.objects.bulk_create(
        AppealCoExecutor(appeal=appeal, user=user, position=position)
        for position, user in enumerate(wanted)
    )
    audit_record(
        actor=actor,
        centre=appeal.centre,
        action=AuditAction.UPDATE,
        obj=appeal,
        changes={"co_executors": [", ".join(old), ", ".join(new)]},
    )
    return appeal


@transaction.atomic
def appeal_set_questions(
    *, appeal: Appeal, actor: Any, main_code: str, additional_codes: Sequence[str]
) -> Appeal:
    """The questions a formal appeal raises, by the classifier's part II: the main one and any
    more beside it, each section once. Reports count every question (decision 0008)."""
    lock(appeal)
    ensure_group(appeal, {KindGroup.APPEAL}, _("зазначити питання"))
    errors: dict[str, str] = {}
    if any(code and code not in CLASSIFIER_TOPICS for code in [main_code, *additional_codes]):
        errors["additional_codes"] = _("Виберіть питання зі списку класифікатора.")
    elif not main_code and additional_codes:
        errors["main_code"] = _("Спершу вкажіть основне питання.")
    if main_code and main_code in additional_codes:
        errors["additional_codes"] = _("Основне питання не повторюють серед додаткових.")
    if errors:
        raise ValidationError(errors)
    additional = list(dict.fromkeys(additional_codes))
    old = [appeal.topic_code, list(appeal.additional_topic_codes)]
    if old == [main_code, additional]:
        return appeal
    appeal.topic_code, appeal.additional_topic_codes = main_code, additional
    appeal.save(update_fields=["topic_code", "additional_topic_codes", "updated_at"])
    audit_record(
        actor=actor,
        centre=appeal.centre,
        action=AuditAction.UPDATE,
        obj=appeal,
        changes={
            "topic_code": [old[0], main_code],
            "additional_topic_codes": [", ".join(old[1]), ", ".join(additional)],
        },
    )
    return appeal
