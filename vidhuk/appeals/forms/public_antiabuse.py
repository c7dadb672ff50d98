"""The public form's signed stamp (vidhuk.core.formguard): when the form was shown, to whom."""

from __future__ import annotations

from vidhuk.core import antiabuse

FORM_STAMP_SALT = "vidhuk.appeals.public.form-stamp"


def issue_form_stamp(*, client: str = "") -> str:
    """A signed note of when the form was shown and to whom (vidhuk.core.antiabuse)."""
    return antiabuse.issue_form_stamp(salt=FORM_STAMP_SALT, client=client)
