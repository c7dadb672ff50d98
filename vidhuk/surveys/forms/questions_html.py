"""The questions of a questionnaire form as Python: what `surveys/public/_questions.html` renders
from the same form (decision 0010: the template stays, as the reference;
`test_questions_html.py` holds the two to the same HTML).

The public form renders it on every page that cannot come from the page cache (answers sent back
with errors, a visit code's form): the template's loops and lookups cost as much as the fields'
own HTML, which `as_field_group` already builds in Python.
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe

from vidhuk.core.widgethtml import text


def questions_html(form: Any) -> SafeString:
    """`{% include "surveys/public/_questions.html" %}` for `form` (its `blocks()`: sections,
    each with its questions and their bound fields)."""
    parts = []
    for section in form.blocks():
        parts.append(
            '\n      <fieldset class="govuk-fieldset govuk-!-margin-bottom-6">\n'
            '        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">\n'
            f'          <h2 class="govuk-fieldset__heading">{text(section.title)}</h2>\n'
            "        </legend>\n        "
        )
        for block in section.questions:
            fields = "".join(str(bound.as_field_group()) for bound in block.fields)
            if block.is_matrix:
                parts.append(_matrix_html(block, fields))
            else:
                parts.append(f"\n        \n        {fields}\n        \n        ")
        parts.append("\n      </fieldset>\n      ")
    return mark_safe("".join(parts).strip())  # noqa: S308 — every value escaped by `text`


def _matrix_html(block: Any, fields: str) -> str:
    hint_id = f"matrix-{text(block.question.code)}-hint"
    described = f' aria-describedby="{hint_id}"' if block.hint else ""
    hint = f'<div class="govuk-hint" id="{hint_id}">{text(block.hint)}</div>' if block.hint else ""
    return (
        '\n        \n        <div class="govuk-form-group">\n'
        f'          <fieldset class="govuk-fieldset"{described}>\n'
        '            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">'
        f"{text(block.text)}</legend>\n"
        f"            {hint}\n"
        f"            {fields}\n"
        "          </fieldset>\n        </div>\n        \n        "
    )
