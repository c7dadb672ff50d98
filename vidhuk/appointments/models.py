"""Windows (workplaces) of an office and the visits booked at them.

No double booking, ever: a window's slot start is unique among the appointments that hold it
(``appointment_slot_taken_once``), so two bookings racing for one slot cannot both commit.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.models import CentreScopedModel, Office, TimeStampedModel

from .choices import HOLDING_STATUSES, AppointmentStatus


class Window(CentreScopedModel, TimeStampedModel):
    """A workplace of an office (window, desk) and the services it handles."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="windows")
    number = models.CharField(_("номер"), max_length=10)
    label = models.CharField(_("назва"), max_length=120, blank=True)
    services = models.ManyToManyField(
        Service, blank=True, related_name="windows", verbose_name=_("послуги")
    )
    is_active = models.BooleanField(_("працює"), default=True)

    class Meta:
        verbose_name = _("вікно")
        verbose_name_plural = _("вікна")
        ordering = ["office", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "number"],
                name="window_number_unique_in_office",
                violation_error_message=_("Вікно з таким номером уже є в цьому офісі."),
            ),
        ]

    def __str__(self) -> str:
        return _("Вікно %(number)s") % {"number": self.number}


class Appointment(CentreScopedModel, TimeStampedModel):
    """A booked visit: one window, one slot."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    window = models.ForeignKey(Window, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField(_("початок"))
    ends_at = models.DateTimeField(_("кінець"))
    status = models.CharField(
        _("стан"),
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )

    class Meta:
        verbose_name = _("запис на прийом")
        verbose_name_plural = _("записи на прийом")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "starts_at"],
                condition=Q(status__in=HOLDING_STATUSES),
                name="appointment_slot_taken_once",
                violation_error_message=_("Цей час уже зайнятий. Оберіть інший."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="appointment_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["office", "starts_at"], name="appointment_office_day")]

    def __str__(self) -> str:
        return f"{self.office} — {self.starts_at:%d.%m.%Y %H:%M}"
