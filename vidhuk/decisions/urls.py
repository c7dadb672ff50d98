"""The public board «Ви сказали — ми зробили» under /<centre>/decisions/."""

from django.urls import URLPattern, URLResolver, path

from .feeds import DecisionsFeed
from .views import public, public_files

app_name = "decisions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.board, name="board"),
    path("feed/", DecisionsFeed(), name="feed"),
    path("calendar.ics", public_files.calendar_ics, name="calendar"),
    path("board.csv", public_files.board_csv, name="board_csv"),
    path("board.json", public_files.board_json, name="board_json"),
    path("<int:number>/", public.decision_page, name="decision"),
    path("<int:number>/poster.pdf", public_files.poster_pdf, name="poster"),
    path("<int:number>/photos/<int:pk>/", public.photo, name="photo"),
]
