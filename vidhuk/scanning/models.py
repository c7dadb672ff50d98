"""A box of scanned questionnaires (``ScanBatch``) and its pages (``ScanPage``).

A batch fills one surveys ``ResponseBatch`` (kind paper): the responses it makes are exactly
those keyboard entry makes. Page images are kept only until the batch is entered (and at most
``SCANNING_IMAGE_DAYS``); no image is tied to a response.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel

from .choices import BatchState, PageState


class ScanBatch(CentreScopedModel):
    response_batch = models.OneToOneField(
        "surveys.ResponseBatch", on_delete=models.PROTECT, related_name="+"
    )
    # The printed form's map for each print size (surveys.paper_map.FormMap as JSON).
    form_maps = models.JSONField(default=dict)
    language = models.CharField(max_length=5, default="uk")
    state = models.CharField(
        _("стан"), max_length=10, choices=BatchState.choices, default=BatchState.READING
    )
    pages_total = models.PositiveIntegerField(default=0)
    pages_read = models.PositiveIntegerField(default=0)
    responses_made = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("пакет сканів")
        verbose_name_plural = _("пакети сканів")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.response_batch}"


class ScanPage(models.Model):
    batch = models.ForeignKey(ScanBatch, on_delete=models.CASCADE, related_name="pages")
    position = models.PositiveIntegerField()  # in upload order
    source_name = models.CharField(max_length=255, blank=True)
    # The page as uploaded (PNG or JPEG), then the upright page it was read from (PNG, greyscale):
    # both emptied when the batch is entered.
    upload = models.BinaryField(blank=True, default=b"")
    upright = models.BinaryField(blank=True, default=b"")
    state = models.CharField(max_length=10, choices=PageState.choices, default=PageState.QUEUED)
    refusal = models.CharField(max_length=30, blank=True)
    size = models.CharField(max_length=10, blank=True)  # which print: standard or large
    page_number = models.PositiveSmallIntegerField(null=True, blank=True)
    # The sheet's serial from the QR code (None on a form printed before serials): emptied with
    # the images when the batch is entered, so no serial stays beside the batch's responses.
    serial = models.PositiveIntegerField(null=True, blank=True)
    sheet = models.PositiveIntegerField(null=True, blank=True)
    # Every box read: {"index", "state", "ink", "solid", "proposed"}; then what a person decided
    # of the doubtful ones ({index: state}) and the free texts they typed ({question: text}).
    readings = models.JSONField(default=list, blank=True)
    written = models.JSONField(default=list, blank=True)  # free-text areas with writing
    decisions = models.JSONField(default=dict, blank=True)
    texts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="scanning_page_once")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.position}"


class ScannedSheet(CentreScopedModel):
    """A sheet serial already entered in the centre, kept only to tell a sheet scanned again.

    ``digest`` is a keyed HMAC of the centre and the serial (``sheets.serial_digest``): a serial
    is a small number, so a plain hash would be read back by trying them all. No batch, no day,
    no serial id: nothing lines a row up with the response its sheet became (rows of one batch
    are written in shuffled order, in the transaction that enters the batch's responses — the
    batch is the finest thing they share). A serial maps to its print run, never to a response.
    """

    digest = models.CharField(max_length=64, primary_key=True)

    class Meta:
        verbose_name = _("внесений аркуш")
        verbose_name_plural = _("внесені аркуші")

    def __str__(self) -> str:
        return self.digest[:12]
