"""What decisions add to the extension points (docs/decisions/0006-extension-points.md).

Three parts of the app register here: the staff side (below), the public board and the loop
(evidence sources, notifications, effect, rules) — each adds one ``from . import`` line."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.urlmounts import register_urls

register_capability(
    "decisions.read",
    _("Переглядати висновки та рішення"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.COMMUNICATIONS, Role.ANALYST],
    order=600,
)
register_capability(
    "decisions.edit",
    _("Створювати висновки, вести виконання рішень"),
    roles=[Role.HEAD, Role.COMMUNICATIONS],
    order=601,
)
register_capability(
    "decisions.adopt",
    _("Вносити документи рішень, ухвалювати, перевіряти й скасовувати рішення"),
    roles=[Role.HEAD],
    order=602,
)

# Its pages: the back office's under /staff/<centre>/decisions/, the public board under
# /<centre>/decisions/ (before the portal's catch-all).
register_urls(
    "decisions_staff",
    "vidhuk.decisions.urls_staff",
    prefix="decisions",
    is_staff=True,
    order=70,
)
register_urls("decisions", "vidhuk.decisions.urls", prefix="decisions", order=70)

# The back office: the menu entry, key figures on the home page, the head's daily digest.
from . import staff_hooks  # noqa: E402

staff_hooks.register()

# The public board: the portal's home block and footer link; the loop's figures for analytics.
from . import metrics, publishing  # noqa: E402

publishing.register()
metrics.register()

# The loop: evidence from other apps' pages (object slots), residents told once, effect, rules;
# and its open dataset, published by the open-data app (core/datasets.py).
from . import datasets as open_datasets  # noqa: E402
from . import loop  # noqa: E402, F401

open_datasets.register()
