"""What the queue adds to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability

register_capability(
    "queue.figures",
    _("Переглядати й експортувати показники черги"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.ANALYST],
    order=400,
)
register_capability(
    "queue.operate",
    _("Працювати у вікні: викликати й обслуговувати відвідувачів черги"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.HOTLINE_OPERATOR],
    order=401,
)
