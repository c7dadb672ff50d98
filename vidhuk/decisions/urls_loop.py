"""The loop's back-office pages, mounted beside the staff's own under /staff/<centre>/decisions/
(namespace "decisions_loop"): adding evidence from other apps' pages, the «you said» draft, the
letters to print, a decision's effect and its indicators."""

from django.urls import URLPattern, URLResolver, path

from .views import loop_evidence, loop_notices

app_name = "decisions_loop"

urlpatterns: list[URLPattern | URLResolver] = [
    path("evidence/add/", loop_evidence.evidence_add_view, name="evidence_add"),
    path("findings/<int:pk>/summary/", loop_evidence.summary_draft_view, name="summary"),
    path("letters/", loop_notices.letters_view, name="letters"),
    path("<int:pk>/effect/", loop_notices.effect_view, name="effect"),
    path("<int:pk>/indicators/new/", loop_notices.indicator_new_view, name="indicator_new"),
]
