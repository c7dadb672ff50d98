"""Tickets of the electronic queue and their daily numbering.

A ticket is one visit to one office on one day: a walk-in who took it at the kiosk, or a booked
visitor who checked in with their code. Nothing about the person is stored — a ticket holds
only the purpose, the service, and the times that make the waiting and service figures.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vidhuk.appointments.models import Appointment
from vidhuk.catalog.models import Service
from vidhuk.core.models import CentreScopedModel, Office, Window

from .choices import DeviceKind, Outcome, Purpose, TicketStatus


class TicketCounter(models.Model):
    """The last number given to a letter at an office on a day; locked while a ticket is issued."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    letter = models.CharField(max_length=1)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["office", "day", "letter"], name="ticket_counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.day} {self.letter}{self.last_number}"


class Ticket(CentreScopedModel):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("день"))
    letter = models.CharField(_("літера"), max_length=1)
    number = models.PositiveIntegerField(_("номер"))
    purpose = models.CharField(_("мета візиту"), max_length=16, choices=Purpose.choices)
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("послуга"),
    )
    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_booked = models.BooleanField(_("за записом"), default=False)
    # The address of the ticket's page on the kiosk: not guessable from the number.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The kiosk form's one-time key: a double tap on the button gives one ticket.
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    status = models.CharField(
        _("стан"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    # Place in the line: when the ticket was issued, or the booked time for a booked visitor.
    turn_at = models.DateTimeField(_("місце в черзі"))
    issued_at = models.DateTimeField(_("видано"))
    window = models.ForeignKey(
        Window,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("вікно"),
    )
    # After a transfer to a window only that window may call the ticket.
    assigned_window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    called_at = models.DateTimeField(_("перший виклик"), null=True, blank=True)
    last_called_at = models.DateTimeField(_("останній виклик"), null=True, blank=True)
    call_count = models.PositiveSmallIntegerField(_("викликів"), default=0)
    finished_at = models.DateTimeField(_("завершено"), null=True, blank=True)
    outcome = models.CharField(_("результат"), max_length=16, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("талон")
        verbose_name_plural = _("талони")
        ordering = ["day", "turn_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "day", "letter", "number"], name="ticket_number_unique"
            ),
            # A window serves one visitor at a time.
            models.UniqueConstraint(
                fields=["window"],
                condition=Q(status=TicketStatus.CALLED),
                name="ticket_one_called_per_window",
                violation_error_message=_("У цьому вікні вже обслуговують відвідувача."),
            ),
            models.CheckConstraint(
                condition=(Q(status=TicketStatus.DONE) & ~Q(outcome=""))
                | (~Q(status=TicketStatus.DONE) & Q(outcome="")),
                name="ticket_outcome_when_done",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "day", "status", "turn_at"], name="ticket_line"),
            models.Index(fields=["centre", "day"], name="ticket_centre_day"),
            # The wait estimate's recent visits of an office (``selectors.waits``): the last 50
            # finished, newest first, read from the index whatever the office's history.
            models.Index(
                "office",
                models.F("finished_at").desc(),
                condition=Q(status=TicketStatus.DONE),
                name="ticket_recent_done",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """What the visitor reads on the ticket and the board: «П-017»."""
        return f"{self.letter}-{self.number:03d}"


class QueueDevice(CentreScopedModel):
    """A kiosk or a board in an office's hall, registered by staff.

    Staff get a one-time set-up code; opening it on the device stores a long-lived signed
    cookie there holding the device's token. Only HMACs of the code and the token are kept
    (``devices.py``), so neither a database copy nor a log can make a working device.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("пристрій"), max_length=8, choices=DeviceKind.choices)
    label = models.CharField(_("назва"), max_length=80)
    setup_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    setup_expires_at = models.DateTimeField(null=True, blank=True)
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("зареєстровано"))
    activated_at = models.DateTimeField(_("налаштовано"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("востаннє на зв’язку"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("відкликано"), null=True, blank=True)

    class Meta:
        verbose_name = _("пристрій черги")
        verbose_name_plural = _("пристрої черги")
        ordering = ["office_id", "kind", "label", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.token_digest is not None
