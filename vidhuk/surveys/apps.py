from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "vidhuk.surveys"
    label = "surveys"
    verbose_name = _("Опитування та таємний відвідувач")

    def ready(self) -> None:
        from .portal_tiles import register as register_portal_tiles

        register_portal_tiles()
