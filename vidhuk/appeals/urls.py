"""Public pages of appeals, mounted at /<centre_slug>/appeals/ (namespace "appeals")."""

from django.urls import URLPattern, URLResolver, path, re_path

from .views import public, public_track

app_name = "appeals"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.start, name="start"),
    re_path(r"^(?P<group>feedback|appeal)/$", public.choose_kind, name="kind"),
    path("who/<slug:kind>/", public.choose_identity, name="who"),
    path("new/<slug:kind>/", public.appeal_form, name="form"),
    path("new/<slug:kind>/anonymous/", public.appeal_form_anonymous, name="form_anonymous"),
    path("sent/", public.sent, name="sent"),
    # The tracker: mail.py's `tracker_url` links here with the token in the query (?t=…), never
    # in a path; the find forms post it, or the registration index and contact.
    path("track/", public_track.find, name="find"),
    # Links mailed before the token left the path still open the tracker; none are made now.
    path("track/<str:token>/", public_track.track, name="track"),
]
