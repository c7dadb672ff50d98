"""What surveys add to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.seeds import register_seed
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry
from vidhuk.core.urlmounts import register_urls

from . import portal_tiles
from .capabilities import Capability

register_capability(
    Capability.SURVEYS_EDIT,
    _("Створювати й публікувати анкети"),
    roles=[Role.HEAD, Role.COMMUNICATIONS],
    order=200,
)
register_capability(
    Capability.SURVEYS_ENTER,
    _("Друкувати коди й анкети, вносити та імпортувати відповіді"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.HOTLINE_OPERATOR, Role.COMMUNICATIONS],
    order=201,
)
register_capability(
    Capability.SURVEYS_RESULTS,
    _("Переглядати й експортувати результати опитувань"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.COMMUNICATIONS, Role.ANALYST],
    order=202,
)
register_capability(
    Capability.SURVEYS_MODERATE,
    _("Модерувати коментарі опитувань"),
    roles=[Role.HEAD, Role.COMMUNICATIONS],
    order=203,
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

portal_tiles.register()

register_menu_entry(
    MenuEntry(
        key="surveys",
        label=_("Опитування"),
        url_name="surveys_staff:home",
        order=40,
        capabilities=(
            Capability.SURVEYS_EDIT,
            Capability.SURVEYS_ENTER,
            Capability.SURVEYS_RESULTS,
            Capability.SURVEYS_MODERATE,
            # The mystery shopper's reviewers and scores are reached from this section.
            "mystery.review",
        ),
        sections=("surveys_staff", "mystery"),
    )
)

# Its pages, under the centre's slug: residents' and the back office's.
register_urls(
    "surveys_staff", "vidhuk.surveys.urls_staff", prefix="surveys", is_staff=True, order=30
)
register_urls("surveys", "vidhuk.surveys.urls", prefix="survey", order=30)

# Figures for analytics, the dashboard and the reports (core/metrics.py).
from . import metrics  # noqa: E402

metrics.register()

# Its open dataset, published by the open-data app (core/datasets.py).
from . import datasets as open_datasets  # noqa: E402

open_datasets.register()
