from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel

from ..choices import ReportState


class QuarterlyReport(CentreScopedModel):
    """The centre's public report for one quarter: the figures it was built from and the text as
    staff edited it are kept, so a published report can be rebuilt byte-identical."""

    year = models.PositiveSmallIntegerField(_("рік"))
    quarter = models.PositiveSmallIntegerField(_("квартал"))
    state = models.CharField(
        _("стан"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    figures = models.JSONField(_("показники"), default=dict, blank=True)
    sections = models.JSONField(_("текст розділів"), default=list, blank=True)
    plans = models.TextField(_("плани"), blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 PDF"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("опубліковано"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("квартальний звіт")
        verbose_name_plural = _("квартальні звіти")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year", "quarter"], name="analytics_report_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="analytics_report_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"
