"""The public board «Ви сказали — ми зробили» under /<centre>/decisions/."""

from django.urls import URLPattern, URLResolver

app_name = "decisions"

urlpatterns: list[URLPattern | URLResolver] = []
