from django.urls import URLPattern, URLResolver, path

from .views import staff, staff_schedules

app_name = "appointments_staff"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.day, name="day"),
    path("new/", staff.book, name="book"),
    path("<int:pk>/", staff.detail, name="detail"),
    path("<int:pk>/cancel/", staff.cancel, name="cancel"),
    path("<int:pk>/move/", staff.move, name="move"),
    path("schedules/", staff_schedules.overview, name="schedules"),
    path("schedules/offices/<int:office_id>/", staff_schedules.office_template, name="office"),
    path(
        "schedules/offices/<int:office_id>/windows/new/",
        staff_schedules.window_create,
        name="window_create",
    ),
    path("schedules/windows/<int:pk>/", staff_schedules.window_edit, name="window_edit"),
    path("schedules/services/", staff_schedules.services, name="services"),
    path("schedules/services/<int:pk>/", staff_schedules.service_edit, name="service_edit"),
    path("schedules/rules/", staff_schedules.policy, name="policy"),
]
