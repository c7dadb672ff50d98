"""Every write of findings, evidence, decisions and their execution (issue 12)."""

from .decisions import (
    decision_create,
    decision_order_scan_set,
    decision_transition,
    decision_update,
)
from .execution import (
    PhotoIntake,
    indicator_add,
    milestone_done,
    milestone_save,
    progress_update_add,
)
from .findings import (
    decisions_settings_update,
    evidence_add,
    evidence_remove,
    finding_close_no_action,
    finding_create,
    finding_decide,
    finding_due_on,
    finding_reopen,
    finding_update,
)

__all__ = [
    "PhotoIntake",
    "decision_create",
    "decision_order_scan_set",
    "decision_transition",
    "decision_update",
    "decisions_settings_update",
    "evidence_add",
    "evidence_remove",
    "finding_close_no_action",
    "finding_create",
    "finding_decide",
    "finding_due_on",
    "finding_reopen",
    "finding_update",
    "indicator_add",
    "milestone_done",
    "milestone_save",
    "progress_update_add",
]
