from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "vidhuk.portal"
    label = "portal"

    def ready(self) -> None:
        from .signals import connect

        connect()
