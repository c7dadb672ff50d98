"""Mailings that never skip or repeat (issue 13, point 4): the audience is frozen into a
per-recipient delivery ledger at start, one row per mailing and subscriber."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel, TimeStampedModel


class MailingState(models.TextChoices):
    DRAFT = "draft", _("Чернетка")
    SENDING = "sending", _("Надсилається")
    PAUSED = "paused", _("Призупинено")
    DONE = "done", _("Надіслано")
    CANCELLED = "cancelled", _("Скасовано")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Очікує")
    CLAIMED = "claimed", _("Надсилається")
    SENT = "sent", _("Надіслано")
    FAILED = "failed", _("Помилка")
    BOUNCED = "bounced", _("Повернено")
    AMBIGUOUS = "ambiguous", _("Невідомо, чи надіслано")


def empty_segment() -> dict[str, list[int]]:
    return {"topics": [], "services": [], "offices": []}


class Mailing(CentreScopedModel, TimeStampedModel):
    subject = models.CharField(_("тема листа"), max_length=255)
    body = models.TextField(_("текст листа"), blank=True)
    publication = models.ForeignKey(
        "communications.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mailings",
        verbose_name=_("публікація"),
    )
    segment = models.JSONField(_("кому"), default=empty_segment, blank=True)
    state = models.CharField(
        _("стан"), max_length=16, choices=MailingState.choices, default=MailingState.DRAFT
    )
    started_at = models.DateTimeField(_("розпочато"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершено"), null=True, blank=True)
    rate_per_minute = models.PositiveIntegerField(_("листів на хвилину"), default=60)
    # The pacing of the rate limit: the time the next batch may start sending (reserved in one
    # UPDATE by whichever worker claims it, so two workers share one rate).
    next_slot_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("розсилка")
        verbose_name_plural = _("розсилки")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class MailingDelivery(models.Model):
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        "communications.Subscriber", on_delete=models.CASCADE, related_name="deliveries"
    )
    email = models.EmailField(_("електронна пошта"))
    state = models.CharField(
        _("стан"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    claimed_at = models.DateTimeField(_("взято"), null=True, blank=True)
    sent_at = models.DateTimeField(_("надіслано"), null=True, blank=True)
    error = models.TextField(_("помилка"), blank=True)

    class Meta:
        verbose_name = _("доставка розсилки")
        verbose_name_plural = _("доставки розсилок")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "subscriber"], name="comms_delivery_once_per_subscriber"
            ),
        ]
        indexes = [models.Index(fields=["mailing", "state"])]

    def __str__(self) -> str:
        return f"{self.mailing_id}: {self.email}"


class MailingPace(models.Model):
    """The next free send time of a shared rate limit: ``*`` for all mailings together
    (``COMMS_MAIL_RATE_PER_MINUTE``) and ``@<domain>`` per recipient domain
    (``COMMS_MAILING_RATE_PER_DOMAIN``). A worker locks the rows it needs while it reserves
    its batch's send times, so workers in parallel share each limit."""

    key = models.CharField(max_length=255, primary_key=True)
    next_slot_at = models.DateTimeField()

    class Meta:
        verbose_name = _("темп розсилок")
        verbose_name_plural = _("темп розсилок")

    def __str__(self) -> str:
        return f"{self.key}: {self.next_slot_at:%H:%M:%S}"
