"""The communication plan as data (issue 13, point 8). "Overdue" is derived from the due date
and the status, never stored."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel, TimeStampedModel


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Заплановано")
    IN_PROGRESS = "in_progress", _("Виконується")
    DONE = "done", _("Виконано")


class PlanMeasure(CentreScopedModel, TimeStampedModel):
    block = models.CharField(_("тематичний блок"), max_length=255)
    description = models.TextField(_("захід"))
    channel = models.CharField(_("канал"), max_length=255, blank=True)
    audience = models.CharField(_("аудиторія"), max_length=255, blank=True)
    owner_unit = models.CharField(_("відповідальний підрозділ"), max_length=255, blank=True)
    owner = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("відповідальний"),
    )
    due_on = models.DateField(_("строк"), null=True, blank=True)
    recurrence = models.CharField(_("періодичність"), max_length=32, blank=True)
    status = models.CharField(
        _("стан"), max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    target_reach = models.PositiveIntegerField(_("цільове охоплення"), null=True, blank=True)
    actual_reach = models.PositiveIntegerField(_("фактичне охоплення"), null=True, blank=True)
    publication = models.ForeignKey(
        "communications.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("публікація"),
    )
    mailing = models.ForeignKey(
        "communications.Mailing",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("розсилка"),
    )
    event = models.ForeignKey(
        "communications.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("захід"),
    )
    position = models.PositiveIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("захід комунікаційного плану")
        verbose_name_plural = _("комунікаційний план")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description[:80]
