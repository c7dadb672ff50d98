"""A centre's settings of appeals and the counter its registration indexes come from."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import Centre, TimeStampedModel

# Five years after the item is off control: "Пропозиції, заяви, скарги громадян..." in the
# List of typical documents (order of the Ministry of Justice №578/5, 12.04.2012) *(check the
# article number and term for the current wording)*. A centre changes it in its settings.
DEFAULT_RETENTION_DAYS = 5 * 365 + 1


class AppealsSettings(TimeStampedModel):
    """A centre's own settings for appeals: how long personal data is kept, the daily digest."""

    centre = models.OneToOneField(
        Centre, on_delete=models.CASCADE, related_name="appeals_settings", verbose_name=_("центр")
    )
    retention_days = models.PositiveIntegerField(
        _("строк зберігання персональних даних, днів після закриття"),
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(30)],
        help_text=_(
            "Після цього строку ПІБ, адреса, контакти й текст знеособлюються; статистика "
            "(вид, канал, тема, стать, вікова група) лишається."
        ),
    )
    digest_enabled = models.BooleanField(_("щоденний лист виконавцям"), default=True)

    class Meta:
        verbose_name = _("налаштування звернень")
        verbose_name_plural = _("налаштування звернень")

    def __str__(self) -> str:
        return str(self.centre)


class RegistrationCounter(models.Model):
    """The last registration number given in a centre in a year; its row is the lock."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="appeal_counter_centre_year"),
        ]

    def __str__(self) -> str:
        return f"{self.centre_id}/{self.year}: {self.last_number}"
