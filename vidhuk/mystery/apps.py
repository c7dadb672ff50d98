from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MysteryConfig(AppConfig):
    name = "vidhuk.mystery"
    label = "mystery"
    verbose_name = _("Таємний відвідувач")
