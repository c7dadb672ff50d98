"""Background work of scanning: reading a batch's pages (progress shows on the batch's page)."""

from __future__ import annotations

from django_tasks import task

from .models import ScanBatch
from .services import scan_batch_read


@task()
def scan_batch_read_task(batch_id: int) -> int:
    batch = ScanBatch.objects.filter(pk=batch_id).first()
    return 0 if batch is None else scan_batch_read(batch=batch)
