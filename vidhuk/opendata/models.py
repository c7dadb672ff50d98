"""Open data's records: the centre's passport settings, every released resource (one dataset's
one period, with its hashes) and every call made to the open data portal (CKAN)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import Centre, TimeStampedModel

# The default legal basis of the passport (КМУ №835 requires the basis and purpose of collecting).
DEFAULT_LEGAL_BASIS = (
    "Закон України «Про доступ до публічної інформації», ст. 10-1; постанова Кабінету Міністрів "
    "України від 21.10.2015 № 835 «Про затвердження Положення про набори даних, які підлягають "
    "оприлюдненню у формі відкритих даних»"
)


class OpenDataSettings(TimeStampedModel):
    """What the passport names beside the data: who answers for the datasets and on what basis.
    The holder's ЄДРПОУ is the centre's own (Centre.edrpou)."""

    centre = models.OneToOneField(
        Centre, on_delete=models.CASCADE, related_name="opendata_settings"
    )
    responsible_person = models.CharField(
        _("відповідальна особа"),
        max_length=255,
        blank=True,
        help_text=_("Посада (і за бажанням ім’я) того, хто відповідає за набори даних."),
    )
    responsible_email = models.EmailField(_("електронна пошта відповідальної особи"), blank=True)
    legal_basis = models.TextField(_("правова підстава"), default=DEFAULT_LEGAL_BASIS)

    class Meta:
        verbose_name = _("налаштування відкритих даних")
        verbose_name_plural = _("налаштування відкритих даних")

    def __str__(self) -> str:
        return str(self.centre)


class Release(models.Model):
    """One dataset's one period (a quarter «2026-q3», or «current» for a snapshot) as released:
    the hashes of its files say whether a new build changed anything, and what the portal holds."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    dataset_key = models.CharField(_("набір даних"), max_length=60)
    period = models.CharField(_("період"), max_length=16)
    row_count = models.PositiveIntegerField(_("рядків"), default=0)
    csv_sha256 = models.CharField(max_length=64)
    json_sha256 = models.CharField(max_length=64)
    first_released_at = models.DateTimeField(_("уперше оприлюднено"))
    changed_at = models.DateTimeField(_("востаннє змінено"))
    portal_resource_id = models.CharField(max_length=64, blank=True)
    portal_sha256 = models.CharField(max_length=64, blank=True)
    portal_synced_at = models.DateTimeField(_("надіслано на портал"), null=True, blank=True)

    class Meta:
        verbose_name = _("випуск набору даних")
        verbose_name_plural = _("випуски наборів даних")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "dataset_key", "period"], name="opendata_release_unique"
            )
        ]
        ordering = ["dataset_key", "period"]

    def __str__(self) -> str:
        return f"{self.dataset_key} {self.period}"


class PortalCall(models.Model):
    """One call to the open data portal's API, as made: nothing the portal was told goes
    unrecorded (the API key never is)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    run = models.UUIDField(_("запуск"), db_index=True)
    at = models.DateTimeField(_("час"))
    action = models.CharField(_("дія"), max_length=40)
    target = models.CharField(_("об’єкт"), max_length=200, blank=True)
    is_write = models.BooleanField(_("змінює портал"), default=False)
    attempt = models.PositiveSmallIntegerField(_("спроба"), default=1)
    is_ok = models.BooleanField(_("успішно"), default=False)
    error = models.TextField(_("помилка"), blank=True)
    duration_ms = models.PositiveIntegerField(_("тривалість, мс"), default=0)

    class Meta:
        verbose_name = _("виклик API порталу")
        verbose_name_plural = _("виклики API порталу")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.target}"
