"""The reference view of the benchmark: one INSERT per request through the same Django stack
(middleware, production settings), answered with a redirect like the form — the floor a write
can reach on this machine, measured in the same run as the submissions.

Only the benchmark's settings (benchmarks/appeals_settings.py) use this URLconf, and only when
VIDHUK_BENCH_REFERENCE_VIEW=1: it is never part of the project's URLs.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from .reference import REFERENCE_PATH, REFERENCE_TABLE


@csrf_exempt
def one_insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {REFERENCE_TABLE} (text) VALUES (%s)",  # noqa: S608 — a constant
            [request.POST.get("text", "")],
        )
    return HttpResponseRedirect("/bench/sent/")


def _urlpatterns() -> list[object]:
    from config import urls as project  # the project's URLs after the reference view

    return [path(REFERENCE_PATH.lstrip("/"), one_insert), *project.urlpatterns]


urlpatterns = _urlpatterns()
handler403 = "vidhuk.backoffice.errors.permission_denied"
handler404 = "vidhuk.portal.views.page_not_found"
handler500 = "vidhuk.portal.views.server_error"
