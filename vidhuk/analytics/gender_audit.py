"""The yearly gender audit of access to the centre's services (issue 14, point 5).

The checklist is data (``data/gender_audit_checklist.json``, after U-LEAD's gender audit of
ASCs and ДСТУ ISO 26000): sections premises and infrastructure, staff, services, communication;
each item a code, its text and guidance in Ukrainian and English, scored on the checklist's
scale. Staff score every item with its evidence and a recommendation; completing the audit
(the head) freezes it and gives a report. Each recommendation can become a finding in the
decisions register — once: the same recommendation sent twice opens the same finding.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record
from vidhuk.decisions.services.findings import finding_create

from .choices import AuditState
from .models import GenderAudit, GenderAuditAnswer

CHECKLIST_PATH = Path(__file__).parent / "data" / "gender_audit_checklist.json"
TEXT_MAX_LENGTH = 5_000
# Keys of the findings opened from recommendations (decisions' double-submit key).
FINDING_NAMESPACE = uuid.UUID("5b0f3c1e-7a4d-4f7e-9a35-2b1e8c6d9f10")


@cache
def checklist() -> dict[str, Any]:
    with CHECKLIST_PATH.open(encoding="utf-8") as file:
        data: dict[str, Any] = json.load(file)
    return data


def checklist_items() -> dict[str, dict[str, Any]]:
    """Every item by its code, with its section's code."""
    return {
        item["code"]: {**item, "section": section["code"]}
        for section in checklist()["sections"]
        for item in section["items"]
    }


def _language() -> str:
    return "en" if (translation.get_language() or "uk").startswith("en") else "uk"


def scores() -> list[int]:
    return [step["score"] for step in checklist()["scale"]]


# --- reads ----------------------------------------------------------------------------------


def audit_list_for_staff(*, centre: Centre) -> QuerySet[GenderAudit]:
    return GenderAudit.objects.filter(centre=centre).order_by("-year")


def audit_get_for_staff(*, centre: Centre, year: int) -> GenderAudit | None:
    return GenderAudit.objects.filter(centre=centre, year=year).prefetch_related("answers").first()


def audit_report(audit: GenderAudit) -> dict[str, Any]:
    """The audit as its report shows it, in the active language: each section's items with
    score, evidence and recommendation, and the section's share of the highest score."""
    language = _language()
    answers = {answer.item_code: answer for answer in audit.answers.all()}
    scale = {step["score"]: step[language] for step in checklist()["scale"]}
    top = max(scale)
    sections = []
    for section in checklist()["sections"]:
        items = []
        for item in section["items"]:
            answer = answers.get(item["code"])
            score = answer.score if answer else None
            items.append(
                {
                    "code": item["code"],
                    "text": item["text"][language],
                    "guidance": item["guidance"][language],
                    "score": score,
                    "score_label": scale.get(score, "—") if score is not None else "—",
                    "evidence": answer.evidence if answer else "",
                    "recommendation": answer.recommendation if answer else "",
                }
            )
        scored = [item["score"] for item in items if item["score"] is not None]
        share = round(100 * sum(scored) / (top * len(items))) if items else 0
        sections.append(
            {
                "code": section["code"],
                "title": section["title"][language],
                "items": items,
                "share": share,
            }
        )
    return {
        "audit": audit,
        "sections": sections,
        "scale": [{"score": score, "label": label} for score, label in scale.items()],
        "source": checklist()["source"][language],
        "recommendations": [
            item for section in sections for item in section["items"] if item["recommendation"]
        ],
    }


# --- writes ---------------------------------------------------------------------------------


def _refuse_completed(audit: GenderAudit) -> None:
    if audit.state == AuditState.COMPLETED:
        raise ValidationError(_("Аудит уже завершено: його оцінки не змінюються."))


@transaction.atomic
def audit_start(*, centre: Centre, year: int, actor: Any) -> GenderAudit:
    """The centre's audit of ``year``: started once, with the checklist's current version."""
    audit, created = GenderAudit.objects.get_or_create(
        centre=centre,
        year=year,
        defaults={
            "checklist_version": checklist()["version"],
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    if created:
        audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=audit)
    return audit


@transaction.atomic
def audit_answers_save(
    *, audit: GenderAudit, answers: dict[str, dict[str, Any]], summary: str, actor: Any
) -> GenderAudit:
    """Save the scores, evidence and recommendations given (an item left unscored stays so)."""
    audit = GenderAudit.objects.select_for_update().get(pk=audit.pk)
    _refuse_completed(audit)
    known = checklist_items()
    unknown = set(answers) - set(known)
    if unknown:
        raise ValidationError(
            _("Такого пункту в переліку немає: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        )
    allowed = scores()
    for code, given in answers.items():
        score = given.get("score")
        if score is not None and score not in allowed:
            raise ValidationError(_("Оцінка пункту %(code)s — одна зі шкали.") % {"code": code})
        texts = {name: (given.get(name) or "").strip() for name in ("evidence", "recommendation")}
        if any(len(text) > TEXT_MAX_LENGTH for text in texts.values()):
            raise ValidationError(
                _("Текст пункту %(code)s задовгий: до 5 000 знаків.") % {"code": code}
            )
        GenderAuditAnswer.objects.update_or_create(
            audit=audit, item_code=code, defaults={"score": score, **texts}
        )
    audit.summary = summary.strip()
    audit.save(update_fields=["summary"])
    audit_record(actor=actor, centre=audit.centre, action=AuditAction.UPDATE, obj=audit)
    return audit


@transaction.atomic
def audit_complete(*, audit: GenderAudit, actor: Any) -> GenderAudit:
    """Complete the audit: every item must be scored. Completing twice is one completion."""
    audit = GenderAudit.objects.select_for_update().get(pk=audit.pk)
    if audit.state == AuditState.COMPLETED:
        return audit
    scored = set(audit.answers.filter(score__isnull=False).values_list("item_code", flat=True))
    missing = [code for code in checklist_items() if code not in scored]
    if missing:
        raise ValidationError(
            _("Оцініть усі пункти переліку. Без оцінки: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    audit.state = AuditState.COMPLETED
    audit.completed_at = timezone.now()
    audit.save(update_fields=["state", "completed_at"])
    audit_record(
        actor=actor,
        centre=audit.centre,
        action=AuditAction.UPDATE,
        obj=audit,
        changes={"state": AuditState.COMPLETED},
    )
    return audit


def recommendation_finding(*, audit: GenderAudit, item_code: str, actor: Any) -> Any:
    """Open a finding in the decisions register from one recommendation of a completed audit;
    asked again, the same finding comes back (decisions' submission key)."""
    if audit.state != AuditState.COMPLETED:
        raise ValidationError(_("Висновки створюються із завершеного аудиту."))
    answer = audit.answers.filter(item_code=item_code).first()
    item = checklist_items().get(item_code)
    if answer is None or item is None or not answer.recommendation:
        raise ValidationError(_("У цього пункту немає рекомендації."))
    with translation.override("uk"):
        title = _("Гендерний аудит %(year)s, пункт %(code)s: %(text)s") % {
            "year": audit.year,
            "code": item_code,
            "text": item["text"]["uk"],
        }
        topic = _("Гендерна рівність")
    return finding_create(
        centre=audit.centre,
        actor=actor,
        title=title[:255],
        title_en=f"Gender audit {audit.year}, item {item_code}: {item['text']['en']}"[:255],
        summary=answer.recommendation,
        topic=topic,
        is_public=False,
        submission_key=uuid.uuid5(FINDING_NAMESPACE, f"{audit.pk}:{item_code}"),
    )
