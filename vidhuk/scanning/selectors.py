"""What the scanning pages read: a centre's batches and one batch's pages (all scoped by centre)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from vidhuk.core.models import Centre
from vidhuk.surveys.paper_map import FormMap

from .choices import PageState
from .models import ScanBatch, ScannedSheet, ScanPage
from .sheets import Sheet, serial_digest, sheets_of


def scan_batch_list(*, centre: Centre) -> QuerySet[ScanBatch]:
    return ScanBatch.objects.filter(centre=centre).select_related(
        "response_batch__version__questionnaire"
    )


def scan_batch_get(*, centre: Centre, pk: int) -> ScanBatch:
    """The batch of this centre, else 404 (another centre's batch is not found, not refused)."""
    batch = (
        ScanBatch.objects.filter(centre=centre, pk=pk)
        .select_related("response_batch__version__questionnaire")
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def scan_page_get(*, batch: ScanBatch, pk: int) -> ScanPage:
    page = batch.pages.filter(pk=pk).first()
    if page is None:
        raise Http404
    return page


def scan_pages_refused(*, batch: ScanBatch) -> QuerySet[ScanPage]:
    return batch.pages.filter(state=PageState.REFUSED).only("position", "source_name", "refusal")


def form_maps(batch: ScanBatch) -> dict[str, FormMap]:
    return {size: FormMap.from_dict(data) for size, data in batch.form_maps.items()}


def scan_sheets(*, batch: ScanBatch, pages: QuerySet[ScanPage] | None = None) -> list[Sheet]:
    """The batch's sheets, each told whether its serial was entered before in the centre."""
    read = list(pages if pages is not None else batch.pages.filter(state=PageState.READ))
    serials = {page.serial for page in read if page.serial is not None}
    digests = {serial_digest(centre_id=batch.centre_id, serial=s): s for s in serials}
    entered = ScannedSheet.objects.filter(centre_id=batch.centre_id, digest__in=digests)
    known = frozenset(digests[d] for d in entered.values_list("digest", flat=True))
    return sheets_of(read, form_maps(batch), entered=known)
