"""What the back office adds to the extension points: its own pages' menu entries
(docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.core.capabilities import CoreCapability
from vidhuk.core.staffmenu import HomeTask, MenuEntry, register_home_task, register_menu_entry

register_menu_entry(
    MenuEntry(key="overview", label=_("Огляд"), url_name="backoffice:home", order=0)
)
# Every member reads the offices and hours; editing them needs offices.edit.
register_menu_entry(
    MenuEntry(
        key="offices",
        label=_("Офіси та години"),
        url_name="backoffice:office_list",
        order=70,
        sections=(
            "backoffice:office_list",
            "backoffice:office_edit",
            "backoffice:office_hours",
            "backoffice:centre_calendar",
        ),
    )
)
register_menu_entry(
    MenuEntry(
        key="audit",
        label=_("Журнал аудиту"),
        url_name="backoffice:audit_log",
        order=90,
        capabilities=(CoreCapability.AUDIT_READ,),
    )
)

# Back-office home, «Що можна зробити».
register_home_task(
    HomeTask(
        key="offices",
        label=_("Офіси, години роботи та особливі дні"),
        url_name="backoffice:office_list",
        order=40,
    )
)
register_home_task(
    HomeTask(
        key="centre",
        label=_("Відомості про центр"),
        url_name="backoffice:centre_edit",
        order=41,
        capabilities=(CoreCapability.CENTRE_EDIT,),
    )
)
register_home_task(
    HomeTask(
        key="audit",
        label=_("Журнал аудиту"),
        url_name="backoffice:audit_log",
        order=43,
        capabilities=(CoreCapability.AUDIT_READ,),
    )
)
