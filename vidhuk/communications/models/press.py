"""Media and partner register, press distribution and social posts (issue 13, points 5–7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel


class OutletKind(models.TextChoices):
    PRINT = "print", _("Друковане видання")
    TV = "tv", _("Телебачення")
    RADIO = "radio", _("Радіо")
    ONLINE = "online", _("Інтернет-видання")
    SOCIAL = "social", _("Соціальні мережі")
    SPECIALISED = "specialised", _("Фахове видання")


class PartnerKind(models.TextChoices):
    STAROSTA_OFFICE = "starosta_office", _("Старостинський округ")
    SOCIAL_SERVICE = "social_service", _("Соціальна служба")
    HOSPITAL = "hospital", _("Лікарня")
    LIBRARY = "library", _("Бібліотека")
    SCHOOL = "school", _("Школа")
    OTHER = "other", _("Інше")


class DistributionState(models.TextChoices):
    PENDING = "pending", _("Очікує")
    SENT = "sent", _("Надіслано")
    FAILED = "failed", _("Помилка")


class SocialNetwork(models.TextChoices):
    TELEGRAM = "telegram", "Telegram"
    FACEBOOK = "facebook", "Facebook"


class SocialPostState(models.TextChoices):
    QUEUED = "queued", _("У черзі")
    PUBLISHED = "published", _("Опубліковано")
    FAILED = "failed", _("Помилка")
    MANUAL = "manual", _("Потрібно опублікувати вручну")


class MediaOutlet(CentreScopedModel):
    name = models.CharField(_("назва"), max_length=255)
    kind = models.CharField(_("вид"), max_length=16, choices=OutletKind.choices)
    region = models.CharField(_("регіон"), max_length=120, blank=True)
    reach = models.PositiveIntegerField(_("охоплення"), null=True, blank=True)
    beat = models.CharField(_("тематика"), max_length=255, blank=True)
    do_not_contact = models.BooleanField(_("не контактувати"), default=False)
    notes = models.TextField(_("примітки"), blank=True)
    # Set instead of deleting when a press release was sent to its contacts (the log stays).
    archived_at = models.DateTimeField(_("в архіві з"), null=True, blank=True)

    class Meta:
        verbose_name = _("медіа")
        verbose_name_plural = _("медіа")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MediaContact(models.Model):
    outlet = models.ForeignKey(MediaOutlet, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("ім’я"), max_length=255)
    email = models.EmailField(_("електронна пошта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=64, blank=True)
    role = models.CharField(_("посада"), max_length=255, blank=True)
    do_not_contact = models.BooleanField(_("не контактувати"), default=False)
    archived_at = models.DateTimeField(_("в архіві з"), null=True, blank=True)

    class Meta:
        verbose_name = _("контакт медіа")
        verbose_name_plural = _("контакти медіа")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partner(CentreScopedModel):
    name = models.CharField(_("назва"), max_length=255)
    kind = models.CharField(_("вид"), max_length=24, choices=PartnerKind.choices)
    address = models.CharField(_("адреса"), max_length=255, blank=True)
    contact = models.CharField(_("контакт"), max_length=255, blank=True)
    materials = models.TextField(_("які матеріали тримає"), blank=True)
    is_frequent_place = models.BooleanField(_("місце, яке часто відвідують"), default=False)

    class Meta:
        verbose_name = _("партнер")
        verbose_name_plural = _("партнери")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PressDistribution(models.Model):
    publication = models.ForeignKey(
        "communications.Publication", on_delete=models.CASCADE, related_name="distributions"
    )
    contact = models.ForeignKey(
        MediaContact, on_delete=models.CASCADE, related_name="distributions"
    )
    state = models.CharField(
        _("стан"),
        max_length=16,
        choices=DistributionState.choices,
        default=DistributionState.PENDING,
    )
    mail = models.ForeignKey(
        "core.OutgoingMail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("надіслано"), null=True, blank=True)

    class Meta:
        verbose_name = _("розсилка пресрелізу")
        verbose_name_plural = _("розсилки пресрелізів")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "contact"], name="comms_press_once_per_contact"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication_id}: {self.contact_id}"


class SocialPost(models.Model):
    publication = models.ForeignKey(
        "communications.Publication", on_delete=models.CASCADE, related_name="social_posts"
    )
    network = models.CharField(_("мережа"), max_length=16, choices=SocialNetwork.choices)
    state = models.CharField(
        _("стан"),
        max_length=16,
        choices=SocialPostState.choices,
        default=SocialPostState.QUEUED,
    )
    error = models.TextField(_("причина помилки"), blank=True)
    external_id = models.CharField(_("ідентифікатор у мережі"), max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(_("спроб"), default=0)
    updated_at = models.DateTimeField(_("змінено"), auto_now=True)

    class Meta:
        verbose_name = _("допис у соцмережі")
        verbose_name_plural = _("дописи у соцмережах")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "network"], name="comms_social_once_per_network"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication_id}: {self.network}"
