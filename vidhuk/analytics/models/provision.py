from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel

from ..choices import ProvisionChannel, ProvisionResult, ProvisionSource, StatedAgeGroup, StatedSex


class ProvisionImport(CentreScopedModel):
    """One imported file of the centre's case system: imported once (by its SHA-256)."""

    file_name = models.CharField(_("файл"), max_length=255)
    sha256 = models.CharField(_("SHA-256 файлу"), max_length=64)
    rows_total = models.PositiveIntegerField(_("рядків у файлі"), default=0)
    rows_imported = models.PositiveIntegerField(_("рядків імпортовано"), default=0)
    rows_skipped = models.PositiveIntegerField(_("рядків пропущено"), default=0)
    skip_bad = models.BooleanField(_("пропускати рядки з помилками"), default=False)
    mapping = models.JSONField(_("відповідність стовпців"), default=dict, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("імпортовано"), auto_now_add=True)

    class Meta:
        verbose_name = _("імпорт наданих послуг")
        verbose_name_plural = _("імпорти наданих послуг")
        constraints = [
            models.UniqueConstraint(fields=["centre", "sha256"], name="analytics_import_file_once")
        ]

    def __str__(self) -> str:
        return self.file_name


class ServiceProvision(CentreScopedModel):
    """An administrative service provided (or refused, or a consultation): one row per service per
    visit or case. No name, contact or case number of a person: demographics only as stated."""

    provided_on = models.DateField(_("дата"), db_index=True)
    office = models.ForeignKey(
        "core.Office", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("офіс")
    )
    service = models.ForeignKey(
        "catalog.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("послуга"),
    )
    service_title = models.CharField(_("назва послуги"), max_length=500)
    channel = models.CharField(
        _("спосіб звернення"), max_length=16, choices=ProvisionChannel.choices
    )
    result = models.CharField(_("результат"), max_length=16, choices=ProvisionResult.choices)
    source = models.CharField(_("джерело"), max_length=16, choices=ProvisionSource.choices)
    # Unique per centre and source when set (a ticket's service, a booking, a row of a case system),
    # so that filling from the queue twice or importing a file twice makes one row.
    source_key = models.CharField(_("ключ у джерелі"), max_length=120, blank=True)
    import_batch = models.ForeignKey(
        ProvisionImport, null=True, blank=True, on_delete=models.CASCADE, related_name="provisions"
    )
    sex = models.CharField(_("стать"), max_length=8, choices=StatedSex.choices, blank=True)
    age_group = models.CharField(
        _("вікова група"), max_length=12, choices=StatedAgeGroup.choices, blank=True
    )
    idp = models.BooleanField(_("ВПО"), null=True, blank=True)
    disability = models.BooleanField(_("з інвалідністю"), null=True, blank=True)
    pensioner = models.BooleanField(_("пенсіонер"), null=True, blank=True)
    veteran = models.BooleanField(_("ветеран"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("надана послуга")
        verbose_name_plural = _("надані послуги")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "source", "source_key"],
                condition=~models.Q(source_key=""),
                name="analytics_provision_source_once",
            )
        ]
        indexes = [models.Index(fields=["centre", "provided_on"], name="analytics_prov_centre_day")]

    def __str__(self) -> str:
        return f"{self.provided_on} {self.service_title}"
