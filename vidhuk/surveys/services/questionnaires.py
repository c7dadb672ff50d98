"""Questionnaires: a new one with its empty draft, its settings, and the standard
questionnaires every centre starts with."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.pagecache import public_pages_changed
from vidhuk.core.services import audit_record, model_update

from ..choices import QuestionnaireKind, VersionStatus
from ..models import Question, Questionnaire, QuestionnaireVersion, Section
from ._drafts import made_by_form, with_key
from .questions import QUESTION_FIELDS
from .versions import version_publish

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
QUESTIONNAIRE_FIELDS = (
    "kind",
    "slug",
    "title_uk",
    "title_en",
    "privacy_note_uk",
    "privacy_note_en",
    "results_public",
)


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
    earlier = made_by_form(
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
        changes=with_key({}, submission_key),
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
    public_pages_changed(questionnaire.centre)
    return model_update(instance=questionnaire, data=data, actor=actor, centre=questionnaire.centre)


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
