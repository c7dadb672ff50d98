"""QR codes for print: visit codes on slips and receipts, page identifiers on paper forms.

The codes themselves are drawn by ``vidhuk.core.qr``. Here: ``visit_url`` builds the absolute
address a visit code's QR code holds (the code in its query, never its path), ``visit_code_qr``
draws it for one code, and the paper forms' page identifiers are written and read back.

Page identifier of a paper questionnaire (read back by scanning, ``parse_page_payload``)::

    VIDHUK:SURVEY:<questionnaire_id>:<version_id>:<page>:<serial>:<check>

``questionnaire_id`` and ``version_id`` are database ids (``Questionnaire.pk`` and
``QuestionnaireVersion.pk``), ``page`` counts from 1, ``serial`` is the sheet's number in its
centre's print runs (``surveys.models.PrintRun``: every page of one printed copy carries the same
serial, so the pages of a sheet stay together and a sheet scanned twice is known), ``check`` a
Damm check digit over the four numbers (a misread or hand-altered identifier is not taken for
another sheet's). Written in capitals, the text is in the QR code's alphanumeric mode: with the
serial it still fits the same small symbol (version 2, 25 modules) as the older identifier.

Forms printed before serials (and the unnumbered preview PDF) carry
``vidhuk:survey:<questionnaire_id>:<version_id>:<page>``; they still read, with ``serial`` None.
The same text is printed in small type beside the code, so a person can read it when the code is
damaged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from vidhuk.core.qr import qr_png, qr_svg
from vidhuk.core.tokens import code_normalise

PAGE_PAYLOAD_PREFIX = "vidhuk:survey"
_PAGE_PAYLOAD = re.compile(
    rf"^{PAGE_PAYLOAD_PREFIX}:(\d{{1,9}}):(\d{{1,9}}):(\d{{1,3}})(?::(\d{{1,9}}):(\d))?$",
    re.IGNORECASE,
)
# The Damm algorithm's quasigroup: one check digit catching every single-digit error and every
# swap of two neighbouring digits.
_DAMM = (
    "0317598642", "7092154863", "4206871359", "1750983426", "6123045978",
    "3674209581", "5869720134", "8945362017", "9438617205", "2581436790",
)  # fmt: skip


def visit_url(*, base_url: str, centre_slug: str, code: str) -> str:
    """The absolute address a visit code opens: ``<scheme>://<host>/<centre>/survey/v/?code=…``.

    The code rides in the query string of that first GET only, never in the path, so an access
    log that drops query strings never pairs an answer with a ticket (docs/operations.md); the
    page then posts it. ``base_url`` is the scheme and host of the request that prints the code.
    """
    path = reverse("surveys:visit_code", kwargs={"centre_slug": centre_slug})
    return base_url.rstrip("/") + path + "?" + urlencode({"code": code})


def visit_code_qr(*, base_url: str, centre_slug: str, code: str, kind: str = "svg") -> bytes:
    """The QR code of a visit code's address, as SVG (``kind="svg"``) or PNG bytes — what a
    queue ticket or a receipt prints beside the code (``display_code``)."""
    url = visit_url(base_url=base_url, centre_slug=centre_slug, code=display_code(code))
    return qr_png(url) if kind == "png" else qr_svg(url)


def display_code(code: str) -> str:
    """A code in groups of four for typing by hand (``ABCD-EFGH-JKLM``); hyphens are ignored
    when the code is read back."""
    plain = code_normalise(code)
    return "-".join(plain[i : i + 4] for i in range(0, len(plain), 4))


@dataclass(frozen=True)
class PageId:
    questionnaire_id: int
    version_id: int
    page: int
    serial: int | None = None  # None: a form printed before serials


def damm_digit(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = int(_DAMM[interim][int(digit)])
    return interim


def _check_digit(questionnaire_id: int, version_id: int, page: int, serial: int) -> int:
    # Fixed widths, so that moving a digit from one number to the next changes the check.
    return damm_digit(f"{questionnaire_id:09d}{version_id:09d}{page:03d}{serial:09d}")


def page_payload(
    *, questionnaire_id: int, version_id: int, page: int, serial: int | None = None
) -> str:
    """The page identifier; without ``serial``, the older form (an unnumbered copy)."""
    if serial is None:
        return f"{PAGE_PAYLOAD_PREFIX}:{questionnaire_id}:{version_id}:{page}"
    check = _check_digit(questionnaire_id, version_id, page, serial)
    return f"{PAGE_PAYLOAD_PREFIX}:{questionnaire_id}:{version_id}:{page}:{serial}:{check}".upper()


def parse_page_payload(payload: str) -> PageId | None:
    """The page a scanned QR code names, or None when it is not a Vidhuk page identifier (or
    its check digit does not match its numbers)."""
    match = _PAGE_PAYLOAD.match(payload.strip())
    if match is None:
        return None
    questionnaire_id, version_id, page = (int(group) for group in match.groups()[:3])
    serial_text, check = match.group(4), match.group(5)
    serial = int(serial_text) if serial_text is not None else None
    if serial is not None and int(check) != _check_digit(
        questionnaire_id, version_id, page, serial
    ):
        return None
    return PageId(
        questionnaire_id=questionnaire_id, version_id=version_id, page=page, serial=serial
    )
