from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction, MailStatus, Oblast, OfficeKind, Weekday
from .validators import validate_centre_slug, validate_edrpou


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("створено"), auto_now_add=True)
    updated_at = models.DateTimeField(_("змінено"), auto_now=True)

    class Meta:
        abstract = True


class Centre(TimeStampedModel):
    """A centre of administrative services (ЦНАП) of one hromada: the tenant of every domain row."""

    slug = models.SlugField(
        _("адреса на сайті"),
        max_length=60,
        unique=True,
        validators=[validate_centre_slug],
        help_text=_("Латинські літери, цифри та дефіс, наприклад «verbivka»."),
    )
    name = models.CharField(_("назва"), max_length=255)
    hromada = models.CharField(_("територіальна громада"), max_length=255)
    oblast = models.CharField(_("область"), max_length=5, choices=Oblast.choices)
    edrpou = models.CharField(
        _("код ЄДРПОУ"), max_length=8, validators=[validate_edrpou], blank=True
    )
    address = models.CharField(_("адреса"), max_length=255)
    phones = models.CharField(
        _("телефони"), max_length=255, blank=True, help_text=_("Кілька номерів — через кому.")
    )
    email = models.EmailField(_("електронна пошта"), blank=True)
    website = models.URLField(_("вебсайт"), blank=True)
    description = models.TextField(_("про центр"), blank=True)
    is_active = models.BooleanField(_("працює на порталі"), default=True)

    class Meta:
        verbose_name = _("центр надання адміністративних послуг")
        verbose_name_plural = _("центри надання адміністративних послуг")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_list(self) -> list[str]:
        return [p.strip() for p in self.phones.split(",") if p.strip()]


class CentreScopedModel(models.Model):
    """Base of every domain row: it belongs to exactly one centre."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, verbose_name=_("центр"))

    class Meta:
        abstract = True


class Office(CentreScopedModel, TimeStampedModel):
    """A place where the centre serves residents: main office, remote workplace, starosta office."""

    slug = models.SlugField(_("ідентифікатор"), max_length=60)
    name = models.CharField(_("назва"), max_length=255)
    kind = models.CharField(_("тип"), max_length=16, choices=OfficeKind.choices)
    address = models.CharField(_("адреса"), max_length=255)
    phone = models.CharField(_("телефон"), max_length=64, blank=True)
    email = models.EmailField(_("електронна пошта"), blank=True)
    accessibility = models.TextField(
        _("доступність приміщення"),
        blank=True,
        help_text=_(
            "Пандус, ширина дверей, доступний туалет, паркування для людей з інвалідністю."
        ),
    )
    directions = models.TextField(
        _("як дістатися"),
        blank=True,
        help_text=_("Зупинки транспорту, орієнтири, вхід, поверх — для тих, хто йде вперше."),
    )
    latitude = models.DecimalField(
        _("широта"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("довгота"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("працює"), default=True)

    class Meta:
        verbose_name = _("офіс")
        verbose_name_plural = _("офіси")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "slug"], name="office_slug_unique_in_centre"),
            models.UniqueConstraint(
                fields=["centre"],
                condition=Q(kind=OfficeKind.MAIN),
                name="one_main_office_per_centre",
                violation_error_message=_("У центру може бути лише один головний офіс."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Window(CentreScopedModel, TimeStampedModel):
    """A workplace of an office (window, desk) where residents are served: booked visits are
    held at it and the queue calls to it. Which services it handles is the catalog's to say
    (``catalog.Service.windows``, as ``Service.offices`` says where a service is provided).

    The table keeps the name it had when windows lived in appointments."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="windows")
    number = models.CharField(_("номер"), max_length=10)
    label = models.CharField(_("назва"), max_length=120, blank=True)
    is_active = models.BooleanField(_("працює"), default=True)

    class Meta:
        db_table = "appointments_window"
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


