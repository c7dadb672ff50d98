"""Public pages of surveys, mounted at /<centre_slug>/survey/ (namespace "surveys")."""

from django.urls import URLPattern, URLResolver, path

from .views import public, public_results

app_name = "surveys"

urlpatterns: list[URLPattern | URLResolver] = [
    # A visit code from the QR code on a receipt or queue ticket.
    path("v/", public.visit_code_entry, name="visit_code"),
    path("v/<str:code>/", public.survey_by_visit, name="visit"),
    path("<slug:slug>/", public.survey, name="survey"),
    path("<slug:slug>/thanks/", public.thanks, name="thanks"),
    path("<slug:slug>/results/", public_results.results, name="results"),
]
