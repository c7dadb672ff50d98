"""The operator's console and the figures, at /staff/<centre_slug>/queue/ ("queue_staff")."""

from django.urls import URLPattern, URLResolver, path

from .views import staff, staff_devices, staff_figures

app_name = "queue_staff"

TICKET = "window/<int:pk>/ticket/<int:ticket_pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.windows, name="windows"),
    path("window/<int:pk>/", staff.console, name="console"),
    path("window/<int:pk>/line/", staff.console_line, name="console_line"),
    path("window/<int:pk>/call-next/", staff.call_next, name="call_next"),
    path(TICKET + "call-again/", staff.call_again, name="call_again"),
    path(TICKET + "transfer/", staff.transfer, name="transfer"),
    path(TICKET + "no-show/", staff.no_show, name="no_show"),
    path(TICKET + "finish/", staff.finish, name="finish"),
    path(TICKET + "receipt/", staff.receipt, name="receipt"),
    path("figures/", staff_figures.figures, name="figures"),
    path("figures/export.csv", staff_figures.export, name="export"),
    path("devices/", staff_devices.devices, name="devices"),
    path("devices/new/", staff_devices.device_register, name="device_register"),
    path("devices/<int:pk>/", staff_devices.device, name="device"),
    path("devices/<int:pk>/revoke/", staff_devices.device_revoke, name="device_revoke"),
]
