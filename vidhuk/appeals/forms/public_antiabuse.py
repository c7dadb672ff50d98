"""The public form's signed stamp (vidhuk.core.antiabuse): when the form was shown, to whom."""

from __future__ import annotations

from vidhuk.core import antiabuse

# A person needs more than this to read and fill in a form; a script does not (issue 3, §7).
FORM_MIN_SECONDS = 3
# A form left open longer than this is refused and re-issued, so a signed stamp cannot be reused.
FORM_MAX_SECONDS = 24 * 60 * 60
FORM_STAMP_SALT = "vidhuk.appeals.public.form-stamp"


def issue_form_stamp(*, client: str = "") -> str:
    """A signed note of when the form was shown and to whom (vidhuk.core.antiabuse)."""
    return antiabuse.issue_form_stamp(salt=FORM_STAMP_SALT, client=client)


def form_stamp_age(stamp: str) -> float | None:
    """Seconds since the form was shown, or None when missing, forged or too old."""
    return antiabuse.form_stamp_age(stamp, salt=FORM_STAMP_SALT, max_age=FORM_MAX_SECONDS)
