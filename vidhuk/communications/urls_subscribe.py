"""Subscriptions without an account under /<centre>/subscribe/."""

from django.urls import URLPattern, URLResolver, path

from .views import subscriptions_public as views

app_name = "communications_subscribe"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.subscribe, name="subscribe"),
    path("sent/", views.sent, name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("p/<int:pk>/<str:signature>/", views.preferences, name="preferences"),
    path("u/<int:pk>/<str:signature>/", views.unsubscribe, name="unsubscribe"),
]
