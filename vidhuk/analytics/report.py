"""The quarterly report in one click (issue 14, point 4): a draft built from the metrics registry
with sentences written from its figures, edited by staff section by section, then published —
which freezes the figures and the text in ``QuarterlyReport`` so the published HTML and PDF are
rebuilt byte-identical, however the registers change afterwards."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record

from .choices import ReportState
from .dashboard import dashboard_cache_clear
from .models import QuarterlyReport
from .report_build import LANGUAGES, report_figures_build
from .report_spec import SECTIONS
from .sentences import Reading, Subject, change_sentence, largest_sentence

TEXT_MAX_LENGTH = 20_000
STAFF_FIELDS = tuple(
    f"{row}_{sex}" for row in ("staff", "leaders") for sex in ("female", "male", "not_stated")
)


# --- sentences ------------------------------------------------------------------------------


def _is_silent(headline: dict[str, Any]) -> bool:
    """Nothing this quarter or the last (a centre without bookings): no sentence to write."""
    readings = (headline["current"], headline["previous"])
    return all(not reading["withheld"] and not reading["value"] for reading in readings)


def _section_sentences(figures: dict[str, Any], code: str, language: str) -> str:
    section = figures.get("sections", {}).get(code, {})
    sentences = []
    with translation.override(language):
        for headline in section.get("headlines", []):
            if _is_silent(headline):
                continue
            sentences.append(
                change_sentence(
                    subject=Subject(headline["subject"][language], headline["gender"]),
                    unit=headline["unit"],
                    current=Reading(**headline["current"]),
                    previous=Reading(**headline["previous"]),
                )
            )
        for table in section.get("tables", []):
            shown = [row for row in table["rows"] if row["value"]]
            if table["withheld"] or len(shown) < 2:
                continue
            top = shown[0]
            sentences.append(
                largest_sentence(
                    caption=table["caption"][language],
                    label=top["label"][language],
                    value=top["value"],
                    unit=table["unit"],
                )
            )
        if code == "decisions":
            for decision in figures.get("decisions", []):
                sentences.append(
                    _("Рішення № %(number)s «%(title)s»: %(state)s, виконано %(progress)s %%.")
                    % {
                        "number": decision["number"],
                        "title": decision["title"][language],
                        "state": decision["state"][language].lower(),
                        "progress": decision["progress"],
                    }
                )
    return "\n\n".join(sentences)


def generated_texts(figures: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each section's sentences in Ukrainian and English, written from the figures alone."""
    return {
        section.code: {
            language: _section_sentences(figures, section.code, language) for language in LANGUAGES
        }
        for section in SECTIONS
    }


# --- reads ----------------------------------------------------------------------------------


def report_list_for_staff(*, centre: Centre) -> QuerySet[QuarterlyReport]:
    return QuarterlyReport.objects.filter(centre=centre).order_by("-year", "-quarter")


def report_get_for_staff(*, centre: Centre, year: int, quarter: int) -> QuarterlyReport | None:
    return QuarterlyReport.objects.filter(centre=centre, year=year, quarter=quarter).first()


def report_list_published(*, centre: Centre) -> QuerySet[QuarterlyReport]:
    return report_list_for_staff(centre=centre).filter(state=ReportState.PUBLISHED)


def report_get_published(*, centre: Centre, year: int, quarter: int) -> QuarterlyReport:
    report = report_list_published(centre=centre).filter(year=year, quarter=quarter).first()
    if report is None:
        raise Http404("No such published report")
    return report


def section_texts(report: QuarterlyReport) -> dict[str, dict[str, str]]:
    """The text of each section as staff left it (the generated sentences until edited)."""
    return {section["code"]: section["text"] for section in report.sections}


# --- writes ---------------------------------------------------------------------------------


def _refuse_published(report: QuarterlyReport) -> None:
    if report.state == ReportState.PUBLISHED:
        raise ValidationError(_("Звіт уже опубліковано: його показники й текст не змінюються."))


