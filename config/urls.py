from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from vidhuk.portal.views import root, set_language


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe for the proxy; also the bare-Django baseline of the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("", root, name="root"),
    path("platform-admin/", admin.site.urls),
    path("staff/", include("vidhuk.accounts.urls")),
    path("staff/", include("vidhuk.backoffice.urls")),
    path("staff/<slug:centre_slug>/services/", include("vidhuk.catalog.urls_staff")),
    path("staff/<slug:centre_slug>/appeals/", include("vidhuk.appeals.urls_staff")),
    path("staff/<slug:centre_slug>/surveys/", include("vidhuk.surveys.urls_staff")),
    path("staff/<slug:centre_slug>/mystery/", include("vidhuk.surveys.urls_mystery")),
    path("staff/<slug:centre_slug>/appointments/", include("vidhuk.appointments.urls_staff")),
    path("staff/<slug:centre_slug>/queue/", include("vidhuk.queue.urls_staff")),
    path("<slug:centre_slug>/services/", include("vidhuk.catalog.urls")),
    path("<slug:centre_slug>/appeals/", include("vidhuk.appeals.urls")),
    path("<slug:centre_slug>/survey/", include("vidhuk.surveys.urls")),
    path("<slug:centre_slug>/booking/", include("vidhuk.appointments.urls")),
    path("<slug:centre_slug>/queue/", include("vidhuk.queue.urls")),
    path("<slug:centre_slug>/", include("vidhuk.portal.urls")),
    prefix_default_language=False,
)

handler403 = "vidhuk.backoffice.errors.permission_denied"
handler404 = "vidhuk.portal.views.page_not_found"
handler500 = "vidhuk.portal.views.server_error"
# Uploaded files (appeal attachments, mystery-shopper photos) are never served from /media/, not
# even in development: each is personal data, served by a view that checks who asks and audits.
