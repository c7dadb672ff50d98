"""What appeals add to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.events import CalendarChanged, on_calendar_changed
from vidhuk.core.keyfigures import KeyFigure
from vidhuk.core.keyfigures import register as register_key_figure
from vidhuk.core.seeds import register_seed
from vidhuk.core.staffmenu import HomeTask, MenuEntry, register_home_task, register_menu_entry
from vidhuk.core.urlmounts import register_urls

from . import metrics, portal_tiles
from .capabilities import Capability
from .selectors import (
    appeal_count_answered_this_month,
    appeal_count_new,
    appeal_count_overdue,
)

register_capability(
    Capability.APPEALS_READ,
    _("Переглядати звернення та відгуки"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.HOTLINE_OPERATOR, Role.COMMUNICATIONS],
    order=100,
)
register_capability(
    Capability.APPEALS_REGISTER,
    _("Реєструвати звернення, дзвінки та скриньки"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.HOTLINE_OPERATOR, Role.COMMUNICATIONS],
    order=101,
)
register_capability(
    Capability.APPEALS_WORK,
    _("Розглядати звернення та відповідати"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.COMMUNICATIONS],
    order=102,
)
register_capability(
    Capability.APPEALS_ASSIGN,
    _("Призначати виконавців звернень"),
    roles=[Role.HEAD, Role.COMMUNICATIONS],
    order=103,
)
register_capability(
    Capability.APPEALS_MANAGE,
    _("Експорт і знеособлення персональних даних, налаштування звернень"),
    roles=[Role.HEAD],
    order=104,
)


def _daily(run: DailyRun) -> str:
    """Queue today's digest to executors and the anonymisation of expired cases; both tasks are
    idempotent, so a second run the same day sends no second digest, anonymises nothing twice."""
    from .tasks import appeals_anonymise_expired_task, appeals_send_daily_digest

    day = run.today.isoformat()
    digest = appeals_send_daily_digest.enqueue(day)
    retention = appeals_anonymise_expired_task.enqueue()
    return f"digest {day}: {digest.id}; retention: {retention.id}"


register_daily_job("appeals", _daily, order=20)
metrics.register()  # the classifier's counts (decision 0008)


def _calendar_changed(event: CalendarChanged) -> str:
    """Open cases' deadlines follow the centre's calendar (terms counted in working days)."""
    from .services import appeals_deadlines_recompute

    moved = appeals_deadlines_recompute(centre=event.centre, since=event.since, actor=event.actor)
    if not moved:
        return ""
    return ngettext(
        "Строк розгляду %(count)s відкритої справи змінено відповідно до календаря.",
        "Строки розгляду %(count)s відкритих справ змінено відповідно до календаря.",
        moved,
    ) % {"count": moved}


on_calendar_changed("appeals", _calendar_changed)

# Demo data: the code lives in vidhuk/demo/, above every app, so it is registered by path.
register_seed("appeals", "vidhuk.demo.appeals.seed", order=20)

# Back-office home: the inbox's figures, linked to the inbox for who may read it.
register_key_figure(
    KeyFigure(
        key="appeals_new",
        label=_("Нових звернень"),
        compute=lambda centre: appeal_count_new(centre=centre),
        url_name="appeals_staff:inbox",
        capability=Capability.APPEALS_READ,
        order=20,
    )
)
register_key_figure(
    KeyFigure(
        key="appeals_overdue",
        label=_("Прострочених звернень"),
        compute=lambda centre: appeal_count_overdue(centre=centre),
        url_name="appeals_staff:inbox",
        capability=Capability.APPEALS_READ,
        order=21,
    )
)
register_key_figure(
    KeyFigure(
        key="appeals_answered_this_month",
        label=_("Відповідей цього місяця"),
        compute=lambda centre: appeal_count_answered_this_month(centre=centre),
        url_name="appeals_staff:inbox",
        capability=Capability.APPEALS_READ,
        order=22,
    )
)
portal_tiles.register()

register_menu_entry(
    MenuEntry(
        key="appeals",
        label=_("Звернення"),
        url_name="appeals_staff:inbox",
        order=30,
        capabilities=(Capability.APPEALS_READ,),
        sections=("appeals_staff",),
    )
)

# Its pages, under the centre's slug: residents' and the back office's.
register_urls(
    "appeals_staff", "vidhuk.appeals.urls_staff", prefix="appeals", is_staff=True, order=20
)
register_urls("appeals", "vidhuk.appeals.urls", prefix="appeals", order=20)

# Back-office home, «Що можна зробити».
register_home_task(
    HomeTask(
        key="appeals_inbox",
        label=_("Звернення та відгуки з усіх каналів"),
        url_name="appeals_staff:inbox",
        order=10,
        capabilities=(Capability.APPEALS_READ,),
    )
)
register_home_task(
    HomeTask(
        key="appeals_hotline",
        label=_("Записати дзвінок на гарячу лінію"),
        url_name="appeals_staff:hotline_log",
        order=11,
        capabilities=(Capability.APPEALS_REGISTER,),
    )
)
register_home_task(
    HomeTask(
        key="appeals_reception",
        label=_(
            "Зареєструвати звернення: особистий прийом, пошта, електронна пошта, соцмережі, "
            "книга скарг"
        ),
        url_name="appeals_staff:register_reception",
        order=12,
        capabilities=(Capability.APPEALS_REGISTER,),
    )
)
register_home_task(
    HomeTask(
        key="appeals_box",
        label=_("Записати відкриття скриньки для пропозицій"),
        url_name="appeals_staff:box_new",
        order=13,
        capabilities=(Capability.APPEALS_REGISTER,),
    )
)

# Its open dataset, published by the open-data app (core/datasets.py).
from . import datasets as open_datasets  # noqa: E402

open_datasets.register()
