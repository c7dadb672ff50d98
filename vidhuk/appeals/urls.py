"""Public pages of appeals, mounted at /<centre_slug>/appeals/ (namespace "appeals")."""

from django.urls import URLPattern, URLResolver, path, re_path

from .views import public

app_name = "appeals"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.start, name="start"),
    re_path(r"^(?P<group>feedback|appeal)/$", public.choose_kind, name="kind"),
    path("who/<slug:kind>/", public.choose_identity, name="who"),
    path("new/<slug:kind>/", public.appeal_form, name="form"),
    path("new/<slug:kind>/anonymous/", public.appeal_form_anonymous, name="form_anonymous"),
    path("sent/", public.sent, name="sent"),
    path("track/", public.find, name="find"),
    # The name is fixed: mail.py builds the link in the registration e-mail from it.
    path("track/<str:token>/", public.track, name="track"),
]
