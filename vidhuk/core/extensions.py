"""What core adds to the extension points: its capabilities (roles given by their codes, since
accounts sits above core). See docs/decisions/0006-extension-points.md."""

from django.utils.translation import gettext_lazy as _

from .antiabuse import antiabuse_forget_expired
from .capabilities import CoreCapability, register_capability
from .dailyjobs import register_daily_job
from .keyfigures import KeyFigure
from .keyfigures import register as register_key_figure
from .mail import mail_stuck_count

register_capability(
    CoreCapability.OFFICES_EDIT,
    _("Редагувати офіси та години роботи"),
    roles=["head", "administrator"],
    order=20,
)
register_capability(
    CoreCapability.CENTRE_EDIT, _("Редагувати відомості про центр"), roles=["head"], order=30
)
register_capability(CoreCapability.AUDIT_READ, _("Читати журнал аудиту"), roles=["head"], order=50)

# Mail the server refused (retrying, or given up after 72 hours): the back-office home shows it,
# so nobody believes an answer was delivered when it was not.
register_key_figure(
    KeyFigure(
        key="mail_stuck",
        label=_("Листів не доставлено"),
        compute=lambda centre: mail_stuck_count(centre=centre),
        order=900,
    )
)

# Rate-limit counts and spent form stamps past their time (core/antiabuse.py) are removed daily.
register_daily_job("core_antiabuse_expired", lambda run: antiabuse_forget_expired(), order=5)
