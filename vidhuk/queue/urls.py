"""Public pages of the queue, mounted at /<centre_slug>/queue/ (namespace "queue")."""

from django.urls import URLPattern, URLResolver, path

from .views import public

app_name = "queue"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.index, name="index"),
    path("<slug:office_slug>/", public.kiosk, name="kiosk"),
    path("<slug:office_slug>/check-in/", public.check_in, name="check_in"),
    path("<slug:office_slug>/ticket/<uuid:public_id>/", public.ticket, name="ticket"),
    path("<slug:office_slug>/board/", public.board, name="board"),
    path("<slug:office_slug>/board/calls/", public.board_calls_fragment, name="board_calls"),
]
