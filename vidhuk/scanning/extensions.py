"""What scanning adds to the extension points (docs/decisions/0006-extension-points.md): its
pages (/staff/<centre>/scanning/), their link in the surveys section and the daily job that
forgets old page images."""

from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.urlmounts import register_urls

from . import slots

register_urls("scanning", "vidhuk.scanning.urls", prefix="scanning", is_staff=True, order=36)
slots.register()


def _expire(run: DailyRun) -> str:
    """Forget the page images of batches past SCANNING_IMAGE_DAYS (entered or not)."""
    from .services import scan_images_expire

    return f"page images forgotten: {scan_images_expire()}"


register_daily_job("scanning", _expire, order=45)
