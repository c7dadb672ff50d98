from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vidhuk.core"
    label = "core"
    verbose_name = _("Центри та офіси")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from .keyfigures import KeyFigure, register
        from .mail import mail_stuck_count

        # Mail the server refused (retrying, or given up after 72 hours): the back-office home
        # shows it, so nobody believes an answer was delivered when it was not.
        register(
            KeyFigure(
                key="mail_stuck",
                label=_("Листів не доставлено"),
                compute=lambda centre: mail_stuck_count(centre=centre),
                order=900,
            )
        )
        # Every app's contributions to the extension points (docs/decisions/0006).
        autodiscover_modules("extensions")
