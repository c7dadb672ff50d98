"""The back office's findings and decisions under /staff/<centre>/decisions/."""

from django.urls import URLPattern, URLResolver

app_name = "decisions_staff"

urlpatterns: list[URLPattern | URLResolver] = []
