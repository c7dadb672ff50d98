"""Writes of questionnaires: drafts, sections, questions, publishing and new versions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record

from ..choices import CHOICE_TYPES, QuestionnaireKind, QuestionType, VersionStatus
from ..models import (
    QUESTION_ORDER,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Section,
    ensure_draft,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
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


@transaction.atomic
def questionnaire_create(
    *, centre: Centre, kind: str, slug: str, title_uk: str, title_en: str = "", actor: Any
) -> Questionnaire:
    """A new questionnaire with an empty draft version 1."""
    questionnaire = Questionnaire(
        centre=centre,
        kind=QuestionnaireKind(kind),
        slug=slug,
        title_uk=title_uk,
        title_en=title_en,
    )
    questionnaire.full_clean()
    questionnaire.save()
    version = QuestionnaireVersion(questionnaire=questionnaire, number=1)
    version.full_clean()
    version.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=questionnaire)
    return questionnaire


@transaction.atomic
def section_add(
    *, version: QuestionnaireVersion, title_uk: str, title_en: str = "", actor: Any
) -> Section:
    version = _lock_version(version)
    last = version.sections.aggregate(last=Max("position"))["last"]
    section = Section(
        version=version,
        title_uk=title_uk,
        title_en=title_en,
        position=0 if last is None else last + 1,
    )
    section.full_clean()
    section.save()
    _audit_version(version, actor=actor, changes={"section_added": title_uk})
    return section


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
    actor: Any,
) -> Question:
    """Add a question at the end of a section of a draft version."""
    version = _lock_version(section.version)
    last = section.questions.aggregate(last=Max("position"))["last"]
    question = Question(
        version=version,
        section=section,
        code=code,
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
    _audit_version(version, actor=actor, changes={"question_added": code})
    return question


@transaction.atomic
def question_update(*, question: Question, data: dict[str, Any], actor: Any) -> Question:
    """Change the texts, type, options or skip logic of a question of a draft."""
    _lock_version(question.version)
    unknown = set(data) - set(QUESTION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown question fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    _audit_version(question.version, actor=actor, changes={"question_updated": question.code})
    return question


@transaction.atomic
def question_move(*, question: Question, position: int, actor: Any) -> Question:
    """Move a question to ``position`` (0-based) within its section; the others close up."""
    _lock_version(question.version)
    siblings = [q for q in question.section.questions.order_by("position", "id") if q != question]
    position = max(0, min(position, len(siblings)))
    siblings.insert(position, question)
    for index, sibling in enumerate(siblings):
        sibling.position = index
    Question.objects.bulk_update(siblings, ["position"])
    _audit_version(question.version, actor=actor, changes={"question_moved": question.code})
    return question


@transaction.atomic
def question_remove(*, question: Question, actor: Any) -> None:
    version = _lock_version(question.version)
    code = question.code
    question.delete()
    _audit_version(version, actor=actor, changes={"question_removed": code})


def version_validate(*, version: QuestionnaireVersion) -> dict[str, list[str]]:
    """Problems that stop publishing, by question code ("" for the version as a whole)."""
    questions = list(version.questions.select_related("section").order_by(*QUESTION_ORDER))
    errors: dict[str, list[str]] = {}

    def add(code: str, message: str) -> None:
        errors.setdefault(code, []).append(message)

    if not questions:
        add("", _("У версії немає жодного питання."))
    seen: dict[str, Question] = {}
    for question in questions:
        _check_question(question, seen=seen, add=add)
        seen[question.code] = question
    return errors


def _check_question(question: Question, *, seen: dict[str, Question], add: Any) -> None:
    code = question.code
    if code in seen:
        add(code, _("Код «%(code)s» повторюється.") % {"code": code})
    values = question.option_values()
    if question.type in (*CHOICE_TYPES, QuestionType.MATRIX) and not values:
        add(code, _("Питання «%(code)s» не має варіантів відповіді.") % {"code": code})
    if len(set(values)) != len(values):
        add(code, _("Варіанти питання «%(code)s» повторюються.") % {"code": code})
    if question.type == QuestionType.MATRIX and not question.rows:
        add(code, _("Матриця «%(code)s» не має рядків.") % {"code": code})
    if question.show_if:
        _check_skip_logic(question, seen=seen, add=add)


def _check_skip_logic(question: Question, *, seen: dict[str, Question], add: Any) -> None:
    show_if = question.show_if or {}
    source = seen.get(str(show_if.get("question", "")))
    equals = show_if.get("equals")
    if source is None:
        add(
            question.code,
            _("Умова показу питання «%(code)s» має посилатися на одне з попередніх питань.")
            % {"code": question.code},
        )
        return
    accepted = _skip_source_values(source)
    if not isinstance(equals, list) or not equals or not set(map(str, equals)) <= accepted:
        add(
            question.code,
            _(
                "Умова показу питання «%(code)s» містить значення, "
                "яких немає в питанні «%(source)s»."
            )
            % {"code": question.code, "source": source.code},
        )


def _skip_source_values(question: Question) -> set[str]:
    if question.type == QuestionType.YES_NO:
        return {"yes", "no"}
    if question.type == QuestionType.RATING:
        return {str(n) for n in range(1, 6)}
    if question.type == QuestionType.SCALE:
        return {str(n) for n in range(11)}
    return set(question.option_values())


@transaction.atomic
def version_publish(*, version: QuestionnaireVersion, actor: Any) -> QuestionnaireVersion:
    """Publish a draft: it is frozen from now on and the previous published version retires."""
    version = _lock_version(version)
    errors = version_validate(version=version)
    if errors:
        raise ValidationError({code or "__all__": messages for code, messages in errors.items()})
    QuestionnaireVersion.objects.filter(
        questionnaire_id=version.questionnaire_id, status=VersionStatus.PUBLISHED
    ).update(status=VersionStatus.RETIRED)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.full_clean()
    version.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        centre=version.questionnaire.centre,
        action=AuditAction.UPDATE,
        obj=version,
        changes={"status": [VersionStatus.DRAFT, VersionStatus.PUBLISHED]},
    )
    return version


@transaction.atomic
def version_new_draft(*, questionnaire: Questionnaire, actor: Any) -> QuestionnaireVersion:
    """Editing a published questionnaire: copy its latest version into a new draft.

    An existing draft is returned as it is: there is at most one draft at a time.
    """
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    existing = questionnaire.versions.filter(status=VersionStatus.DRAFT).first()
    if existing is not None:
        return existing
    source = questionnaire.versions.order_by("-number").first()
    if source is None:
        raise ValidationError(_("В анкети немає жодної версії."))
    draft = QuestionnaireVersion(questionnaire=questionnaire, number=source.number + 1)
    draft.full_clean()
    draft.save()
    for section in source.sections.prefetch_related("questions"):
        copy = Section.objects.create(
            version=draft,
            title_uk=section.title_uk,
            title_en=section.title_en,
            position=section.position,
        )
        Question.objects.bulk_create(
            Question(
                version=draft,
                section=copy,
                position=question.position,
                **{name: getattr(question, name) for name in QUESTION_FIELDS},
            )
            for question in section.questions.all()
        )
    audit_record(
        actor=actor,
        centre=questionnaire.centre,
        action=AuditAction.CREATE,
        obj=draft,
        changes={"copied_from": source.number},
    )
    return draft


@transaction.atomic
def questionnaire_install_defaults(*, centre: Centre, actor: Any) -> list[Questionnaire]:
    """Install the standard visitor questionnaire (with the demographic block) and the default
    mystery-shopper checklist (docs: DOMAIN.md; КМУ №864 monitoring) as published version 1.

    Idempotent: a questionnaire whose slug the centre already has is left as it is.
    """
    installed: list[Questionnaire] = []
    for definition in default_definitions():
        existing = Questionnaire.objects.filter(centre=centre, slug=definition["slug"]).first()
        if existing is not None:
            installed.append(existing)
            continue
        installed.append(_install(centre=centre, definition=definition, actor=actor))
    return installed


def default_definitions() -> list[dict[str, Any]]:
    visitor = _read("visitor_survey")
    visitor["sections"].append(_read("demographic_block"))
    return [visitor, _read("mystery_shopper")]


def _read(name: str) -> dict[str, Any]:
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as data_file:
        data: dict[str, Any] = json.load(data_file)
    return data


def _install(*, centre: Centre, definition: dict[str, Any], actor: Any) -> Questionnaire:
    # One audit event per questionnaire, not one per question of the shipped text.
    questionnaire = questionnaire_create(
        centre=centre,
        kind=definition["kind"],
        slug=definition["slug"],
        title_uk=definition["title_uk"],
        title_en=definition["title_en"],
        actor=actor,
    )
    version = questionnaire.versions.get()
    for section_position, section_data in enumerate(definition["sections"]):
        section = Section(
            version=version,
            title_uk=section_data["title_uk"],
            title_en=section_data["title_en"],
            position=section_position,
        )
        section.full_clean()
        section.save()
        for position, question_data in enumerate(section_data["questions"]):
            fields = {
                name: question_data[name] for name in QUESTION_FIELDS if name in question_data
            }
            question = Question(version=version, section=section, position=position, **fields)
            question.full_clean()
            question.save()
    version_publish(version=version, actor=actor)
    return questionnaire


def _lock_version(version: QuestionnaireVersion) -> QuestionnaireVersion:
    locked = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    ensure_draft(locked)
    return locked


def _audit_version(version: QuestionnaireVersion, *, actor: Any, changes: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        centre=version.questionnaire.centre,
        action=AuditAction.UPDATE,
        obj=version,
        changes=changes,
    )
