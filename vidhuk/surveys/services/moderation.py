"""Moderation of free-text answers before anything of them is shown publicly.

A comment arrives ``pending`` (``responses._text``). A moderator publishes it with a public text
of their own — the respondent's words cleared of names, phone numbers and other personal data —
or refuses it. Only ``public_text`` of a published comment ever reaches a public page; the raw
``text`` stays in the back office. Every decision is audited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.pagecache import public_pages_changed
from vidhuk.core.services import audit_record

from ..choices import Moderation, QuestionType
from ..models import Answer, Questionnaire

PUBLIC_TEXT_MAX_LENGTH = 2000


def _comments(*, centre: Centre, questionnaire: Questionnaire) -> Any:
    return Answer.objects.filter(
        response__centre=centre,
        question__version__questionnaire=questionnaire,
        question__type=QuestionType.TEXT,
    ).exclude(moderation="")


@transaction.atomic
def comment_publish(
    *,
    centre: Centre,
    questionnaire: Questionnaire,
    answer_id: int,
    public_text: str,
    actor: Any,
) -> Answer:
    """Allow a comment on the public pages with the moderator's cleared text.

    Raises ``Answer.DoesNotExist`` for a comment that is not the centre's.
    """
    answer = (
        _comments(centre=centre, questionnaire=questionnaire)
        .select_for_update(of=("self",))
        .get(pk=answer_id)
    )
    text = public_text.strip()
    if not text:
        raise ValidationError(
            {"public_text": _("Напишіть текст, який можна оприлюднити, або не оприлюднюйте.")}
        )
    if len(text) > PUBLIC_TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "public_text": _("Текст задовгий: не більше %(limit)s символів.")
                % {"limit": PUBLIC_TEXT_MAX_LENGTH}
            }
        )
    before = answer.moderation
    answer.moderation = Moderation.PUBLISHED
    answer.public_text = text
    answer.full_clean(exclude=["response", "question"])
    answer.save(update_fields=["moderation", "public_text"])
    _audit(answer, actor=actor, centre=centre, before=before, edited=text != answer.text.strip())
    return answer


@transaction.atomic
def comment_reject(
    *, centre: Centre, questionnaire: Questionnaire, answer_id: int, actor: Any
) -> Answer:
    """Keep a comment off the public pages (it stays readable to the centre's moderators)."""
    answer = (
        _comments(centre=centre, questionnaire=questionnaire)
        .select_for_update(of=("self",))
        .get(pk=answer_id)
    )
    before = answer.moderation
    answer.moderation = Moderation.REJECTED
    answer.public_text = ""
    answer.save(update_fields=["moderation", "public_text"])
    _audit(answer, actor=actor, centre=centre, before=before, edited=False)
    return answer


@transaction.atomic
def comments_reject_bulk(
    *, centre: Centre, questionnaire: Questionnaire, answer_ids: list[int], actor: Any
) -> int:
    """Refuse every ticked comment, or none when any of them is not the centre's comment.

    Returns how many were refused; a second submit of the same ticks changes nothing more.
    """
    wanted = set(answer_ids)
    answers = list(
        _comments(centre=centre, questionnaire=questionnaire)
        .filter(pk__in=wanted)
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if len(answers) != len(wanted):
        raise ValidationError(
            {"comments": _("Деяких позначених коментарів немає в цій анкеті; оновіть сторінку.")}
        )
    changed = [answer for answer in answers if answer.moderation != Moderation.REJECTED]
    for answer in changed:
        answer.moderation = Moderation.REJECTED
        answer.public_text = ""
    Answer.objects.bulk_update(changed, ["moderation", "public_text"])
    if changed:
        public_pages_changed(centre)
        audit_record(
            actor=actor,
            centre=centre,
            action=AuditAction.UPDATE,
            object_type="surveys.answer",
            object_id=str(questionnaire.pk),
            object_repr=_("Коментарі анкети «%(title)s» не оприлюднено")
            % {"title": questionnaire.title_uk},
            changes={"moderation": Moderation.REJECTED, "answers": [a.pk for a in changed]},
        )
    return len(changed)


def _audit(answer: Answer, *, actor: Any, centre: Centre, before: str, edited: bool) -> None:
    public_pages_changed(centre)  # the public results page lists the published comments
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.UPDATE,
        object_type="surveys.answer",
        object_id=str(answer.pk),
        object_repr=_("Коментар до анкети"),
        changes={
            "moderation": [before, answer.moderation],
            "public_text_edited": edited,
        },
    )
