"""What analytics adds to the extension points (docs/decisions/0006-extension-points.md).

Each part of the app registers its own lines here: the register of services provided (below),
the figures and dashboard, the quarterly report and the gender analysis."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.events import on_visit_finished
from vidhuk.core.seeds import register_seed
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry
from vidhuk.core.urlmounts import register_urls

from .capabilities import Capability

# The back office's pages under /staff/<centre>/analytics/ (urls_staff.py, "analytics_staff").
register_urls(
    "analytics_staff", "vidhuk.analytics.urls_staff", prefix="analytics", is_staff=True, order=90
)
register_menu_entry(
    MenuEntry(
        key="analytics",
        label=_("Аналітика і звіти"),
        url_name="analytics_staff:hub",
        order=90,
        capabilities=(Capability.VIEW, Capability.PROVISIONS, Capability.PUBLISH),
        sections=("analytics_staff",),
    )
)

# --- the register of services provided (issue 14, part 1) ---------------------------------------
register_capability(
    Capability.PROVISIONS,
    _("Вести й імпортувати реєстр наданих послуг"),
    roles=[Role.HEAD, Role.ADMINISTRATOR],
    order=800,
)
from . import datasets, metrics, receivers, slots  # noqa: E402

metrics.register()
datasets.register()
slots.register()
on_visit_finished("analytics.provisions", receivers.provision_from_visit)
# Demo data: a year of provisions for the demo centre (its line ends the summary).
register_seed("analytics.provisions", "vidhuk.analytics.seed.seed_provisions", order=100)

# --- the quarterly report and the gender analysis (issue 14, parts 4 and 5) ---------------------
from django.urls import reverse  # noqa: E402

from vidhuk.core.portal import FooterLink, register_footer_link  # noqa: E402

register_capability(
    Capability.PUBLISH,
    _("Публікувати квартальний звіт і гендерний паспорт, завершувати гендерний аудит"),
    roles=[Role.HEAD],
    order=802,
)
# Residents read the published reports under /<centre>/reports/ and the gender passport under
# /<centre>/gender-passport/ (before the portal's catch-all).
register_urls("analytics_reports", "vidhuk.analytics.report_urls", prefix="reports", order=90)
register_urls(
    "analytics_gender", "vidhuk.analytics.gender_urls", prefix="gender-passport", order=90
)
register_footer_link(
    FooterLink(
        key="analytics_reports",
        order=60,
        label=_("Звіти про роботу центру"),
        url=lambda centre: reverse("analytics_reports:list", args=[centre.slug]),
    )
)

# --- figures and the public dashboard (issue 14, parts 2 and 3) ----------------------------------
register_capability(
    Capability.VIEW,
    _("Переглядати показники центру без приховування малих чисел"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.COMMUNICATIONS, Role.ANALYST],
    order=801,
)
# /<centre>/dashboard/ (before the portal's catch-all) and its link in every page's footer.
register_urls(
    "analytics_dashboard", "vidhuk.analytics.dashboard_urls", prefix="dashboard", order=90
)
from vidhuk.core.portal import FooterLink, register_footer_link  # noqa: E402

from .views import dashboard_public  # noqa: E402

register_footer_link(
    FooterLink(
        key="analytics_dashboard",
        order=61,
        label=_("Показники роботи центру"),
        url=dashboard_public.dashboard_url,
    )
)
