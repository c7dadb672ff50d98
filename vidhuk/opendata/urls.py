"""The public open data under /<centre>/open-data/: the list, each dataset's passport page and
its files (whole dataset as CSV and JSON, the data package, the passport, the period files)."""

from django.urls import URLPattern, path

from .views import public

app_name = "opendata"

urlpatterns: list[URLPattern] = [
    path("", public.dataset_list, name="list"),
    path("<slug:key>.csv", public.dataset_csv, name="csv"),
    path("<slug:key>.json", public.dataset_json, name="json"),
    path("<slug:key>/", public.dataset_passport, name="passport"),
    path("<slug:key>/datapackage.json", public.dataset_package, name="datapackage"),
    path("<slug:key>/passport.json", public.dataset_passport_file, name="passport_file"),
    path("<slug:key>/<slug:name>.<str:extension>", public.period_file, name="period_file"),
]
