"""The published gender passport under /<centre>/gender-passport/ ("analytics_gender")."""

from django.urls import URLPattern, URLResolver, path

from .views import gender_public

app_name = "analytics_gender"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", gender_public.passport_latest, name="passport"),
    path("<int:year>-q<int:quarter>/", gender_public.passport_quarter, name="passport_quarter"),
    path("<int:year>-q<int:quarter>.csv", gender_public.passport_csv, name="passport_csv"),
]
