from django.urls import URLPattern, URLResolver, path

from .views import public

app_name = "appointments"

# Days are ISO dates (2026-03-02), times four digits (0930); the views check both.
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
    path("visit/<str:token>/", public.manage, name="manage"),
    path("visit/<str:token>/visit.ics", public.ics, name="ics"),
    path("visit/<str:token>/cancel/", public.cancel, name="cancel"),
    path("visit/<str:token>/move/", public.move_day, name="move_day"),
    path("visit/<str:token>/move/<str:day>/", public.move_time, name="move_time"),
]
