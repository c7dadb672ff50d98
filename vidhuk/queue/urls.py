"""Public pages of the queue, mounted at /<centre_slug>/queue/ (namespace "queue").

No secret is ever part of a path: a ticket is found by ``?t=<reference>``, a device set-up code
is typed or passed as ``?code=`` and spent only by a POST.
"""

from django.urls import URLPattern, URLResolver, path

from .views import kiosk, public

app_name = "queue"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.index, name="index"),
    path("device/", kiosk.device_setup, name="device_setup"),
    path("<slug:office_slug>/", kiosk.kiosk, name="kiosk"),
    path("<slug:office_slug>/issued/", kiosk.kiosk_ticket, name="kiosk_ticket"),
    path("<slug:office_slug>/check-in/", kiosk.check_in, name="check_in"),
    path("<slug:office_slug>/web-ticket/", public.web_ticket, name="web_ticket"),
    path("<slug:office_slug>/ticket/", public.ticket, name="ticket"),
    path("<slug:office_slug>/board/", public.board, name="board"),
    path("<slug:office_slug>/board/calls/", public.board_calls_fragment, name="board_calls"),
]
