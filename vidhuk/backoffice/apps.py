from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "vidhuk.backoffice"
    label = "backoffice"
