"""What the queue adds to the extension points (docs/decisions/0006-extension-points.md)."""

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.keyfigures import GroupFigure, KeyFigureGroup, register_group
from vidhuk.core.models import Centre
from vidhuk.core.seeds import register_seed
from vidhuk.core.staffmenu import HomeTask, MenuEntry, register_home_task, register_menu_entry
from vidhuk.core.urlmounts import register_urls

from . import portal_tiles
from .capabilities import Capability

register_capability(
    Capability.QUEUE_FIGURES,
    _("Переглядати й експортувати показники черги"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.ANALYST],
    order=400,
)
register_capability(
    Capability.QUEUE_OPERATE,
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
        url_choices=((Capability.QUEUE_OPERATE, "queue_staff:windows"),),
        order=60,
        capabilities=(Capability.QUEUE_OPERATE, Capability.QUEUE_FIGURES),
        sections=("queue_staff",),
    )
)

# Its pages, under the centre's slug: residents' and the back office's.
register_urls("queue_staff", "vidhuk.queue.urls_staff", prefix="queue", is_staff=True, order=50)
register_urls("queue", "vidhuk.queue.urls", prefix="queue", order=50)

# Back-office home, «Що можна зробити».
register_home_task(
    HomeTask(
        key="queue_windows",
        label=_("Електронна черга: працювати у вікні"),
        url_name="queue_staff:windows",
        order=30,
        capabilities=(Capability.QUEUE_OPERATE,),
    )
)
register_home_task(
    HomeTask(
        key="queue_figures",
        label=_("Показники черги: очікування та обслуговування"),
        url_name="queue_staff:figures",
        order=31,
        capabilities=(Capability.QUEUE_FIGURES,),
    )
)


def _today(centre: Centre) -> list[GroupFigure] | None:
    """Today's queue at a glance on the back-office home; hidden when no ticket today."""
    from .selectors.figures import queue_today_summary

    summary = queue_today_summary(centre=centre)
    if summary is None:
        return None
    median = summary.wait_median
    minutes = gettext("%(minutes)s хв") % {"minutes": floatformat(median, 0)}
    return [
        GroupFigure(label=_("чекають зараз"), value=str(summary.waiting)),
        GroupFigure(label=_("обслуговано"), value=str(summary.finished)),
        GroupFigure(label=_("не підійшли на виклик"), value=str(summary.no_shows)),
        GroupFigure(
            label=_("медіана очікування"),
            value=minutes if median is not None else "—",
            url_name="queue_staff:figures",
            capability=Capability.QUEUE_FIGURES,
        ),
    ]


register_group(KeyFigureGroup(key="queue_today", title=_("Черга сьогодні"), compute=_today))

# Figures for analytics, the dashboard and the reports (core/metrics.py).
from . import metrics  # noqa: E402

metrics.register()

# Its open dataset, published by the open-data app (core/datasets.py).
from . import datasets as open_datasets  # noqa: E402

open_datasets.register()
