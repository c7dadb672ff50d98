"""Scanned questionnaires: a batch uploaded, its pages read, the doubtful marks decided by a
person, then each sheet entered as a response exactly as keyboard entry enters one (surveys'
``paper_batch_start`` and ``paper_entry_submit``: the same batch, checks and anonymity)."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record
from vidhuk.core.uploads import uploads_check
from vidhuk.surveys.models import QuestionnaireVersion
from vidhuk.surveys.paper import SIZES, questionnaire_pdf_and_map
from vidhuk.surveys.paper_map import FormMap
from vidhuk.surveys.services.batches import paper_batch_start, paper_entry_submit

from .choices import BatchState, BoxDecision, PageState
from .models import ScanBatch, ScannedSheet, ScanPage
from .pages import KINDS, MAX_PAGES, decode, encode_png, page_images
from .recognition import read_page
from .selectors import form_maps, scan_sheets
from .sheets import ReviewItem, answers_of, form_of, serial_digest, sheet_review_items

MAX_FILE_BYTES = 80 * 1024 * 1024
MAX_FILES = 200


@transaction.atomic
def scan_batch_create(
    *,
    centre: Centre,
    version: QuestionnaireVersion,
    received_on: dt.date,
    office: Office | None,
    label: str,
    files: list[Any],
    actor: Any,
) -> ScanBatch:
    """Open a batch of scanned forms: every file checked, split into pages and queued for
    reading (in the background: ``tasks.scan_batch_read_task``)."""
    if not files:
        raise ValidationError({"scans": _("Виберіть файли сканів або фотографій анкет.")})
    try:
        checked = uploads_check(files, kinds=KINDS, max_bytes=MAX_FILE_BYTES, max_count=MAX_FILES)
    except ValidationError as error:
        raise ValidationError({"scans": error.messages}) from error
    response_batch = paper_batch_start(
        centre=centre,
        version=version,
        received_on=received_on,
        office=office,
        label=label,
        actor=actor,
    )
    maps = {}
    for size in SIZES:
        _pdf, form = questionnaire_pdf_and_map(version=version, size=size)
        maps[size] = form.to_dict()
    batch = ScanBatch.objects.create(
        centre=centre, response_batch=response_batch, form_maps=maps, created_by=actor
    )
    position = 0
    for upload in checked:
        for content in page_images(upload):
            position += 1
            if position > MAX_PAGES:
                raise ValidationError(
                    {"scans": _("Не більше %(max)s сторінок за раз.") % {"max": MAX_PAGES}}
                )
            ScanPage.objects.create(
                batch=batch,
                position=position,
                source_name=upload.original_name,
                upload=content,
            )
    batch.pages_total = position
    batch.save(update_fields=["pages_total"])
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.IMPORT,
        obj=batch,
        changes={"pages": position, "files": len(checked)},
    )
    from .tasks import scan_batch_read_task

    transaction.on_commit(lambda: scan_batch_read_task.enqueue(batch.pk))
    return batch


def scan_batch_read(*, batch: ScanBatch) -> int:
    """Read every queued page of ``batch``, one transaction a page (progress shows as it goes;
    a page read once is not read again). Returns the pages read now."""
    maps = form_maps(batch)
    done = 0
    for page_id in batch.pages.filter(state=PageState.QUEUED).values_list("pk", flat=True):
        with transaction.atomic():
            page = ScanPage.objects.select_for_update(skip_locked=True).filter(
                pk=page_id, state=PageState.QUEUED
            )
            claimed = page.first()
            if claimed is None:
                continue
            _read_one(claimed, maps)
            ScanBatch.objects.filter(pk=batch.pk).update(pages_read=F("pages_read") + 1)
            done += 1
    ScanBatch.objects.filter(pk=batch.pk, state=BatchState.READING).update(state=BatchState.REVIEW)
    return done


def _read_one(page: ScanPage, maps: dict[str, FormMap]) -> None:
    try:
        image = decode(bytes(page.upload))
    except ValueError:
        page.state, page.refusal = PageState.REFUSED, "not_an_image"
        page.save(update_fields=["state", "refusal"])
        return
    reading = read_page(image, maps)
    if reading.refusal is not None or reading.upright is None or reading.page_id is None:
        page.state, page.refusal = PageState.REFUSED, str(reading.refusal or "not_a_form")
        page.save(update_fields=["state", "refusal"])
        return
    page.state = PageState.READ
    page.size = reading.size
    page.page_number = reading.page_id.page
    page.serial = reading.page_id.serial
    page.upright = encode_png(reading.upright)
    page.readings = [
        {
            "index": box.index,
            "state": str(box.state),
            "ink": box.ink,
            "solid": box.solid,
            "proposed": str(box.proposed),
        }
        for box in reading.boxes
    ]
    page.written = reading.written
    page.upload = b""  # the upright page is all that is needed from now on
    page.save()


@transaction.atomic
def scan_box_decide(*, page: ScanPage, key: str, value: str, actor: Any) -> None:
    """Record what a person saw: a doubtful box's state, or a two-mark question's option ("" for
    none). Decided once per key; the latest decision stands."""
    page = ScanPage.objects.select_for_update().get(pk=page.pk)
    _ensure_open(page.batch)
    if key.startswith("box:"):
        if value not in BoxDecision.values:
            raise ValidationError(_("Виберіть: позначено, порожньо або зафарбовано."))
    elif key.startswith("question:"):
        code, _sep, row = key.removeprefix("question:").partition(":")
        form = form_of(page, form_maps(page.batch))
        allowed = {b.value for b in form.boxes if b.question == code and b.row == row}
        if value and value not in allowed:
            raise ValidationError(_("Введіть номер варіанта, як надруковано в анкеті, або 0."))
    else:
        raise ValidationError(_("Невідомий пункт перевірки."))
    page.decisions = {**page.decisions, key: value}
    page.save(update_fields=["decisions"])


@transaction.atomic
def scan_text_enter(*, page: ScanPage, code: str, text: str, actor: Any) -> None:
    """The words a person typed from a free-text box (moderated later, as every text is)."""
    page = ScanPage.objects.select_for_update().get(pk=page.pk)
    _ensure_open(page.batch)
    if len(text) > 4000:
        raise ValidationError({"text": _("Не більше 4000 символів.")})
    page.texts = {**page.texts, code: text.strip()}
    page.save(update_fields=["texts"])


def _review_items(batch: ScanBatch) -> list[ReviewItem]:
    """Everything left to decide, sheet by sheet in upload order; a sheet entered before (its
    serial known) is not asked about: it will not be entered."""
    maps = form_maps(batch)
    return [
        item
        for sheet in scan_sheets(batch=batch)
        if not sheet.is_entered_before
        for item in sheet_review_items(sheet, maps)
    ]


def scan_review_next(*, batch: ScanBatch) -> ReviewItem | None:
    """The first thing left to decide in the batch, or None."""
    items = _review_items(batch)
    return items[0] if items else None


def scan_review_left(*, batch: ScanBatch) -> int:
    return len(_review_items(batch))


@dataclass(frozen=True)
class FinishResult:
    made: int  # responses entered
    blank: int  # blank sheets, not responses
    entered_before: int  # sheets whose serial was entered in an earlier batch: left out


@transaction.atomic
def scan_batch_finish(*, batch: ScanBatch, actor: Any) -> FinishResult:
    """Enter every sheet as a response (a blank sheet is not one; a sheet entered before, by its
    serial, is not entered again), remember the serials entered by their digest only, then
    forget the images, the serials and the typed texts of the pages. Entering twice makes no
    second response."""
    batch = ScanBatch.objects.select_for_update().get(pk=batch.pk)
    _ensure_open(batch)
    if scan_review_left(batch=batch):
        raise ValidationError(_("Спершу перевірте всі сумнівні позначки."))
    maps = form_maps(batch)
    made = blank = before = 0
    serials: list[int] = []
    for sheet in scan_sheets(batch=batch, pages=batch.pages.order_by("position")):
        if sheet.is_entered_before:
            before += 1
            continue
        answers = answers_of(sheet, maps)
        key = str(uuid.uuid5(uuid.NAMESPACE_URL, f"vidhuk:scan:{batch.pk}:{sheet.number}"))
        try:
            paper_entry_submit(
                batch=batch.response_batch, answers=answers, submission_key=key, actor=actor
            )
        except ValidationError:
            blank += 1
            continue
        made += 1
        if sheet.serial is not None:
            serials.append(sheet.serial)
    _remember_serials(batch, serials)
    batch.pages.update(upload=b"", upright=b"", serial=None, texts={})
    batch.state, batch.responses_made = BatchState.DONE, made
    batch.save(update_fields=["state", "responses_made"])
    audit_record(
        actor=actor,
        centre=batch.centre,
        action=AuditAction.UPDATE,
        obj=batch,
        changes={"entered": made, "blank": blank, "entered_before": before},
    )
    return FinishResult(made=made, blank=blank, entered_before=before)


def _remember_serials(batch: ScanBatch, serials: list[int]) -> None:
    """Keyed digests of the serials entered, written in shuffled order (the rows' physical
    order must not repeat the order the responses were stored in)."""
    digests = [serial_digest(centre_id=batch.centre_id, serial=serial) for serial in serials]
    secrets.SystemRandom().shuffle(digests)
    ScannedSheet.objects.bulk_create(
        [ScannedSheet(centre_id=batch.centre_id, digest=digest) for digest in digests],
        ignore_conflicts=True,
    )


def scan_images_expire() -> int:
    """Forget the page images of batches older than SCANNING_IMAGE_DAYS, entered or not."""
    days = getattr(settings, "SCANNING_IMAGE_DAYS", 30)
    cutoff = timezone.now() - dt.timedelta(days=days)
    return (
        ScanPage.objects.filter(batch__created_at__lt=cutoff)
        .exclude(upload=b"", upright=b"")
        .update(upload=b"", upright=b"")
    )


def _ensure_open(batch: ScanBatch) -> None:
    if batch.state == BatchState.DONE:
        raise ValidationError(_("Цей пакет уже внесено."))
