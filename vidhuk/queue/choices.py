"""Enumerations of the electronic queue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """What the visitor came for: the question a ЦНАП queue terminal asks (КМУ №588 model rules)."""

    CONSULTATION = "consultation", _("Консультація")
    SUBMIT = "submit", _("Подати документи")
    COLLECT = "collect", _("Отримати результат")


# One letter per purpose on the ticket, so the visitor and the board tell the lines apart.
PURPOSE_LETTERS: dict[str, str] = {
    Purpose.CONSULTATION: "К",
    Purpose.SUBMIT: "П",
    Purpose.COLLECT: "О",
}
# Booked visitors who checked in with their code: their own letter («З» — за записом).
BOOKED_LETTER = "З"


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Очікує")
    CALLED = "called", _("Викликано")
    DONE = "done", _("Обслуговано")
    NO_SHOW = "no_show", _("Не підійшов")
    # Still waiting (or called but never finished) when the day ended: closed by the daily job.
    UNSERVED = "unserved", _("Не обслуговано до закриття")


# A ticket in one of these states is still in the line (or at a window) today.
OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED)


class Outcome(models.TextChoices):
    SERVED = "served", _("Обслуговано")
    ANOTHER_VISIT = "another_visit", _("Потрібен ще один візит")
    REFERRED = "referred", _("Перенаправлено")


class DeviceKind(models.TextChoices):
    """A screen in the hall registered by staff: only a kiosk issues tickets on the spot."""

    KIOSK = "kiosk", _("Термінал видачі талонів")
    BOARD = "board", _("Табло черги")
