from django.urls import path

from . import views

app_name = "backoffice"
urlpatterns = [
    path("", views.choose_centre, name="choose_centre"),
    path("<slug:centre_slug>/", views.home, name="home"),
    path("<slug:centre_slug>/centre/", views.centre_edit, name="centre_edit"),
    path("<slug:centre_slug>/offices/", views.office_list, name="office_list"),
    path("<slug:centre_slug>/offices/new/", views.office_create_view, name="office_create"),
    path("<slug:centre_slug>/offices/<int:pk>/", views.office_edit, name="office_edit"),
    path("<slug:centre_slug>/offices/<int:pk>/hours/", views.office_hours, name="office_hours"),
    path(
        "<slug:centre_slug>/offices/<int:pk>/special-days/",
        views.office_special_days,
        name="office_special_days",
    ),
    path("<slug:centre_slug>/calendar/", views.centre_calendar, name="centre_calendar"),
    path("<slug:centre_slug>/audit/", views.audit_log, name="audit_log"),
]
