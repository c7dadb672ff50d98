from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "vidhuk.portal"
    label = "portal"
