"""Writes of questionnaires: drafts, sections, questions, publishing and new versions."""

from __future__ import annotations

import functools
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
from vidhuk.core.selectors import audit_event_list
from vidhuk.core.services import audit_record, model_update

from ..choices import (
    CHOICE_TYPES,
    NUMBER_RANGES,
    QuestionnaireKind,
    QuestionType,
    VersionStatus,
)
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
QUESTIONNAIRE_FIELDS = (
    "kind",
    "slug",
    "title_uk",
    "title_en",
    "privacy_note_uk",
    "privacy_note_en",
    "results_public",
)
# Skip logic reads one answer: a matrix (one per row) or free text cannot decide it.
SKIP_SOURCE_TYPES = frozenset(
    {
        QuestionType.SINGLE_CHOICE,
        QuestionType.MULTIPLE_CHOICE,
        QuestionType.RATING,
        QuestionType.SCALE,
        QuestionType.YES_NO,
    }
)
OPTION_TYPES = frozenset({*CHOICE_TYPES, QuestionType.MATRIX})
# Answer.choice and Answer.row hold an option's or a row's value.
VALUE_MAX_LENGTH = 60
# Past the last place: moving there puts a question or section at the end.
MAX_POSITION = 10_000


@transaction.atomic
def questionnaire_create(
    *,
    centre: Centre,
    kind: str,
    slug: str,
    title_uk: str,
    title_en: str = "",
    privacy_note_uk: str = "",
    privacy_note_en: str = "",
    results_public: bool = False,
    submission_key: str = "",
    actor: Any,
) -> Questionnaire:
    """A new questionnaire with an empty draft version 1.

    ``submission_key`` — the form's random key: submitting the same form twice makes one
    questionnaire (the second call returns the first's).
    """
    # Creations in a centre take turns, so a double submit finds the first one's record.
    Centre.objects.select_for_update().only("pk").get(pk=centre.pk)
    earlier = _made_by_form(
        centre=centre, object_type="surveys.questionnaire", submission_key=submission_key
    )
    if earlier is not None:
        found = Questionnaire.objects.filter(centre=centre, pk=earlier).first()
        if found is not None:
            return found
    questionnaire = Questionnaire(
        centre=centre,
        kind=QuestionnaireKind(kind),
        slug=slug,
        title_uk=title_uk,
        title_en=title_en,
        privacy_note_uk=privacy_note_uk,
        privacy_note_en=privacy_note_en,
        results_public=results_public,
    )
    questionnaire.full_clean()
    questionnaire.save()
    version = QuestionnaireVersion(questionnaire=questionnaire, number=1)
    version.full_clean()
    version.save()
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.CREATE,
        obj=questionnaire,
        changes=_with_key({}, submission_key),
    )
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *, questionnaire: Questionnaire, data: dict[str, Any], actor: Any
) -> dict[str, Any]:
    """Change the settings of a questionnaire (titles, slug, privacy note, public results).

    The kind is fixed once a version has been published: its responses were collected as that
    kind (a visitor survey is anonymous, a mystery-shopper report is not).
    """
    unknown = set(data) - set(QUESTIONNAIRE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown questionnaire fields: {sorted(unknown)}")
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    was_published = questionnaire.versions.exclude(status=VersionStatus.DRAFT).exists()
    if data.get("kind", questionnaire.kind) != questionnaire.kind and was_published:
        raise ValidationError(
            {"kind": _("Вид анкети не можна змінити: її вже публікували і збирали відповіді.")}
        )
    return model_update(instance=questionnaire, data=data, actor=actor, centre=questionnaire.centre)


@transaction.atomic
def section_add(
    *,
    version: QuestionnaireVersion,
    title_uk: str,
    title_en: str = "",
    submission_key: str = "",
    actor: Any,
) -> Section:
    """Add a section at the end of a draft; the same form submitted twice adds one section."""
    version = _lock_version(version)
    earlier = _made_by_form_in(version, submission_key=submission_key, key="section_id")
    if earlier is not None:
        found = Section.objects.filter(version=version, pk=earlier).first()
        if found is not None:
            return found
    last = version.sections.aggregate(last=Max("position"))["last"]
    section = Section(
        version=version,
        title_uk=title_uk,
        title_en=title_en,
        position=0 if last is None else last + 1,
    )
    section.full_clean()
    section.save()
    _audit_version(
        version,
        actor=actor,
        changes=_with_key({"section_added": title_uk, "section_id": section.pk}, submission_key),
    )
    return section


@transaction.atomic
def section_update(*, section: Section, title_uk: str, title_en: str = "", actor: Any) -> Section:
    """Rename a section of a draft."""
    version = _lock_version(section.version)
    section = Section.objects.get(pk=section.pk)
    before = section.title_uk
    section.title_uk, section.title_en = title_uk, title_en
    section.full_clean()
    section.save(update_fields=["title_uk", "title_en"])
    _audit_version(
        version,
        actor=actor,
        changes={"section_renamed": [before, title_uk], "section_id": section.pk},
    )
    return section


@transaction.atomic
def section_move(*, section: Section, position: int, actor: Any) -> Section:
    """Move a section to ``position`` (0-based); the others close up. Moving to the place it
    already has changes nothing, so a repeated request is harmless."""
    version = _lock_version(section.version)
    siblings = [s for s in version.sections.order_by("position", "id") if s.pk != section.pk]
    position = max(0, min(position, len(siblings)))
    siblings.insert(position, section)
    for index, sibling in enumerate(siblings):
        sibling.position = index
    Section.objects.bulk_update(siblings, ["position"])
    _audit_version(
        version, actor=actor, changes={"section_moved": section.title_uk, "position": position}
    )
    return section


@transaction.atomic
def section_remove(*, section: Section, actor: Any) -> None:
    """Delete a section of a draft with its questions; the sections after it close up."""
    version = _lock_version(section.version)
    codes = list(section.questions.values_list("code", flat=True))
    title = section.title_uk
    section.delete()
    remaining = list(version.sections.order_by("position", "id"))
    for index, sibling in enumerate(remaining):
        sibling.position = index
    Section.objects.bulk_update(remaining, ["position"])
    _audit_version(
        version, actor=actor, changes={"section_removed": title, "questions_removed": codes}
    )


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
    version = _lock_version(section.version)
    earlier = _made_by_form_in(version, submission_key=submission_key, key="question_id")
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
    _audit_version(
        version,
        actor=actor,
        changes=_with_key(
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
    version = _lock_version(question.version)
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
    _audit_version(
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
    version = _lock_version(question.version)
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
    _audit_version(
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
    version = _lock_version(question.version)
    code = question.code
    section = question.section
    question.delete()
    _close_up(section)
    _audit_version(version, actor=actor, changes={"question_removed": code})


def version_validate(*, version: QuestionnaireVersion) -> dict[str, list[str]]:
    """Problems that stop publishing, by question code ("" for the version as a whole)."""
    sections = list(version.sections.order_by("position", "id"))
    questions = list(version.questions.select_related("section").order_by(*QUESTION_ORDER))
    errors: dict[str, list[str]] = {}

    def add(code: str, message: str) -> None:
        errors.setdefault(code, []).append(message)

    if not questions:
        add("", _("У версії немає жодного питання."))
    filled = {question.section_id for question in questions}
    for section in sections:
        if section.pk not in filled:
            add(
                "",
                _("Розділ «%(title)s» порожній: додайте питання або видаліть розділ.")
                % {"title": section.title_uk},
            )
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
    if question.type in OPTION_TYPES and not values:
        add(code, _("Питання «%(code)s» не має варіантів відповіді.") % {"code": code})
    if len(set(values)) != len(values):
        add(code, _("Варіанти питання «%(code)s» повторюються.") % {"code": code})
    if question.type == QuestionType.MATRIX:
        _check_rows(question, add=add)
    too_long = [v for v in (*values, *question.row_values()) if len(v) > VALUE_MAX_LENGTH]
    if too_long:
        add(
            code,
            _("Значення «%(value)s» питання «%(code)s» довше за %(limit)s символів.")
            % {"value": too_long[0], "code": code, "limit": VALUE_MAX_LENGTH},
        )
    if question.show_if:
        _check_skip_logic(question, seen=seen, add=add)


def _check_rows(question: Question, *, add: Any) -> None:
    rows = question.row_values()
    if not rows:
        add(question.code, _("Матриця «%(code)s» не має рядків.") % {"code": question.code})
    if len(set(rows)) != len(rows):
        add(
            question.code,
            _("Рядки матриці «%(code)s» повторюються.") % {"code": question.code},
        )


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
    if source.type not in SKIP_SOURCE_TYPES:
        add(
            question.code,
            _(
                "Умова показу питання «%(code)s» не може залежати від питання «%(source)s»: "
                "матриця чи вільна відповідь не дає одного значення."
            )
            % {"code": question.code, "source": source.code},
        )
        return
    accepted = skip_source_values(source)
    if not isinstance(equals, list) or not equals or not set(map(str, equals)) <= accepted:
        add(
            question.code,
            _(
                "Умова показу питання «%(code)s» містить значення, "
                "яких немає в питанні «%(source)s»."
            )
            % {"code": question.code, "source": source.code},
        )


def skip_source_values(question: Question) -> set[str]:
    """The answer values a later question's skip logic may name."""
    if question.type == QuestionType.YES_NO:
        return {"yes", "no"}
    if question.type in NUMBER_RANGES:
        low, high = NUMBER_RANGES[question.type]
        return {str(n) for n in range(low, high + 1)}
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
def version_new_draft(
    *,
    questionnaire: Questionnaire,
    source: QuestionnaireVersion | None = None,
    actor: Any,
) -> QuestionnaireVersion:
    """Editing a published questionnaire: copy a version (``source``, else the latest) into a
    new draft numbered after the latest.

    An existing draft is returned as it is: there is at most one draft at a time.
    """
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    existing = questionnaire.versions.filter(status=VersionStatus.DRAFT).first()
    if existing is not None:
        return existing
    latest = questionnaire.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("В анкети немає жодної версії."))
    if source is None:
        source = latest
    elif source.questionnaire_id != questionnaire.pk:
        raise ValidationError(_("Ця версія належить іншій анкеті."))
    draft = QuestionnaireVersion(questionnaire=questionnaire, number=latest.number + 1)
    draft.full_clean()
    draft.save()
    for section in source.sections.order_by("position", "id").prefetch_related("questions"):
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


@functools.cache
def demographic_codes() -> frozenset[str]:
    """The codes of the standard demographic block (sex, age group, vulnerable groups…)."""
    return frozenset(question["code"] for question in _read("demographic_block")["questions"])


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


def _with_key(changes: dict[str, Any], submission_key: str) -> dict[str, Any]:
    return {**changes, "submission_key": submission_key} if submission_key else changes


def _made_by_form(*, centre: Centre, object_type: str, submission_key: str) -> int | None:
    """The id of the record a form with this key already created, or None.

    The audit log records every creation with the key of the form that made it; a double
    submit of the same form finds it there (the callers hold a lock, so they take turns).
    """
    if not submission_key:
        return None
    event = (
        audit_event_list(centre=centre, action=AuditAction.CREATE, object_type=object_type)
        .filter(changes__submission_key=submission_key)
        .first()
    )
    return int(event.object_id) if event is not None and event.object_id.isdigit() else None


def _made_by_form_in(version: QuestionnaireVersion, *, submission_key: str, key: str) -> int | None:
    """Like ``_made_by_form`` for a section or question added to a (locked) version."""
    if not submission_key:
        return None
    event = (
        audit_event_list(
            centre=version.questionnaire.centre,
            action=AuditAction.UPDATE,
            object_type="surveys.questionnaireversion",
        )
        .filter(object_id=str(version.pk), changes__submission_key=submission_key)
        .first()
    )
    value = event.changes.get(key) if event is not None else None
    return value if isinstance(value, int) else None


def _audit_version(version: QuestionnaireVersion, *, actor: Any, changes: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        centre=version.questionnaire.centre,
        action=AuditAction.UPDATE,
        obj=version,
        changes=changes,
    )
