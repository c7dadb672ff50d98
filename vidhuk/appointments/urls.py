from django.urls import URLPattern, URLResolver, path

from .views import manage, public

app_name = "appointments"

# Days are ISO dates (2026-03-02), times four digits (0930); the views check both. The private
# link's token travels in the query (?t=) or a POST body, never in the path: see views/manage.py.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.choose_service, name="start"),
    path("<int:service_id>/", public.choose_office, name="office"),
    path("<int:service_id>/<int:office_id>/", public.choose_day, name="day"),
    path("<int:service_id>/<int:office_id>/<str:day>/", public.choose_time, name="time"),
    path(
        "<int:service_id>/<int:office_id>/<str:day>/<str:time>/",
        public.details,
        name="details",
    ),
    path("manage/", manage.manage, name="manage"),
    path("manage/visit.ics", manage.ics, name="ics"),
    path("manage/cancel/", manage.cancel, name="cancel"),
    path("manage/move/", manage.move_day, name="move_day"),
    path("manage/move/time/", manage.move_time, name="move_time"),
    # Links of the old shape, in mail sent before: they redirect and are never generated again.
    path("visit/<str:token>/", manage.legacy),
    path("visit/<str:token>/visit.ics", manage.legacy, {"to": "ics"}),
    path("visit/<str:token>/cancel/", manage.legacy, {"to": "cancel"}),
    path("visit/<str:token>/move/", manage.legacy, {"to": "move_day"}),
    path("visit/<str:token>/move/<str:day>/", manage.legacy_move_time),
]
