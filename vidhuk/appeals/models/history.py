"""A case's history: its events and the files attached to it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import TimeStampedModel

from ..choices import (
    EventStage,
)
from ._fields import staff_member
from .appeal import Appeal


class AppealEvent(models.Model):
    """One step in a case's history. Public ones show on the tracker; notes never do."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(_("етап"), max_length=16, choices=EventStage.choices)
    at = models.DateTimeField(_("коли"))
    actor = staff_member(_("хто"))
    is_public = models.BooleanField(_("показувати у трекері"), default=True)
    public_text = models.TextField(_("текст для заявника"), blank=True)
    internal_note = models.TextField(_("службова примітка"), blank=True)

    class Meta:
        verbose_name = _("подія розгляду")
        verbose_name_plural = _("події розгляду")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage=EventStage.NOTE) | Q(is_public=False),
                name="appeal_event_note_never_public",
            ),
        ]
        indexes = [models.Index(fields=["appeal", "at"], name="appeal_event_timeline")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_stage_display()}"


def attachment_path(instance: AppealAttachment, filename: str) -> str:
    # The stored name is the content hash: the resident's file name never reaches the disk.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instance.content_type, "txt"
    )
    return f"appeals/{instance.appeal.centre_id}/{instance.sha256}.{extension}"


class AppealAttachment(TimeStampedModel):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("файл"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("назва файлу"), max_length=255)
    content_type = models.CharField(_("тип"), max_length=64)
    size = models.PositiveIntegerField(_("розмір, байт"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("вкладення")
        verbose_name_plural = _("вкладення")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
