"""Topics a centre informs about: publications, events and subscriptions are tagged with them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel


class Topic(CentreScopedModel):
    name = models.CharField(_("назва"), max_length=120)
    name_en = models.CharField(_("назва англійською"), max_length=120, blank=True)
    slug = models.SlugField(_("ідентифікатор"), max_length=60)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    # Set instead of deleting when publications, events or subscriptions name the topic.
    archived_at = models.DateTimeField(_("в архіві з"), null=True, blank=True)

    class Meta:
        verbose_name = _("тема")
        verbose_name_plural = _("теми")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "slug"], name="comms_topic_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name
