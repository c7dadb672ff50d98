"""What the queue adds to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.seeds import register_seed
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry

from . import portal_tiles

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


def _daily(run: DailyRun) -> str:
    """Close the queue's past days: tickets still waiting or called when their day ended become
    «не обслуговано до закриття». Never touches today's tickets; idempotent."""
    from .services import tickets_close_day

    closed = tickets_close_day(day=run.today)
    return f"queue: {closed} ticket(s) of days before {run.today} closed as unserved"


register_daily_job("queue", _daily, order=40)

# Demo data: the code lives in vidhuk/demo/, above every app, so it is registered by path.
register_seed("queue", "vidhuk.demo.queue.seed", order=50)

portal_tiles.register()

# An operator opens the queue at their window; an analyst, who only reads, at the figures.
register_menu_entry(
    MenuEntry(
        key="queue",
        label=_("Черга"),
        url_name="queue_staff:figures",
        url_choices=(("queue.operate", "queue_staff:windows"),),
        order=60,
        capabilities=("queue.operate", "queue.figures"),
        sections=("queue_staff",),
    )
)
