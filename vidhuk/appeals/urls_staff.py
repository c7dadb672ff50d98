"""The appeals back office, mounted at /staff/<centre_slug>/appeals/."""

from django.urls import URLPattern, URLResolver, path

from .views import (
    staff_case,
    staff_channels,
    staff_inbox,
    staff_letters,
    staff_mail,
    staff_personal,
    staff_reports,
)

app_name = "appeals_staff"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff_inbox.inbox, name="inbox"),
    path("export.csv", staff_inbox.export_csv, name="export"),
    path("assign/", staff_inbox.bulk_assign, name="bulk_assign"),
    # One address per offline channel (no free path segment: nothing to guess).
    *[
        path(
            f"new/{channel}/",
            staff_channels.register_offline,
            {"channel": channel},
            name=f"register_{channel}",
        )
        for channel in staff_channels.OFFLINE_CHANNELS
    ],
    path("hotline/", staff_channels.hotline_list, name="hotline_list"),
    path("hotline/new/", staff_channels.hotline_log, name="hotline_log"),
    path("hotline/<int:pk>/case/", staff_channels.hotline_make_case, name="hotline_make_case"),
    path("box/", staff_channels.box_list, name="box_list"),
    path("box/new/", staff_channels.box_opening_new, name="box_new"),
    path("box/<int:pk>/", staff_channels.box_detail, name="box_detail"),
    path("personal-data/", staff_personal.applicant_export, name="applicant_export"),
    path("settings/", staff_personal.appeals_settings, name="settings"),
    path("reports/quarterly/", staff_reports.quarterly, name="report_quarterly"),
    path("reports/quarterly.pdf", staff_reports.quarterly_pdf, name="report_quarterly_pdf"),
    path("reports/quarterly.xlsx", staff_reports.quarterly_xlsx, name="report_quarterly_xlsx"),
    path("<int:pk>/", staff_case.detail, name="detail"),
    path("<int:pk>/letter.pdf", staff_letters.answer_letter, name="letter"),
    path("<int:pk>/extension.pdf", staff_letters.extension_letter, name="extension_letter"),
    path("<int:pk>/receipt.pdf", staff_letters.registration_receipt, name="receipt"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        staff_case.attachment_download,
        name="attachment",
    ),
    path("<int:pk>/act/<slug:action_name>/", staff_case.act, name="act"),
    path("<int:pk>/mail/<int:mail_pk>/resend/", staff_mail.mail_resend_view, name="mail_resend"),
    path("<int:pk>/mail/<int:mail_pk>/letter.pdf", staff_mail.mail_letter, name="mail_letter"),
]
