"""Questions of a draft version: add, change (a new code carried into skip logic), move between
sections, delete."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..choices import QuestionType
from ..models import Question, QuestionnaireVersion, Section
from ._drafts import audit_version, lock_version, made_by_form_in, with_key

QUESTION_FIELDS = (
    "code",
    "type",
    "text_uk",
    "text_en",
    "help_uk",
    "help_en",
    "is_required",
    "options",
    "rows",
    "show_if",
)
# Past the last place: moving there puts a question or section at the end.
MAX_POSITION = 10_000


@transaction.atomic
def question_add(
    *,
    section: Section,
    code: str,
    type: str,
    text_uk: str,
    text_en: str = "",
    help_uk: str = "",
    help_en: str = "",
    is_required: bool = False,
    options: list[dict[str, Any]] | None = None,
    rows: list[dict[str, Any]] | None = None,
    show_if: dict[str, Any] | None = None,
    submission_key: str = "",
    actor: Any,
) -> Question:
    """Add a question at the end of a section of a draft version.

    A blank ``code`` gets the first free ``q1``, ``q2``…; the same form submitted twice adds one
    question.
    """
    version = lock_version(section.version)
    earlier = made_by_form_in(version, submission_key=submission_key, key="question_id")
    if earlier is not None:
        found = Question.objects.filter(version=version, pk=earlier).first()
        if found is not None:
            return found
    last = section.questions.aggregate(last=Max("position"))["last"]
    question = Question(
        version=version,
        section=section,
        code=code or _free_code(version),
        type=QuestionType(type),
        text_uk=text_uk,
        text_en=text_en,
        help_uk=help_uk,
        help_en=help_en,
        is_required=is_required,
        options=options or [],
        rows=rows or [],
        show_if=show_if,
        position=0 if last is None else last + 1,
    )
    question.full_clean()
    question.save()
    audit_version(
        version,
        actor=actor,
        changes=with_key(
            {"question_added": question.code, "question_id": question.pk}, submission_key
        ),
    )
    return question


def _free_code(version: QuestionnaireVersion) -> str:
    taken = set(version.questions.values_list("code", flat=True))
    number = len(taken) + 1
    while f"q{number}" in taken:
        number += 1
    return f"q{number}"


@transaction.atomic
def question_update(
    *, question: Question, data: dict[str, Any], section: Section | None = None, actor: Any
) -> Question:
    """Change the texts, type, options or skip logic of a question of a draft; with
    ``section``, also move it to the end of that section of the same version.

    A new code is carried into the skip logic of the questions that named the old one.
    """
    version = lock_version(question.version)
    unknown = set(data) - set(QUESTION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown question fields: {sorted(unknown)}")
    question = Question.objects.select_related("section").get(pk=question.pk)
    old_code = question.code
    changed = sorted(name for name, value in data.items() if getattr(question, name) != value)
    for name, value in data.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    if question.code != old_code:
        _rename_in_skip_logic(version, old_code=old_code, new_code=question.code)
    if section is not None and section.pk != question.section_id:
        question_move(question=question, section=section, position=MAX_POSITION, actor=actor)
    audit_version(
        version,
        actor=actor,
        changes={"question_updated": question.code, "fields": changed},
    )
    return question


def _rename_in_skip_logic(version: QuestionnaireVersion, *, old_code: str, new_code: str) -> None:
    dependants = [
        q for q in version.questions.all() if (q.show_if or {}).get("question") == old_code
    ]
    for dependant in dependants:
        dependant.show_if = {**dependant.show_if, "question": new_code}
    Question.objects.bulk_update(dependants, ["show_if"])


@transaction.atomic
def question_move(
    *, question: Question, position: int, section: Section | None = None, actor: Any
) -> Question:
    """Move a question to ``position`` (0-based) within its section, or within ``section`` of
    the same version; the others close up. Moving to the place it already has changes nothing.
    """
    version = lock_version(question.version)
    question = Question.objects.get(pk=question.pk)
    target = question.section if section is None else section
    if target.version_id != version.pk:
        raise ValidationError(_("Розділ належить іншій версії анкети."))
    left = question.section_id
    siblings = [q for q in target.questions.order_by("position", "id") if q.pk != question.pk]
    position = max(0, min(position, len(siblings)))
    question.section = target
    siblings.insert(position, question)
    for index, sibling in enumerate(siblings):
        sibling.position = index
    Question.objects.bulk_update(siblings, ["position", "section"])
    if left != target.pk:
        _close_up(Section.objects.get(pk=left))
    audit_version(
        version,
        actor=actor,
        changes={"question_moved": question.code, "section_id": target.pk, "position": position},
    )
    return question


def _close_up(section: Section) -> None:
    questions = list(section.questions.order_by("position", "id"))
    for index, question in enumerate(questions):
        question.position = index
    Question.objects.bulk_update(questions, ["position"])


@transaction.atomic
def question_remove(*, question: Question, actor: Any) -> None:
    """Delete a question of a draft. Questions whose skip logic named it are reported by
    ``version_validate`` until they are changed."""
    version = lock_version(question.version)
    code = question.code
    section = question.section
    question.delete()
    _close_up(section)
    audit_version(version, actor=actor, changes={"question_removed": code})
