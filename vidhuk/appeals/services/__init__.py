"""Every write of appeals, information requests and feedback (keyword-only, audited, atomic).

Import from here: `from vidhuk.appeals.services import appeal_submit`.
"""

from ._common import normalise_phone
from .attachments import attachment_check, attachments_check
from .card import appeal_set_co_executors, appeal_set_questions, appeal_set_resolution
from .casework import (
    appeal_add_note,
    appeal_answer,
    appeal_assign,
    appeal_bulk_assign,
    appeal_close,
    appeal_extend,
    appeal_forward,
    appeal_mark_not_considered,
    appeal_return_noncompliant,
    appeal_set_needs_study,
    appeal_take_into_work,
    appeals_deadlines_recompute,
)
from .channels import box_opening_create, hotline_call_log, hotline_call_make_case
from .intake import (
    AppealIntake,
    Applicant,
    BoxEntry,
    ChannelDetails,
    Demographics,
    Registered,
    RegistrationCard,
)
from .personal_data import (
    PERSONAL_FIELDS,
    appeal_anonymise,
    appeal_personal_data_viewed,
    appeals_anonymise_expired,
    appeals_settings_update,
    applicant_data_export,
)
from .registration import appeal_register, appeal_submit

__all__ = [
    "PERSONAL_FIELDS",
    "AppealIntake",
    "Applicant",
    "BoxEntry",
    "ChannelDetails",
    "Demographics",
    "Registered",
    "RegistrationCard",
    "appeal_add_note",
    "appeal_anonymise",
    "appeal_answer",
    "appeal_assign",
    "appeal_bulk_assign",
    "appeal_close",
    "appeal_extend",
    "appeal_forward",
    "appeal_mark_not_considered",
    "appeal_personal_data_viewed",
    "appeal_set_co_executors",
    "appeal_set_questions",
    "appeal_set_resolution",
    "appeal_register",
    "appeal_return_noncompliant",
    "appeal_set_needs_study",
    "appeal_submit",
    "appeal_take_into_work",
    "appeals_anonymise_expired",
    "appeals_deadlines_recompute",
    "appeals_settings_update",
    "applicant_data_export",
    "attachment_check",
    "attachments_check",
    "box_opening_create",
    "hotline_call_log",
    "hotline_call_make_case",
    "normalise_phone",
]
