"""Mystery-shopper pages, mounted at /staff/<centre_slug>/mystery/ (namespace "mystery"):
the evaluator's own reports and the staff's review."""

from django.urls import URLPattern, URLResolver

from .views import mystery

app_name = "mystery"

urlpatterns: list[URLPattern | URLResolver] = [*mystery.urlpatterns]
