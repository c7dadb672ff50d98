"""What appeals add to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.keyfigures import KeyFigure
from vidhuk.core.keyfigures import register as register_key_figure
from vidhuk.core.seeds import register_seed
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry

from . import portal_tiles
from .selectors import (
    appeal_count_answered_this_month,
    appeal_count_new,
    appeal_count_overdue,
)

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


def _daily(run: DailyRun) -> str:
    """Queue today's digest to executors and the anonymisation of expired cases; both tasks are
    idempotent, so a second run the same day sends no second digest, anonymises nothing twice."""
    from .tasks import appeals_anonymise_expired_task, appeals_send_daily_digest

    day = run.today.isoformat()
    digest = appeals_send_daily_digest.enqueue(day)
    retention = appeals_anonymise_expired_task.enqueue()
    return f"digest {day}: {digest.id}; retention: {retention.id}"


register_daily_job("appeals", _daily, order=20)

# Demo data: the code lives in vidhuk/demo/, above every app, so it is registered by path.
register_seed("appeals", "vidhuk.demo.appeals.seed", order=20)

# Back-office home: the inbox's figures, linked to the inbox for who may read it.
register_key_figure(
    KeyFigure(
        key="appeals_new",
        label=_("Нових звернень"),
        compute=lambda centre: appeal_count_new(centre=centre),
        url_name="appeals_staff:inbox",
        capability="appeals.read",
        order=20,
    )
)
register_key_figure(
    KeyFigure(
        key="appeals_overdue",
        label=_("Прострочених звернень"),
        compute=lambda centre: appeal_count_overdue(centre=centre),
        url_name="appeals_staff:inbox",
        capability="appeals.read",
        order=21,
    )
)
register_key_figure(
    KeyFigure(
        key="appeals_answered_this_month",
        label=_("Відповідей цього місяця"),
        compute=lambda centre: appeal_count_answered_this_month(centre=centre),
        url_name="appeals_staff:inbox",
        capability="appeals.read",
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
        capabilities=("appeals.read",),
        sections=("appeals_staff",),
    )
)
