from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_edrpou = RegexValidator(r"^\d{8}$", _("Код ЄДРПОУ складається рівно з 8 цифр."))

# Path segments the site itself uses: a centre may not take them as its address.
RESERVED_CENTRE_SLUGS = frozenset(
    {"staff", "platform-admin", "i18n", "static", "media", "en", "uk", "api", "admin", "healthz"}
)


def validate_centre_slug(value: str) -> None:
    if value in RESERVED_CENTRE_SLUGS:
        raise ValidationError(
            _("Адреса «%(slug)s» зарезервована системою, оберіть іншу."),
            params={"slug": value},
            code="reserved",
        )
