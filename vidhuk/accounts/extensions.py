"""What accounts adds to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.core.capabilities import register_capability

from .choices import Role

register_capability("staff.manage", _("Керувати персоналом і ролями"), roles=[Role.HEAD], order=40)
