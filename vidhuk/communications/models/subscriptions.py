"""Subscriptions without an account (issue 13, point 3): double opt-in, a consent log and
suppressed addresses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel


class SubscriberLanguage(models.TextChoices):
    UK = "uk", _("Українська")
    EN = "en", _("Англійська")


class ConsentAction(models.TextChoices):
    SUBSCRIBE = "subscribe", _("Підписка")
    CONFIRM = "confirm", _("Підтвердження")
    CHANGE = "change", _("Зміна налаштувань")
    UNSUBSCRIBE = "unsubscribe", _("Відписка")


class ConsentSource(models.TextChoices):
    PORTAL = "portal", _("Портал")
    APPEAL = "appeal", _("Звернення")
    BOOKING = "booking", _("Запис на прийом")
    SURVEY = "survey", _("Опитування")
    MAIL = "mail", _("Лист")


class SuppressionReason(models.TextChoices):
    HARD_BOUNCE = "hard_bounce", _("Адреса не існує")
    COMPLAINT = "complaint", _("Скарга на спам")
    MANUAL = "manual", _("Вручну")


class Subscriber(CentreScopedModel):
    email = models.EmailField(_("електронна пошта"))
    confirmed_at = models.DateTimeField(_("підтверджено"), null=True, blank=True)
    token_hash = models.CharField(_("відбиток ключа"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("створено"), auto_now_add=True)
    unsubscribed_at = models.DateTimeField(_("відписався"), null=True, blank=True)
    language = models.CharField(
        _("мова"), max_length=2, choices=SubscriberLanguage.choices, default=SubscriberLanguage.UK
    )

    class Meta:
        verbose_name = _("підписник")
        verbose_name_plural = _("підписники")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "email"], name="comms_subscriber_email_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    """What a subscriber wants to hear about; all three empty means everything."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    topic = models.ForeignKey(
        "communications.Topic", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    office = models.ForeignKey(
        "core.Office", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("підписка")
        verbose_name_plural = _("підписки")

    def __str__(self) -> str:
        return f"{self.subscriber_id}: {self.topic_id}/{self.service_id}/{self.office_id}"


class ConsentRecord(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(_("дія"), max_length=16, choices=ConsentAction.choices)
    text_version = models.CharField(_("версія тексту згоди"), max_length=32)
    source = models.CharField(_("звідки"), max_length=16, choices=ConsentSource.choices)
    at = models.DateTimeField(_("коли"), auto_now_add=True)

    class Meta:
        verbose_name = _("запис згоди")
        verbose_name_plural = _("журнал згод")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.subscriber_id}: {self.action}"


class Suppression(CentreScopedModel):
    email = models.EmailField(_("електронна пошта"))
    reason = models.CharField(_("причина"), max_length=16, choices=SuppressionReason.choices)
    at = models.DateTimeField(_("коли"), auto_now_add=True)

    class Meta:
        verbose_name = _("заблокована адреса")
        verbose_name_plural = _("заблоковані адреси")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "email"], name="comms_suppression_email_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.email
