from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel, Office, TimeStampedModel, Window


class Category(CentreScopedModel):
    name = models.CharField(_("назва"), max_length=200)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("категорія послуг")
        verbose_name_plural = _("категорії послуг")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="category_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class LifeSituation(CentreScopedModel):
    """A life event that groups services: birth of a child, moving house, starting a business."""

    name = models.CharField(_("назва"), max_length=200)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("життєва ситуація")
        verbose_name_plural = _("життєві ситуації")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="life_situation_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Service(CentreScopedModel, TimeStampedModel):
    """An administrative service with its information card (Art. 8, Law on Administrative Services).

    Lists (documents, legal basis, refusal grounds, delivery methods) are kept as text, one item
    per line: that is how staff write and residents read them, and how CSV carries them.
    """

    code = models.CharField(
        _("код"), max_length=32, help_text=_("Внутрішній код або ідентифікатор з Реєстру послуг.")
    )
    slug = models.SlugField(_("адреса сторінки"), max_length=120, allow_unicode=False)
    name = models.CharField(_("назва послуги"), max_length=500)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("категорія"),
    )
    life_situations = models.ManyToManyField(
        LifeSituation, blank=True, related_name="services", verbose_name=_("життєві ситуації")
    )
    offices = models.ManyToManyField(
        Office, blank=True, related_name="services", verbose_name=_("де надається")
    )
    # The windows (desks) that handle the service; a window listing none handles them all. The
    # table is the one windows had for their services when they lived in appointments.
    windows = models.ManyToManyField(
        Window,
        blank=True,
        related_name="services",
        db_table="appointments_window_services",
        verbose_name=_("вікна"),
    )
    provider_name = models.CharField(_("суб’єкт надання"), max_length=500)
    provider_address = models.CharField(_("місцезнаходження суб’єкта"), max_length=500, blank=True)
    provider_hours = models.CharField(_("режим роботи суб’єкта"), max_length=500, blank=True)
    provider_phone = models.CharField(_("телефон суб’єкта"), max_length=100, blank=True)
    provider_email = models.EmailField(_("електронна пошта суб’єкта"), blank=True)
    provider_website = models.URLField(_("вебсайт суб’єкта"), blank=True)
    legal_basis = models.TextField(_("правові підстави"), help_text=_("Один акт на рядок."))
    documents = models.TextField(_("перелік документів"), help_text=_("Один документ на рядок."))
    requirements = models.TextField(_("вимоги та умови"), blank=True)
    is_free = models.BooleanField(_("безоплатна"), default=True)
    fee_amount = models.DecimalField(
        _("розмір плати, грн"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    fee_details = models.TextField(_("порядок і реквізити оплати"), blank=True)
    fee_legal_basis = models.TextField(_("підстава для стягнення плати"), blank=True)
    max_term_days = models.PositiveSmallIntegerField(
        _("граничний строк, календарних днів"),
        help_text=_("За законом — не більше 30 календарних днів, якщо інше не встановлено."),
    )
    term_text = models.CharField(_("строк надання (як у законі)"), max_length=500, blank=True)
    result = models.TextField(_("результат надання"))
    delivery_methods = models.TextField(
        _("способи отримання результату"), help_text=_("Один спосіб на рядок.")
    )
    refusal_grounds = models.TextField(
        _("підстави для відмови"), blank=True, help_text=_("Одна підстава на рядок.")
    )
    appeal_procedure = models.TextField(_("порядок оскарження"))
    online_url = models.URLField(_("посилання на електронну послугу"), blank=True)
    keywords = models.CharField(
        _("пошукові слова"),
        max_length=500,
        blank=True,
        help_text=_("Як люди називають послугу: «айді картка», «прописка»."),
    )
    is_published = models.BooleanField(_("опублікована"), default=True)
    search_document = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("адміністративна послуга")
        verbose_name_plural = _("адміністративні послуги")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "code"], name="service_code_unique"),
            models.UniqueConstraint(fields=["centre", "slug"], name="service_slug_unique"),
            models.CheckConstraint(
                condition=Q(is_free=True, fee_amount__isnull=True)
                | Q(is_free=False, fee_amount__isnull=False),
                name="service_fee_matches_is_free",
                violation_error_message=_(
                    "Для платної послуги вкажіть розмір плати; для безоплатної — залиште порожнім."
                ),
            ),
        ]
        indexes = [models.Index(fields=["centre", "is_published", "name"], name="service_list")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.is_free and self.fee_amount is not None:
            raise ValidationError(
                {"fee_amount": _("Безоплатна послуга не може мати розміру плати.")}
            )
        if not self.is_free and self.fee_amount is None:
            raise ValidationError({"fee_amount": _("Вкажіть розмір плати за платну послугу.")})

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def legal_basis_list(self) -> list[str]:
        return self._lines(self.legal_basis)

    @property
    def document_list(self) -> list[str]:
        return self._lines(self.documents)

    @property
    def delivery_method_list(self) -> list[str]:
        return self._lines(self.delivery_methods)

    @property
    def refusal_ground_list(self) -> list[str]:
        return self._lines(self.refusal_grounds)
