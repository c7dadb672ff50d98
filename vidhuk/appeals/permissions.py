"""Small predicates about what a member may do with appeals. Views and selectors call these.

Every predicate first checks that the case belongs to the member's centre.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vidhuk.accounts.permissions import has_capability
from vidhuk.appeals.capabilities import Capability

from .choices import OPEN_STATUSES

if TYPE_CHECKING:
    from vidhuk.accounts.models import Membership

    from .models import Appeal


def _same_centre(membership: Membership | None, appeal: Appeal) -> bool:
    return membership is not None and membership.centre_id == appeal.centre_id


def can_view_appeals(membership: Membership | None) -> bool:
    return has_capability(membership, Capability.APPEALS_READ)


def can_register_appeals(membership: Membership | None) -> bool:
    return has_capability(membership, Capability.APPEALS_REGISTER)


def can_view_appeal(membership: Membership | None, appeal: Appeal) -> bool:
    return _same_centre(membership, appeal) and can_view_appeals(membership)


def can_assign_appeal(membership: Membership | None, appeal: Appeal) -> bool:
    return (
        _same_centre(membership, appeal)
        and appeal.status in OPEN_STATUSES
        and has_capability(membership, Capability.APPEALS_ASSIGN)
    )


def can_work_on_appeal(membership: Membership | None, appeal: Appeal) -> bool:
    """Take into work, note, extend, answer, close, return, forward: a member who works on
    appeals, when the case is theirs or nobody's, or who may also assign cases."""
    if not _same_centre(membership, appeal) or membership is None:
        return False
    if not has_capability(membership, Capability.APPEALS_WORK):
        return False
    if has_capability(membership, Capability.APPEALS_ASSIGN):
        return True
    return appeal.executor_id in (None, membership.user_id)


def can_answer_appeal(membership: Membership | None, appeal: Appeal) -> bool:
    return can_work_on_appeal(membership, appeal) and appeal.status in OPEN_STATUSES


def can_manage_personal_data(membership: Membership | None) -> bool:
    """Export an applicant's data, anonymise a case, change retention and digest settings."""
    return has_capability(membership, Capability.APPEALS_MANAGE)


def can_see_personal_data(membership: Membership | None, appeal: Appeal) -> bool:
    """Art. 10 of Law 393/96-ВР: the applicant's data only to those who consider the case or who
    manage personal data. Readers and the hotline operator see the case without it."""
    return can_work_on_appeal(membership, appeal) or (
        can_manage_personal_data(membership) and _same_centre(membership, appeal)
    )


def personal_search_scope(membership: Membership | None) -> str:
    """What the inbox's text search may read for this member (see ``InboxFilters``)."""
    if can_manage_personal_data(membership) or has_capability(
        membership, Capability.APPEALS_ASSIGN
    ):
        return "all"
    if has_capability(membership, Capability.APPEALS_WORK):
        return "own"
    return "index"
