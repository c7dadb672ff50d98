"""Every write of questionnaires, responses and visit tokens (keyword-only, audited, atomic).

Import from here: `from vidhuk.surveys.services import response_submit`.
"""

from .builder import (
    default_definitions,
    question_add,
    question_move,
    question_remove,
    question_update,
    questionnaire_create,
    questionnaire_install_defaults,
    section_add,
    version_new_draft,
    version_publish,
    version_validate,
)
from .responses import (
    VISIT_TOKEN_VALID_DAYS,
    answers_validate,
    is_shown,
    response_submit,
    visit_tokens_issue,
)

__all__ = [
    "VISIT_TOKEN_VALID_DAYS",
    "answers_validate",
    "default_definitions",
    "is_shown",
    "question_add",
    "question_move",
    "question_remove",
    "question_update",
    "questionnaire_create",
    "questionnaire_install_defaults",
    "response_submit",
    "section_add",
    "version_new_draft",
    "version_publish",
    "version_validate",
    "visit_tokens_issue",
]
