"""Calls to the hotline (consultations count too; some become cases)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel, TimeStampedModel

from ..choices import (
    Topic,
)
from ._fields import optional_office, optional_service, staff_member
from .appeal import Appeal


class HotlineCall(CentreScopedModel, TimeStampedModel):
    """A call to the hotline. Consultations that need no follow-up still count."""

    started_at = models.DateTimeField(_("початок дзвінка"))
    duration_seconds = models.PositiveIntegerField(
        _("тривалість, секунд"), validators=[MaxValueValidator(6 * 3600)]
    )
    topic = models.CharField(_("тема"), max_length=24, choices=Topic.choices, blank=True)
    office = optional_office()
    service = optional_service()
    question = models.TextField(_("питання"))
    consultation = models.TextField(_("надана консультація"), blank=True)
    staff_remark = models.TextField(_("зауваження щодо працівника"), blank=True)
    operator = staff_member(_("оператор"))
    appeal = models.OneToOneField(
        Appeal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hotline_call",
        verbose_name=_("звернення, відкрите за дзвінком"),
    )

    class Meta:
        verbose_name = _("дзвінок на гарячу лінію")
        verbose_name_plural = _("дзвінки на гарячу лінію")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["centre", "-started_at"], name="hotline_call_list")]

    def __str__(self) -> str:
        # Not the question: this text goes into the audit log, which anonymisation never clears.
        topic = self.get_topic_display() if self.topic else _("дзвінок")
        return f"{self.started_at:%d.%m.%Y %H:%M} — {topic}"
