from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "vidhuk.appeals"
    label = "appeals"
    verbose_name = _("Звернення та відгуки")

    def ready(self) -> None:
        from vidhuk.core.keyfigures import KeyFigure, register

        from .portal_tiles import register as register_portal_tiles
        from .selectors import (
            appeal_count_answered_this_month,
            appeal_count_new,
            appeal_count_overdue,
        )

        # The staff inbox is "appeals_staff:inbox"; the home page shows no link until it exists.
        register(
            KeyFigure(
                key="appeals_new",
                label=_("Нових звернень"),
                compute=lambda centre: appeal_count_new(centre=centre),
                url_name="appeals_staff:inbox",
                capability="appeals.read",
                order=20,
            )
        )
        register(
            KeyFigure(
                key="appeals_overdue",
                label=_("Прострочених звернень"),
                compute=lambda centre: appeal_count_overdue(centre=centre),
                url_name="appeals_staff:inbox",
                capability="appeals.read",
                order=21,
            )
        )
        register(
            KeyFigure(
                key="appeals_answered_this_month",
                label=_("Відповідей цього місяця"),
                compute=lambda centre: appeal_count_answered_this_month(centre=centre),
                url_name="appeals_staff:inbox",
                capability="appeals.read",
                order=22,
            )
        )
        register_portal_tiles()
