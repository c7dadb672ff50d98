"""Publications (issue 13, point 1): news, announcements, legislation changes, success stories
and press material. A publication moves draft → review → scheduled → published → unpublished;
each action of publishing (the feed, subscribers' mail, social posts, the press list) fires
exactly once, held by a unique row in PublicationFiring."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel, TimeStampedModel


class PublicationKind(models.TextChoices):
    NEWS = "news", _("Новина")
    ANNOUNCEMENT = "announcement", _("Оголошення")
    LEGISLATION = "legislation", _("Зміна законодавства")
    SUCCESS_STORY = "success_story", _("Історія успіху")
    PRESS_ANNOUNCEMENT = "press_announcement", _("Анонс для преси")
    PRESS_RELEASE = "press_release", _("Пресреліз")


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Чернетка")
    REVIEW = "review", _("На перевірці")
    SCHEDULED = "scheduled", _("Заплановано")
    PUBLISHED = "published", _("Опубліковано")
    UNPUBLISHED = "unpublished", _("Знято з публікації")


class FiringAction(models.TextChoices):
    FEED = "feed", _("Стрічка новин")
    MAIL = "mail", _("Розсилка підписникам")
    SOCIAL = "social", _("Соціальні мережі")
    PRESS = "press", _("Розсилка медіа")


IMAGE_ALT_REQUIRED = _("Опишіть, що на зображенні: цей текст прочитають люди, які його не бачать.")


def publication_image_path(instance: Publication, filename: str) -> str:
    return f"communications/{instance.centre_id}/publications/{uuid.uuid4().hex}"


class Publication(CentreScopedModel, TimeStampedModel):
    kind = models.CharField(
        _("вид"), max_length=24, choices=PublicationKind.choices, default=PublicationKind.NEWS
    )
    title = models.CharField(_("заголовок"), max_length=255)
    title_en = models.CharField(_("заголовок англійською"), max_length=255, blank=True)
    lead = models.TextField(_("коротко"), blank=True)
    lead_en = models.TextField(_("коротко англійською"), blank=True)
    body = models.TextField(_("текст"), blank=True)
    body_en = models.TextField(_("текст англійською"), blank=True)
    image = models.ImageField(
        _("зображення"), upload_to=publication_image_path, max_length=255, blank=True
    )
    image_alt = models.CharField(_("опис зображення"), max_length=255, blank=True)
    state = models.CharField(
        _("стан"),
        max_length=16,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
    )
    publish_at = models.DateTimeField(_("опублікувати о"), null=True, blank=True)
    embargo_until = models.DateTimeField(_("ембарго до"), null=True, blank=True)
    effective_on = models.DateField(_("набирає чинності"), null=True, blank=True)
    topics = models.ManyToManyField(
        "communications.Topic", blank=True, related_name="publications", verbose_name=_("теми")
    )
    services = models.ManyToManyField(
        "catalog.Service", blank=True, related_name="+", verbose_name=_("послуги")
    )
    offices = models.ManyToManyField(
        "core.Office", blank=True, related_name="+", verbose_name=_("офіси")
    )
    published_at = models.DateTimeField(_("опубліковано"), null=True, blank=True)
    slug = models.SlugField(_("адреса"), max_length=120, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("автор"),
    )
    # The form carries it: the same form sent twice makes one publication.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("публікація")
        verbose_name_plural = _("публікації")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "slug"], name="comms_publication_slug_unique"
            ),
        ]
        indexes = [models.Index(fields=["centre", "state", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = IMAGE_ALT_REQUIRED
        if self.kind == PublicationKind.LEGISLATION and self.effective_on is None:
            errors["effective_on"] = _("Вкажіть, з якої дати зміна набирає чинності.")
        if self.embargo_until is not None and self.kind != PublicationKind.PRESS_RELEASE:
            errors["embargo_until"] = _("Ембарго можна встановити лише для пресрелізу.")
        if errors:
            raise ValidationError(errors)


class PublicationFiring(models.Model):
    """One action of publishing done for a publication: the row is claimed before the action
    runs, so two schedulers at once do it once."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="firings")
    action = models.CharField(_("дія"), max_length=16, choices=FiringAction.choices)
    fired_at = models.DateTimeField(_("виконано"), auto_now_add=True)

    class Meta:
        verbose_name = _("виконана дія публікації")
        verbose_name_plural = _("виконані дії публікацій")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "action"], name="comms_firing_once_per_action"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication_id}:{self.action}"
