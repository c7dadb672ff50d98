"""What accounts adds to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.core.capabilities import register_capability
from vidhuk.core.keyfigures import KeyFigure
from vidhuk.core.keyfigures import register as register_key_figure
from vidhuk.core.staffmenu import HomeTask, MenuEntry, register_home_task, register_menu_entry

from .choices import Capability, Role
from .selectors import membership_count_for_centre

register_capability(
    Capability.STAFF_MANAGE, _("Керувати персоналом і ролями"), roles=[Role.HEAD], order=40
)

register_key_figure(
    KeyFigure(
        key="staff",
        label=_("Працівників з доступом"),
        compute=lambda centre: membership_count_for_centre(centre=centre),
        url_name="accounts:staff_list",
        capability=Capability.STAFF_MANAGE,
        order=90,
    )
)

register_menu_entry(
    MenuEntry(
        key="staff",
        label=_("Персонал"),
        url_name="accounts:staff_list",
        order=80,
        capabilities=(Capability.STAFF_MANAGE,),
        sections=("accounts",),
    )
)

# Back-office home, «Що можна зробити».
register_home_task(
    HomeTask(
        key="staff",
        label=_("Персонал і ролі"),
        url_name="accounts:staff_list",
        order=42,
        capabilities=(Capability.STAFF_MANAGE,),
    )
)
