"""A mystery shopper's reports and their photos.

The tables were surveys' until the mystery shopper became an app of its own; they keep their
names (``db_table``), so moving the models moved no row (migration ``mystery/0001``). The
checklist a report answers is a surveys questionnaire version and its answers an ordinary
surveys ``Response``: this app reaches them through surveys' services and selectors only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.models import CentreScopedModel, Office, TimeStampedModel

from .choices import MysteryVisitStatus


def mystery_photo_path(instance: MysteryVisitPhoto, filename: str) -> str:
    # The stored name is random: the evaluator's file name is kept only as ``original_name``.
    return f"mystery/{instance.visit.centre_id}/{instance.visit_id}/{uuid.uuid4().hex}"


class MysteryVisit(CentreScopedModel, TimeStampedModel):
    """A mystery shopper's report: the visit facts, the checklist answers and the review.

    The checklist answers are an ordinary ``Response`` (channel ``mystery_shopper``) of a
    mystery-shopper questionnaire version; this row adds what is known about the visit and who
    filed it — an evaluator is not anonymous to the centre that engaged them.
    """

    version = models.ForeignKey(
        "surveys.QuestionnaireVersion", on_delete=models.PROTECT, related_name="mystery_visits"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mystery_visits",
        verbose_name=_("таємний відвідувач"),
    )
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("послуга, яку намагалися отримати"),
    )
    visited_at = models.DateTimeField(_("дата й час візиту"))
    minutes_waited = models.PositiveSmallIntegerField(_("хвилин очікування"), null=True, blank=True)
    minutes_served = models.PositiveSmallIntegerField(
        _("хвилин обслуговування"), null=True, blank=True
    )
    status = models.CharField(
        _("стан"),
        max_length=10,
        choices=MysteryVisitStatus.choices,
        default=MysteryVisitStatus.DRAFT,
    )
    response = models.OneToOneField(
        "surveys.Response",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mystery_visit",
    )
    submitted_at = models.DateTimeField(_("подано"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("перевірив"),
    )
    reviewed_at = models.DateTimeField(_("перевірено"), null=True, blank=True)
    review_comment = models.TextField(_("коментар перевірки"), blank=True)

    class Meta:
        verbose_name = _("візит таємного відвідувача")
        verbose_name_plural = _("візити таємних відвідувачів")
        db_table = "surveys_mysteryvisit"  # the table it had in surveys: moved, not copied
        ordering = ["-visited_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_waited__isnull=True) | Q(minutes_waited__lte=24 * 60),
                name="mystery_minutes_waited_in_day",
            ),
            models.CheckConstraint(
                condition=Q(minutes_served__isnull=True) | Q(minutes_served__lte=24 * 60),
                name="mystery_minutes_served_in_day",
            ),
            models.CheckConstraint(
                condition=~Q(status=MysteryVisitStatus.RETURNED) | ~Q(review_comment=""),
                name="mystery_returned_has_comment",
                violation_error_message=_("Повертаючи звіт, напишіть коментар."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} — {self.visited_at:%d.%m.%Y %H:%M}"


class MysteryVisitPhoto(TimeStampedModel):
    visit = models.ForeignKey(MysteryVisit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("фото"), upload_to=mystery_photo_path, max_length=255)
    original_name = models.CharField(_("назва файлу"), max_length=255)
    caption = models.CharField(_("підпис"), max_length=255, blank=True)
    content_type = models.CharField(_("тип"), max_length=64)
    size = models.PositiveIntegerField(_("розмір, байт"))

    class Meta:
        verbose_name = _("фото таємного відвідувача")
        verbose_name_plural = _("фото таємних відвідувачів")
        db_table = "surveys_mysteryvisitphoto"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
