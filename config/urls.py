from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from vidhuk.core.urlmounts import mounted_patterns
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
    # Every app's own public and staff URLs, as registered in its extensions.py: before the
    # portal's catch-all below (docs/decisions/0006-extension-points.md).
    *mounted_patterns(),
    path("<slug:centre_slug>/", include("vidhuk.portal.urls")),
    prefix_default_language=False,
)

handler403 = "vidhuk.backoffice.errors.permission_denied"
handler404 = "vidhuk.portal.views.page_not_found"
handler500 = "vidhuk.portal.views.server_error"
# Uploaded files (appeal attachments, mystery-shopper photos) are never served from /media/, not
# even in development: each is personal data, served by a view that checks who asks and audits.
