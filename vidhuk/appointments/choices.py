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

# The outcomes the queue may set on a checked-in (or booked, when the visitor never came) visit.
OUTCOME_STATUSES = (AppointmentStatus.SERVED, AppointmentStatus.NO_SHOW)


class BookingChannel(models.TextChoices):
    ONLINE = "online", _("На сайті")
    STAFF = "staff", _("Працівник центру (телефоном)")


# Confirmation codes: capitals and digits without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3469"
CODE_LENGTH = 6

# A booked visitor who checks in later than this after the booked start has lost the booked
# place: the queue gives them a walk-in place instead (fair to those who came on time).
CHECK_IN_GRACE_MINUTES = 15
