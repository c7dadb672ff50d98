"""The back office's findings and decisions under /staff/<centre>/decisions/."""

from django.urls import URLPattern, URLResolver, path

from .views import staff_decisions, staff_execution, staff_findings

app_name = "decisions_staff"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff_findings.finding_list, name="findings"),
    path("findings/new/", staff_findings.finding_new, name="finding_new"),
    path("findings/<int:pk>/", staff_findings.finding_detail, name="finding"),
    path("findings/<int:pk>/edit/", staff_findings.finding_edit, name="finding_edit"),
    path(
        "findings/<int:pk>/no-action/", staff_findings.finding_no_action, name="finding_no_action"
    ),
    path("findings/<int:pk>/reopen/", staff_findings.finding_reopen_view, name="finding_reopen"),
    path("findings/<int:pk>/link/", staff_findings.finding_link_decision, name="finding_link"),
    path(
        "findings/<int:pk>/evidence/<int:evidence_pk>/remove/",
        staff_findings.evidence_remove_view,
        name="evidence_remove",
    ),
    path("list/", staff_decisions.decision_list, name="decisions"),
    path("new/", staff_decisions.decision_new, name="decision_new"),
    path("settings/", staff_decisions.settings_view, name="settings"),
    path("<int:pk>/", staff_decisions.decision_detail, name="decision"),
    path("<int:pk>/edit/", staff_decisions.decision_edit, name="decision_edit"),
    path("<int:pk>/state/", staff_decisions.decision_transition_view, name="transition"),
    path("<int:pk>/order.pdf", staff_decisions.order_scan, name="order_scan"),
    path("<int:pk>/milestones/new/", staff_execution.milestone_new, name="milestone_new"),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/",
        staff_execution.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/done/",
        staff_execution.milestone_done_view,
        name="milestone_done",
    ),
    path("<int:pk>/updates/new/", staff_execution.update_new, name="update_new"),
    path("<int:pk>/photos/<int:photo_pk>/", staff_execution.photo, name="photo"),
]
