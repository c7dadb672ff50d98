"""The published quarterly reports under /<centre>/reports/ (namespace "analytics_reports")."""

from django.urls import URLPattern, URLResolver, path

from .views import report_public

app_name = "analytics_reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", report_public.report_list, name="list"),
    path("<int:year>-q<int:quarter>/", report_public.report_page, name="report"),
    path("<int:year>-q<int:quarter>.pdf", report_public.report_pdf_file, name="pdf"),
    path("<int:year>-q<int:quarter>.html", report_public.report_html_file, name="html"),
]