class OpeningHours(models.Model):
    """One working interval of an office on a weekday; a break is two intervals."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("день тижня"), choices=Weekday.choices)
    opens = models.TimeField(_("відкривається"))
    closes = models.TimeField(_("зачиняється"))

    class Meta:
        verbose_name = _("години роботи")
        verbose_name_plural = _("години роботи")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")),
                name="opening_hours_closes_after_opens",
                violation_error_message=_("Час закриття має бути пізніше за час відкриття."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="opening_hours_weekday_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OfficeClosure(models.Model):
    """A day when an office is closed or works other hours (holiday, training, outage)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("дата"))
    opens = models.TimeField(_("відкривається"), null=True, blank=True)
    closes = models.TimeField(_("зачиняється"), null=True, blank=True)
    note = models.CharField(_("причина"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("особливий день")
        verbose_name_plural = _("особливі дні")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["office", "date"], name="one_closure_per_office_day"),
            models.CheckConstraint(
                condition=(Q(opens__isnull=True) & Q(closes__isnull=True))
                | (Q(opens__isnull=False) & Q(closes__isnull=False) & Q(closes__gt=F("opens"))),
                name="closure_hours_complete",
                violation_error_message=_(
                    "Вкажіть і час відкриття, і час закриття, або залиште обидва порожніми."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}"

    @property
    def is_closed(self) -> bool:
        return self.opens is None


class AuditEvent(models.Model):
    """Append-only record of who viewed or changed which record, and when.

    No IP address is stored: the actor is the signed-in staff member. Rows are never
    updated or deleted (the PostgreSQL trigger in migration 0002 refuses it).
    """

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("центр")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("хто"),
    )
    actor_name = models.CharField(_("хто (як записано)"), max_length=255)
    action = models.CharField(_("дія"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("тип запису"), max_length=100)
    object_id = models.CharField(_("ідентифікатор запису"), max_length=64, blank=True)
    object_repr = models.CharField(_("запис"), max_length=255, blank=True)
    changes = models.JSONField(_("зміни"), default=dict, blank=True)
    at = models.DateTimeField(_("коли"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("подія журналу аудиту")
        verbose_name_plural = _("журнал аудиту")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["centre", "-at"], name="audit_centre_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit events are append-only.")


class CalendarDay(CentreScopedModel):
    """A centre's exception to the national working-day calendar.

    A working Saturday on transfer, or a local non-working day (a hromada's day of mourning, an
    outage). Deadlines counted in working days (Law «Про доступ до публічної інформації», art. 20)
    use these rows before the national calendar; see ``vidhuk.core.workdays``.
    """

    date = models.DateField(_("дата"))
    is_working_day = models.BooleanField(
        _("робочий день"),
        help_text=_("Позначте, якщо центр у цей день працює; зніміть позначку, якщо не працює."),
    )
    note = models.CharField(
        _("примітка"),
        max_length=255,
        blank=True,
        help_text=_("Наприклад, «Перенесення робочого дня, розпорядження №12 від 01.03.2026»."),
    )

    class Meta:
        verbose_name = _("день календаря центру")
        verbose_name_plural = _("календар робочих днів центру")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "date"],
                name="calendar_day_unique_in_centre",
                violation_error_message=_("Для цієї дати в календарі центру вже є запис."),
            ),
        ]

    def __str__(self) -> str:
        kind = _("робочий") if self.is_working_day else _("неробочий")
        return f"{self.date:%d.%m.%Y} — {kind}"


class OutgoingMail(models.Model):
    """One mail of any app, in the one ledger (vidhuk/core/mail.py): rendered when it is queued,
    sent once under its key, retried with growing pauses for 72 hours, then undeliverable.

    The bodies and attachments are erased once the mail is sent: what stays is to whom, what
    about and when (a confirmation may carry a private link, which must not outlive its use).
    """

    key = models.CharField(_("ключ"), max_length=200, unique=True)
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("центр")
    )
    about = models.CharField(_("стосується"), max_length=100, blank=True, db_index=True)
    template = models.CharField(_("шаблон"), max_length=200)
    to = models.CharField(_("кому"), max_length=254)
    subject = models.CharField(_("тема"), max_length=998)
    body_text = models.TextField(_("текст"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("вкладення"), default=list, blank=True)
    status = models.CharField(
        _("стан"), max_length=16, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("спроб"), default=0)
    last_error = models.CharField(_("остання помилка"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("поставлено в чергу"), db_index=True)
    next_attempt_at = models.DateTimeField(_("наступна спроба"), null=True, blank=True)
    give_up_at = models.DateTimeField(_("припинити спроби після"))
    claimed_at = models.DateTimeField(_("взято в роботу"), null=True, blank=True)
    sent_at = models.DateTimeField(_("надіслано"), null=True, blank=True)

    class Meta:
        verbose_name = _("вихідний лист")
        verbose_name_plural = _("вихідні листи")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="mail_due"),
            models.Index(fields=["centre", "status"], name="mail_centre_status"),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def is_stuck(self) -> bool:
        return self.status in (MailStatus.RETRYING, MailStatus.UNDELIVERABLE)


class RateCount(models.Model):
    """How many saved submissions one client made in one scope within the current window
    (core/antiabuse.py). The key is an HMAC of the client's address, never the address; a row
    past `expires_at` counts as none and is removed by the daily job `core_antiabuse_expired`."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="ratecount_expires")]

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class SpentStamp(models.Model):
    """A form stamp already used, with the submission key it was used for (core/antiabuse.py);
    forgotten once the stamp would have expired anyway."""

    digest = models.CharField(max_length=64, primary_key=True)
    once_for = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="spentstamp_expires")]

    def __str__(self) -> str:
        return self.digest
