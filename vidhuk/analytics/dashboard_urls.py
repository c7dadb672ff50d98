"""The public dashboard under /<centre>/dashboard/ (namespace "analytics_dashboard")."""

from django.urls import URLPattern, URLResolver, path

from .views import dashboard_public

app_name = "analytics_dashboard"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboard_public.dashboard, name="dashboard"),
    path("<slug:slug>.csv", dashboard_public.dashboard_csv, name="csv"),
]
