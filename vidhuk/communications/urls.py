"""Public news of a centre under /<centre>/news/ (namespace "communications")."""

from django.urls import URLPattern, URLResolver

app_name = "communications"

urlpatterns: list[URLPattern | URLResolver] = []
