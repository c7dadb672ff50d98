"""What communications adds to the extension points (docs/decisions/0006-extension-points.md).

Each part of the app (publications, events, subscriptions and mailings, press and the plan)
adds its own registrations below with one ``from . import`` line or block."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry
from vidhuk.core.urlmounts import register_urls

register_capability(
    "communications.read",
    _("Переглядати публікації, заходи, розсилки та комунікаційний план"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.COMMUNICATIONS, Role.ANALYST],
    order=700,
)
register_capability(
    "communications.publish",
    _("Готувати й публікувати новини, заходи, пресрелізи"),
    roles=[Role.HEAD, Role.COMMUNICATIONS],
    order=701,
)
register_capability(
    "communications.mail",
    _("Надсилати розсилки підписникам і медіа"),
    roles=[Role.HEAD, Role.COMMUNICATIONS],
    order=702,
)
register_capability(
    "communications.checkin",
    _("Відмічати прибулих на захід за QR-кодом реєстрації"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.COMMUNICATIONS],
    order=703,
)

# Its pages. The back office's under /staff/<centre>/communications/ (urls_staff.py, namespace
# "communications_staff"); the public ones under the centre's slug, one URLconf per prefix
# (each its own namespace): /<centre>/news/ (urls.py, "communications"), /<centre>/events/
# (urls_events.py, "communications_events"), /<centre>/subscribe/ (urls_subscribe.py,
# "communications_subscribe"). All come before the portal's catch-all.
register_urls(
    "communications_staff",
    "vidhuk.communications.urls_staff",
    prefix="communications",
    is_staff=True,
    order=80,
)
register_urls("communications", "vidhuk.communications.urls", prefix="news", order=80)
register_urls(
    "communications_events", "vidhuk.communications.urls_events", prefix="events", order=80
)
register_urls(
    "communications_subscribe",
    "vidhuk.communications.urls_subscribe",
    prefix="subscribe",
    order=80,
)

register_menu_entry(
    MenuEntry(
        key="communications",
        label=_("Інформування"),
        url_name="communications_staff:publications",
        order=80,
        capabilities=("communications.read",),
        sections=("communications_staff",),
    )
)

# Publications: the portal's latest news and navigation, legislation notices on service cards,
# the feed's firing action and the scheduler's daily safety net.
from . import news_portal  # noqa: E402

news_portal.register()

# Events and public hearings: daily jobs, the privacy page, navigation, a decisions evidence source.
from . import events_hooks  # noqa: E402

events_hooks.register()

# The communication plan, the media and partner register, posters: key figure, firing action,
# daily check and the demo seed.
from . import plan_hooks  # noqa: E402

plan_hooks.register()

# Posters of a decision and of a service, offered on their staff pages.
from . import poster_slots  # noqa: E402

poster_slots.register()

# Subscriptions and mailings: a published publication mails its subscribers once.
from .firing import register_firing_action  # noqa: E402
from .services.mailings import mailing_for_publication  # noqa: E402

register_firing_action("mail", mailing_for_publication, order=50)
from . import subscriptions_hooks  # noqa: E402

subscriptions_hooks.register()