@transaction.atomic
def report_draft_build(*, centre: Centre, year: int, quarter: int, actor: Any) -> QuarterlyReport:
    """Build (or rebuild) the quarter's draft from the registers. A section's text that staff
    have edited stays as they wrote it; one still as generated takes the new sentences. The
    staff composition typed on the passport page stays."""
    report, created = QuarterlyReport.objects.select_for_update().get_or_create(
        centre=centre, year=year, quarter=quarter
    )
    _refuse_published(report)
    figures = report_figures_build(centre=centre, year=year, quarter=quarter)
    figures["staff_composition"] = report.figures.get("staff_composition", {})
    fresh = generated_texts(figures)
    kept = {section["code"]: section for section in report.sections}
    sections = []
    for spec in SECTIONS:
        old = kept.get(spec.code)
        edited = old is not None and old["text"] != old["generated"]
        text = old["text"] if edited and old else fresh[spec.code]
        sections.append({"code": spec.code, "text": text, "generated": fresh[spec.code]})
    report.figures = figures
    report.sections = sections
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=report,
        changes={"built": timezone.now().isoformat()},
    )
    return report


@transaction.atomic
def report_texts_update(
    *, report: QuarterlyReport, texts: dict[str, dict[str, str]], actor: Any
) -> QuarterlyReport:
    """Save the sections' text as staff edited it (Ukrainian and English); plans are the text
    of the «plans» section."""
    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    _refuse_published(report)
    for section in report.sections:
        given = texts.get(section["code"])
        if given is None:
            continue
        section["text"] = {language: given.get(language, "").strip() for language in LANGUAGES}
        if len(section["text"]["uk"]) > TEXT_MAX_LENGTH:
            raise ValidationError(_("Текст розділу задовгий: до 20 000 знаків."))
    report.plans = texts.get("plans", {}).get("uk", report.plans).strip()
    report.full_clean()
    report.save()
    audit_record(actor=actor, centre=report.centre, action=AuditAction.UPDATE, obj=report)
    return report


@transaction.atomic
def report_staff_composition_save(
    *, centre: Centre, year: int, quarter: int, composition: dict[str, Any], actor: Any
) -> QuarterlyReport:
    """Keep the staff composition (by sex, as each person stated) with the quarter's report —
    accounts hold no sex of staff. Builds the draft when the quarter has none yet."""
    report = report_get_for_staff(centre=centre, year=year, quarter=quarter)
    if report is None:
        report = report_draft_build(centre=centre, year=year, quarter=quarter, actor=actor)
    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    _refuse_published(report)
    kept: dict[str, Any] = {name: int(composition.get(name) or 0) for name in STAFF_FIELDS}
    if any(kept[name] < 0 for name in STAFF_FIELDS):
        raise ValidationError(_("Кількість працівників не може бути від’ємною."))
    kept["as_of"] = str(composition.get("as_of") or "")
    report.figures = {**report.figures, "staff_composition": kept}
    report.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.UPDATE, obj=report, changes=kept)
    return report


@transaction.atomic
def report_publish(*, report: QuarterlyReport, actor: Any) -> QuarterlyReport:
    """Publish the quarter's report as it stands: figures and text are frozen and the PDF's
    SHA-256 is kept, so a rebuild can be checked byte for byte. Publishing twice is one
    publication."""
    from .report_render import report_pdf

    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    if report.state == ReportState.PUBLISHED:
        return report
    if not report.sections:
        raise ValidationError(_("Спершу сформуйте чернетку звіту."))
    report.state = ReportState.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = actor if getattr(actor, "is_authenticated", False) else None
    report.pdf_sha256 = hashlib.sha256(report_pdf(report=report, language="uk")).hexdigest()
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        centre=report.centre,
        action=AuditAction.UPDATE,
        obj=report,
        changes={"state": ReportState.PUBLISHED},
    )
    # The quarter's figures are final now: its dashboards are built afresh once this commits.
    centre, year, quarter = report.centre, report.year, report.quarter
    transaction.on_commit(lambda: dashboard_cache_clear(centre=centre, year=year, quarter=quarter))
    return report
