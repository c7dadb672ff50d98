from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vidhuk.demo"
    label = "demo"
