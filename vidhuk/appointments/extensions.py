"""What booking adds to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability

register_capability(
    "appointments.book",
    _("Записувати на прийом і бачити записи дня (імена, телефони)"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.HOTLINE_OPERATOR],
    order=300,
)
