from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vidhuk.accounts"
    label = "accounts"
    verbose_name = _("Персонал і ролі")

    def ready(self) -> None:
        from vidhuk.core.keyfigures import KeyFigure, register

        from .selectors import membership_count_for_centre

        register(
            KeyFigure(
                key="staff",
                label=_("Працівників з доступом"),
                compute=lambda centre: membership_count_for_centre(centre=centre),
                url_name="accounts:staff_list",
                capability="staff.manage",
                order=90,
            )
        )
