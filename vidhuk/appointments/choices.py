"""Enumerations of booking."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Заплановано")
    CANCELLED = "cancelled", _("Скасовано")
    CHECKED_IN = "checked_in", _("Відвідувач прийшов")
    SERVED = "served", _("Обслуговано")
    NO_SHOW = "no_show", _("Не прийшов")


# A slot is taken while its appointment is in one of these states.
HOLDING_STATUSES = (
    AppointmentStatus.BOOKED,
    AppointmentStatus.CHECKED_IN,
    AppointmentStatus.SERVED,
    AppointmentStatus.NO_SHOW,
)
