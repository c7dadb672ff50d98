"""The back office's analytics under /staff/<centre>/analytics/ (namespace "analytics_staff")."""

from django.urls import URLPattern, URLResolver, path

from .views import dashboard_staff, gender_staff, hub, provisions, provisions_import, report_staff

app_name = "analytics_staff"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", hub.hub, name="hub"),
    # The centre's figures unsuppressed, and each chart's table (issue 14, part 2).
    path("figures/", dashboard_staff.figures, name="figures"),
    path("figures/<slug:slug>.csv", dashboard_staff.figures_csv, name="figures_csv"),
    # The register of services provided (issue 14, part 1).
    path("provisions/", provisions.provision_list, name="provisions"),
    path("provisions/new/", provisions.provision_new, name="provision_new"),
    path("provisions/export.csv", provisions.provision_export, name="provisions_export"),
    path("provisions/<int:pk>/", provisions.provision_edit, name="provision_edit"),
    path("provisions/<int:pk>/delete/", provisions.provision_delete_view, name="provision_delete"),
    path("provisions/<int:pk>/result/", provisions.provision_result, name="provision_result"),
    path("provisions/import/", provisions_import.import_upload, name="provisions_import"),
    path(
        "provisions/import/preview/",
        provisions_import.import_preview,
        name="provisions_import_preview",
    ),
    path(
        "provisions/import/<int:pk>/",
        provisions_import.import_summary,
        name="provisions_import_summary",
    ),
    # The quarterly report and the gender analysis (issue 14, parts 4 and 5).
    path("reports/", report_staff.report_list, name="reports"),
    path("reports/<int:year>-q<int:quarter>/", report_staff.report_detail, name="report"),
    path(
        "reports/<int:year>-q<int:quarter>/build/", report_staff.report_build, name="report_build"
    ),
    path(
        "reports/<int:year>-q<int:quarter>/publish/",
        report_staff.report_publish_view,
        name="report_publish",
    ),
    path(
        "reports/<int:year>-q<int:quarter>/report.pdf",
        report_staff.report_preview_pdf,
        name="report_pdf",
    ),
    path("gender/passport/", gender_staff.passport, name="gender_passport"),
    path("gender/audit/", gender_staff.audit_list, name="gender_audits"),
    path("gender/audit/<int:year>/", gender_staff.audit_detail, name="gender_audit"),
    path(
        "gender/audit/<int:year>/complete/",
        gender_staff.audit_complete_view,
        name="gender_audit_complete",
    ),
    path(
        "gender/audit/<int:year>/report/",
        gender_staff.audit_report_page,
        name="gender_audit_report",
    ),
    path(
        "gender/audit/<int:year>/report.pdf",
        gender_staff.audit_report_pdf,
        name="gender_audit_pdf",
    ),
    path(
        "gender/audit/<int:year>/findings/<slug:item>/",
        gender_staff.audit_finding,
        name="gender_audit_finding",
    ),
]
