"""What the scanning pages read: a centre's batches and one batch's pages (all scoped by centre)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from vidhuk.core.models import Centre

from .choices import PageState
from .models import ScanBatch, ScanPage
from .sheets import sheets_of


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


def scan_sheet_count(*, batch: ScanBatch) -> int:
    return len(sheets_of(batch.pages.only("state", "page_number", "position")))
