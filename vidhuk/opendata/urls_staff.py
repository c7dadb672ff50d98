"""The back office's open data under /staff/<centre>/open-data/."""

from django.urls import URLPattern, path

from .views import staff

app_name = "opendata_staff"

urlpatterns: list[URLPattern] = [
    path("", staff.home, name="home"),
    path("dry-run/", staff.dry_run, name="dry_run"),
    path("publish/", staff.publish, name="publish"),
    path("settings/", staff.settings_view, name="settings"),
]
