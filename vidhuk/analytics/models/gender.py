from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel

from ..choices import AuditState


class GenderAudit(CentreScopedModel):
    """One year's gender audit of access to the centre's services (the checklist is data in the
    app, each item answered with a score and evidence), repeatable each year."""

    year = models.PositiveSmallIntegerField(_("рік"))
    state = models.CharField(
        _("стан"), max_length=12, choices=AuditState.choices, default=AuditState.DRAFT
    )
    checklist_version = models.CharField(_("версія переліку"), max_length=20)
    summary = models.TextField(_("висновок"), blank=True)
    completed_at = models.DateTimeField(_("завершено"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("гендерний аудит")
        verbose_name_plural = _("гендерні аудити")
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="analytics_gender_audit_yearly")
        ]

    def __str__(self) -> str:
        return f"{self.year}"


class GenderAuditAnswer(models.Model):
    audit = models.ForeignKey(GenderAudit, on_delete=models.CASCADE, related_name="answers")
    item_code = models.CharField(_("пункт"), max_length=20)
    score = models.PositiveSmallIntegerField(_("оцінка"), null=True, blank=True)
    evidence = models.TextField(_("підтвердження"), blank=True)
    recommendation = models.TextField(_("рекомендація"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("відповідь гендерного аудиту")
        verbose_name_plural = _("відповіді гендерного аудиту")
        constraints = [
            models.UniqueConstraint(fields=["audit", "item_code"], name="analytics_audit_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.audit_id}:{self.item_code}"
