"""Subscriptions without an account under /<centre>/subscribe/."""

from django.urls import URLPattern, URLResolver

app_name = "communications_subscribe"

urlpatterns: list[URLPattern | URLResolver] = []
