"""Every write of questionnaires, responses and visit tokens (keyword-only, audited, atomic).

Import from here: `from vidhuk.surveys.services import response_submit`.
"""

from .questionnaires import (
    default_definitions,
    questionnaire_create,
    questionnaire_install_defaults,
)
from .questions import question_add, question_move, question_remove, question_update
from .responses import (
    VISIT_TOKEN_VALID_DAYS,
    answers_validate,
    is_shown,
    response_submit,
    visit_tokens_issue,
)
from .sections import section_add
from .version_checks import version_validate
from .versions import version_new_draft, version_publish

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
