"""Public events and hearings of a centre under /<centre>/events/."""

from django.urls import URLPattern, URLResolver, path

from .views import events_public

app_name = "communications_events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", events_public.event_list, name="list"),
    path("calendar.ics", events_public.calendar_ics, name="calendar"),
    path("<int:pk>/", events_public.event_page, name="event"),
    path("<int:pk>/event.ics", events_public.event_ics, name="event_ics"),
    path("<int:pk>/register/", events_public.register, name="register"),
    path("<int:pk>/registration/", events_public.registration, name="registration"),
    path(
        "<int:pk>/registration/cancel/",
        events_public.registration_cancel_view,
        name="registration_cancel",
    ),
    path("<int:pk>/documents/<int:document_pk>/", events_public.document, name="document"),
]
