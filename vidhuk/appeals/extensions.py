"""What appeals add to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.seeds import register_seed

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
