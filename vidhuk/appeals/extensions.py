"""What appeals add to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability

register_capability(
    "appeals.read",
    _("Переглядати звернення та відгуки"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.HOTLINE_OPERATOR, Role.COMMUNICATIONS],
    order=100,
)
register_capability(
    "appeals.register",
    _("Реєструвати звернення, дзвінки та скриньки"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.HOTLINE_OPERATOR, Role.COMMUNICATIONS],
    order=101,
)
register_capability(
    "appeals.work",
    _("Розглядати звернення та відповідати"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.COMMUNICATIONS],
    order=102,
)
register_capability(
    "appeals.assign",
    _("Призначати виконавців звернень"),
    roles=[Role.HEAD, Role.COMMUNICATIONS],
    order=103,
)
register_capability(
    "appeals.manage",
    _("Експорт і знеособлення персональних даних, налаштування звернень"),
    roles=[Role.HEAD],
    order=104,
)
