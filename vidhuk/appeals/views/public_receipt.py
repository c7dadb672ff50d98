"""The receipt the confirmation page shows, carried in its address instead of a session.

After a submission the form redirects to `/<centre>/appeals/sent/?r=<signed>`: the tracker token
the page shows anyway, signed with the site's secret (django.core.signing) and readable for
RECEIPT_MAX_AGE seconds, and shown once: the first view spends it (one row in core's spent
stamps, `antiabuse.signed_value_spend`), so a reload or the browser's history shows the page
without the link, as the page says. Nothing else rides in the address — no name, no contact,
nothing of an anonymous writer — and no session row is written for it (issue 15, part 4: a
submission writes nothing it does not need). The page reads the case by the token, as the
tracker does.
"""

from __future__ import annotations

from typing import Any

from django.core import signing

from vidhuk.core import antiabuse
from vidhuk.core.models import Centre

from ..mail import tracker_url
from ..selectors import appeal_get_by_tracker_token
from ..services import Registered

RECEIPT_PARAMETER = "r"
RECEIPT_SALT = "vidhuk.appeals.receipt"
# Long enough for a slow phone to follow the redirect and reload once; the e-mail keeps the rest.
RECEIPT_MAX_AGE = 15 * 60


def receipt_sign(registered: Registered) -> str:
    """The signed receipt of a registered (or repeated) submission, for the redirect."""
    return signing.dumps({"t": registered.tracker_token}, salt=RECEIPT_SALT, compress=False)


def receipt_read(signed: str, *, centre: Centre, base_url: str) -> dict[str, Any] | None:
    """What the confirmation shows, or None for a missing, forged, expired or unknown receipt."""
    if not signed or len(signed) > 300:
        return None
    try:
        payload = signing.loads(signed, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return None
    token = str(payload.get("t", "")) if isinstance(payload, dict) else ""
    appeal = appeal_get_by_tracker_token(centre=centre, token=token)
    if appeal is None:
        return None
    if not antiabuse.signed_value_spend(signed, purpose=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE):
        return None
    return {
        "registration_index": appeal.registration_index,
        "kind": str(appeal.get_kind_display()),
        "tracker_url": tracker_url(base_url=base_url, centre=centre, token=token),
        "has_email": bool(appeal.email),
        "due_at": appeal.due_at,
        "is_feedback": appeal.is_feedback,
    }
