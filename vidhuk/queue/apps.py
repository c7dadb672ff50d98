from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueConfig(AppConfig):
    name = "vidhuk.queue"
    label = "queue"
    verbose_name = _("Електронна черга")

    def ready(self) -> None:
        from .boardcache import connect

        connect()
