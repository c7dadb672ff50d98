"""Events and public hearings (issue 13, point 2): registration without an account, capacity
held by the database, a waitlist, requests to speak, QR check-in and an iCalendar feed."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel, TimeStampedModel


class EventKind(models.TextChoices):
    EVENT = "event", _("Захід")
    HEARING = "hearing", _("Громадські слухання")
    CONSULTATION = "consultation", _("Консультації з громадськістю")
    WORKING_GROUP = "working_group", _("Робоча група")


class EventState(models.TextChoices):
    SCHEDULED = "scheduled", _("Заплановано")
    CANCELLED = "cancelled", _("Скасовано")


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", _("Підтверджено")
    WAITLISTED = "waitlisted", _("У листі очікування")
    CANCELLED = "cancelled", _("Скасовано")


def event_uid() -> str:
    return f"{uuid.uuid4()}@vidhuk"


def event_document_path(instance: EventDocument, filename: str) -> str:
    return f"communications/{instance.event.centre_id}/events/{uuid.uuid4().hex}"


class Event(CentreScopedModel, TimeStampedModel):
    kind = models.CharField(
        _("вид"), max_length=16, choices=EventKind.choices, default=EventKind.EVENT
    )
    title = models.CharField(_("назва"), max_length=255)
    title_en = models.CharField(_("назва англійською"), max_length=255, blank=True)
    description = models.TextField(_("опис"), blank=True)
    description_en = models.TextField(_("опис англійською"), blank=True)
    starts_at = models.DateTimeField(_("початок"))
    ends_at = models.DateTimeField(_("завершення"))
    place = models.CharField(_("місце"), max_length=255, blank=True)
    online_url = models.URLField(_("посилання на трансляцію"), blank=True)
    agenda = models.TextField(_("порядок денний"), blank=True)
    capacity = models.PositiveIntegerField(
        _("кількість місць"), null=True, blank=True, help_text=_("Порожньо — без обмежень.")
    )
    registration_open = models.BooleanField(_("реєстрація відкрита"), default=True)
    state = models.CharField(
        _("стан"), max_length=16, choices=EventState.choices, default=EventState.SCHEDULED
    )
    sequence = models.PositiveIntegerField(_("версія для календаря"), default=0)
    uid = models.CharField(_("ідентифікатор календаря"), max_length=120, default=event_uid)
    topics = models.ManyToManyField(
        "communications.Topic", blank=True, related_name="events", verbose_name=_("теми")
    )
    offices = models.ManyToManyField(
        "core.Office", blank=True, related_name="+", verbose_name=_("офіси")
    )
    minutes = models.TextField(_("протокол"), blank=True)

    class Meta:
        verbose_name = _("захід")
        verbose_name_plural = _("заходи")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["uid"], name="comms_event_uid_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="comms_event_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EventDocument(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("файл"), upload_to=event_document_path, max_length=255)
    title = models.CharField(_("назва"), max_length=255)

    class Meta:
        verbose_name = _("документ заходу")
        verbose_name_plural = _("документи заходів")

    def __str__(self) -> str:
        return self.title


class EventRegistration(CentreScopedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("ім’я"), max_length=255)
    email = models.EmailField(_("електронна пошта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=64, blank=True)
    accessibility_needs = models.TextField(_("потреби доступності"), blank=True)
    wants_to_speak = models.BooleanField(_("хоче виступити"), default=False)
    speech_topic = models.CharField(_("тема виступу"), max_length=255, blank=True)
    state = models.CharField(
        _("стан"),
        max_length=16,
        choices=RegistrationState.choices,
        default=RegistrationState.CONFIRMED,
    )
    token = models.CharField(_("ключ"), max_length=64, unique=True)
    checked_in_at = models.DateTimeField(_("прибув"), null=True, blank=True)
    created_at = models.DateTimeField(_("створено"), auto_now_add=True)

    class Meta:
        verbose_name = _("реєстрація на захід")
        verbose_name_plural = _("реєстрації на заходи")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name
