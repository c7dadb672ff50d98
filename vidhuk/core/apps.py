from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vidhuk.core"
    label = "core"
    verbose_name = _("Центри та офіси")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Every app declares its contributions to the extension points (capabilities, key
        # figures, portal tiles, staff menu, daily jobs, demo seeds) in its own extensions.py,
        # imported here once at start-up: docs/decisions/0006-extension-points.md.
        autodiscover_modules("extensions")
