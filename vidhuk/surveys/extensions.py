"""What surveys add to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability, register_narrow_role
from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.seeds import register_seed
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry
from vidhuk.core.urlmounts import register_urls

from . import portal_tiles

register_capability(
    "surveys.edit",
    _("Створювати й публікувати анкети"),
    roles=[Role.HEAD, Role.COMMUNICATIONS],
    order=200,
)
register_capability(
    "surveys.enter",
    _("Друкувати коди й анкети, вносити та імпортувати відповіді"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.HOTLINE_OPERATOR, Role.COMMUNICATIONS],
    order=201,
)
register_capability(
    "surveys.results",
    _("Переглядати й експортувати результати опитувань"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.COMMUNICATIONS, Role.ANALYST],
    order=202,
)
register_capability(
    "surveys.moderate",
    _("Модерувати коментарі опитувань"),
    roles=[Role.HEAD, Role.COMMUNICATIONS],
    order=203,
)
register_capability(
    "mystery.review",
    _("Перевіряти звіти таємних відвідувачів"),
    roles=[Role.HEAD, Role.COMMUNICATIONS],
    order=210,
)
# Filing a report is the evaluator's alone: staff do not file reports about their own centre.
register_capability(
    "mystery.file",
    _("Подавати звіти таємного відвідувача"),
    roles=[Role.EVALUATOR],
    order=211,
)


def _daily(run: DailyRun) -> str:
    """Forget the visit codes answered with once they could no longer be valid, and rewrite the
    rest, so no row keeps the transaction id of its answer (`spent_visit_codes_tidy`)."""
    from .services.responses import spent_visit_codes_tidy

    deleted = spent_visit_codes_tidy(today=run.today)
    return f"surveys: {deleted} spent visit code(s) forgotten"


register_daily_job("surveys", _daily, order=50)

# Demo data: the code lives in vidhuk/demo/, above every app, so it is registered by path.
register_seed("surveys", "vidhuk.demo.surveys.seed", order=30)
register_seed("mystery", "vidhuk.demo.mystery.seed", order=35)

portal_tiles.register()

register_menu_entry(
    MenuEntry(
        key="surveys",
        label=_("Опитування"),
        url_name="surveys_staff:home",
        order=40,
        capabilities=(
            "surveys.edit",
            "surveys.enter",
            "surveys.results",
            "surveys.moderate",
            "mystery.review",
        ),
        sections=("surveys_staff", "mystery"),
    )
)
# The mystery shopper is no staff member: this is their whole menu.
register_menu_entry(
    MenuEntry(
        key="mystery_reports",
        label=_("Мої звіти таємного відвідувача"),
        url_name="mystery:home",
        order=10,
        capabilities=("mystery.file",),
        sections=("mystery",),
        for_narrow_roles=True,
    )
)
# The mystery shopper is no staff member: a page of the staff's shared back office takes them
# to their reports instead.
register_narrow_role(Role.EVALUATOR, home_url_name="mystery:home")

# Its pages, under the centre's slug: residents' and the back office's.
register_urls(
    "surveys_staff", "vidhuk.surveys.urls_staff", prefix="surveys", is_staff=True, order=30
)
register_urls("mystery", "vidhuk.surveys.urls_mystery", prefix="mystery", is_staff=True, order=35)
register_urls("surveys", "vidhuk.surveys.urls", prefix="survey", order=30)
