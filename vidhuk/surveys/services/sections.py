"""Sections of a draft version: add, rename, move, delete."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from ..models import QuestionnaireVersion, Section
from ._drafts import audit_version, lock_version, made_by_form_in, with_key


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
    version = lock_version(version)
    earlier = made_by_form_in(version, submission_key=submission_key, key="section_id")
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
    audit_version(
        version,
        actor=actor,
        changes=with_key({"section_added": title_uk, "section_id": section.pk}, submission_key),
    )
    return section


@transaction.atomic
def section_update(*, section: Section, title_uk: str, title_en: str = "", actor: Any) -> Section:
    """Rename a section of a draft."""
    version = lock_version(section.version)
    section = Section.objects.get(pk=section.pk)
    before = section.title_uk
    section.title_uk, section.title_en = title_uk, title_en
    section.full_clean()
    section.save(update_fields=["title_uk", "title_en"])
    audit_version(
        version,
        actor=actor,
        changes={"section_renamed": [before, title_uk], "section_id": section.pk},
    )
    return section


@transaction.atomic
def section_move(*, section: Section, position: int, actor: Any) -> Section:
    """Move a section to ``position`` (0-based); the others close up. Moving to the place it
    already has changes nothing, so a repeated request is harmless."""
    version = lock_version(section.version)
    siblings = [s for s in version.sections.order_by("position", "id") if s.pk != section.pk]
    position = max(0, min(position, len(siblings)))
    siblings.insert(position, section)
    for index, sibling in enumerate(siblings):
        sibling.position = index
    Section.objects.bulk_update(siblings, ["position"])
    audit_version(
        version, actor=actor, changes={"section_moved": section.title_uk, "position": position}
    )
    return section


@transaction.atomic
def section_remove(*, section: Section, actor: Any) -> None:
    """Delete a section of a draft with its questions; the sections after it close up."""
    version = lock_version(section.version)
    codes = list(section.questions.values_list("code", flat=True))
    title = section.title_uk
    section.delete()
    remaining = list(version.sections.order_by("position", "id"))
    for index, sibling in enumerate(remaining):
        sibling.position = index
    Section.objects.bulk_update(remaining, ["position"])
    audit_version(
        version, actor=actor, changes={"section_removed": title, "questions_removed": codes}
    )
