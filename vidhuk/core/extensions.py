"""What core adds to the extension points: its capabilities (roles given by their codes, since
accounts sits above core). See docs/decisions/0006-extension-points.md."""

from django.utils.translation import gettext_lazy as _

from .capabilities import register_capability

register_capability(
    "offices.edit",
    _("Редагувати офіси та години роботи"),
    roles=["head", "administrator"],
    order=20,
)
register_capability("centre.edit", _("Редагувати відомості про центр"), roles=["head"], order=30)
register_capability("audit.read", _("Читати журнал аудиту"), roles=["head"], order=50)
