"""The surveys back office, mounted at /staff/<centre_slug>/surveys/ (namespace "surveys_staff").

Each area keeps its own routes beside its views; this list only gathers them.
"""

from django.urls import URLPattern, URLResolver

from .views import staff_builder, staff_offline, staff_paper, staff_print, staff_results

app_name = "surveys_staff"

urlpatterns: list[URLPattern | URLResolver] = [
    *staff_builder.urlpatterns,
    *staff_paper.urlpatterns,
    *staff_print.urlpatterns,
    *staff_offline.urlpatterns,
    *staff_results.urlpatterns,
]
