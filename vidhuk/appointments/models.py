"""Weekly booking schedules of an office and its windows (``core.Window``), and the visits
booked at them.

No double booking, ever: a window's slot start is unique among the appointments that hold it
(``appointment_slot_taken_once``), so two bookings racing for one slot cannot both commit; a
booking also locks its window's row while it checks for overlapping visits of other lengths.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.choices import Weekday
from vidhuk.core.models import CentreScopedModel, Office, TimeStampedModel, Window

from .choices import HOLDING_STATUSES, AppointmentStatus, BookingChannel


class BookingPolicy(CentreScopedModel, TimeStampedModel):
    """A centre's rules of online booking: how far ahead, how soon, how many per person."""

    horizon_days = models.PositiveSmallIntegerField(
        _("на скільки днів наперед можна записатися"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    min_notice_minutes = models.PositiveIntegerField(
        _("найменше часу до візиту, хвилин"),
        default=60,
        validators=[MaxValueValidator(7 * 24 * 60)],
        help_text=_("Запис на сайті закривається за стільки хвилин до початку."),
    )
    max_upcoming_per_contact = models.PositiveSmallIntegerField(
        _("найбільше майбутніх записів на один телефон чи адресу"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    retention_days = models.PositiveSmallIntegerField(
        _("скільки днів після візиту зберігати контакти"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )

    class Meta:
        verbose_name = _("правила запису")
        verbose_name_plural = _("правила запису")
        constraints = [
            models.UniqueConstraint(fields=["centre"], name="one_booking_policy_per_centre")
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class ServiceBooking(CentreScopedModel, TimeStampedModel):
    """How a catalog service is booked: the slot length and whether residents book it online."""

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, related_name="booking", verbose_name=_("послуга")
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("тривалість прийому, хвилин"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    is_bookable_online = models.BooleanField(_("запис на сайті"), default=True)

    class Meta:
        verbose_name = _("запис на послугу")
        verbose_name_plural = _("запис на послуги")

    def __str__(self) -> str:
        return str(self.service)


class WorkingInterval(CentreScopedModel):
    """One interval of the weekly booking template of an office, or of one of its windows.

    A break is two intervals. A window with intervals of its own follows them; the others follow
    the office's template, and an office without one follows its opening hours.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    window = models.ForeignKey(
        Window, on_delete=models.CASCADE, null=True, blank=True, related_name="intervals"
    )
    weekday = models.PositiveSmallIntegerField(_("день тижня"), choices=Weekday.choices)
    starts = models.TimeField(_("з"))
    ends = models.TimeField(_("до"))

    class Meta:
        verbose_name = _("інтервал прийому")
        verbose_name_plural = _("інтервали прийому")
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")),
                name="working_interval_ends_after_start",
                violation_error_message=_("Кінець має бути пізніше за початок."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="working_interval_weekday"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class BookingContact(CentreScopedModel):
    """A lock row per contact (an HMAC of the phone or e-mail, never the contact itself), so two
    bookings by one person at the same moment are counted one after the other."""

    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "key"], name="booking_contact_unique")
        ]


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
    code = models.CharField(_("код підтвердження"), max_length=8, blank=True)
    channel = models.CharField(
        _("як записано"),
        max_length=8,
        choices=BookingChannel.choices,
        default=BookingChannel.ONLINE,
    )
    name = models.CharField(_("ім’я"), max_length=150, blank=True)
    phone = models.CharField(_("телефон"), max_length=20, blank=True)
    email = models.EmailField(_("електронна пошта"), blank=True)
    # HMACs of the phone and the e-mail: counted for the per-person limit, cleared with them.
    phone_key = models.CharField(max_length=64, blank=True, db_index=True)
    email_key = models.CharField(max_length=64, blank=True, db_index=True)
    link_salt = models.CharField(max_length=32, blank=True)
    link_hash = models.CharField(max_length=64, blank=True, db_index=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("записав"),
    )
    # The form's one-time key: a double submit finds the visit the first one booked.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    checked_in_at = models.DateTimeField(_("прийшов о"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("скасовано о"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("знеособлено"), null=True, blank=True)
    # The SEQUENCE of the visit's .ics (RFC 5545): one more on each move and on cancelling, so a
    # calendar replaces the event it holds under the same UID.
    ics_sequence = models.PositiveIntegerField(default=0, editable=False)
    # When the private link went out by SMS (a booking with a phone and no e-mail); set before
    # sending, so two runs send one SMS.
    link_sms_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

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
            models.UniqueConstraint(
                fields=["centre", "code"],
                condition=~Q(code=""),
                name="appointment_code_unique_in_centre",
            ),
        ]
        indexes = [models.Index(fields=["office", "starts_at"], name="appointment_office_day")]

    def __str__(self) -> str:
        return f"{self.office} — {self.starts_at:%d.%m.%Y %H:%M}"

    @property
    def is_upcoming_booked(self) -> bool:
        return self.status == AppointmentStatus.BOOKED
