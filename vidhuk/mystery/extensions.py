"""What the mystery shopper adds to the extension points (docs/decisions/0006-extension-points.md):
its capabilities, the evaluator's narrow role and menu, its pages (and their links in surveys'
pages) and its demo seed."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability, register_narrow_role
from vidhuk.core.seeds import register_seed
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry
from vidhuk.core.urlmounts import register_urls

from . import slots
from .capabilities import Capability

register_capability(
    Capability.MYSTERY_REVIEW,
    _("Перевіряти звіти таємних відвідувачів"),
    roles=[Role.HEAD, Role.COMMUNICATIONS],
    order=210,
)
# Filing a report is the evaluator's alone: staff do not file reports about their own centre.
register_capability(
    Capability.MYSTERY_FILE,
    _("Подавати звіти таємного відвідувача"),
    roles=[Role.EVALUATOR],
    order=211,
)

# The mystery shopper is no staff member: this is their whole menu, and a page of the staff's
# shared back office takes them to their reports instead.
register_menu_entry(
    MenuEntry(
        key="mystery_reports",
        label=_("Мої звіти таємного відвідувача"),
        url_name="mystery:home",
        order=10,
        capabilities=(Capability.MYSTERY_FILE,),
        sections=("mystery",),
        for_narrow_roles=True,
    )
)
register_narrow_role(Role.EVALUATOR, home_url_name="mystery:home")

# Its pages: /staff/<centre>/mystery/…; the reviewers reach them from the surveys section.
register_urls("mystery", "vidhuk.mystery.urls", prefix="mystery", is_staff=True, order=35)
slots.register()

# Demo data: the code lives in vidhuk/demo/, above every app, so it is registered by path.
register_seed("mystery", "vidhuk.demo.mystery.seed", order=35)

# Figures for analytics, the dashboard and the reports (core/metrics.py).
from . import metrics  # noqa: E402

metrics.register()
