"""QR codes for print: visit codes on slips and receipts, page identifiers on paper forms.

Reusable by any part that prints a QR code (the queue ticket prints a visit code the same way):
``qr_svg``/``qr_png`` take the text to encode and return the image bytes, ``qr_data_uri`` the
same as a ``data:`` address for an ``<img>`` in a WeasyPrint template, ``visit_url`` builds the
absolute address a visit code's QR code holds (the code in its query, never its path) and
``visit_code_qr`` does both for one code.

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

import base64
import io
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy
import zxingcpp
from django.urls import reverse
from PIL import Image

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

# Medium correction (15 %): survives a crease or a pen stroke on paper.
ERROR_CORRECTION = "M"
# The quiet zone the QR specification asks for, in modules.
QUIET_ZONE = 4


def _modules(data: str) -> list[list[bool]]:
    """The symbol's dark modules, row by row, without the quiet zone.

    Written by zxing-cpp, the same library that reads the scanned pages: in C++, about 0.7 ms a
    code against 9 ms for the pure-Python ``qrcode`` package this module used before (a kiosk's
    ticket page draws one per ticket, a print run one per page). For the page identifiers both
    choose the same version, so forms printed before read the same (``qr_quiet_share``)."""
    symbol = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_CORRECTION)
    pixels = numpy.asarray(symbol.to_image(scale=1, add_quiet_zones=False))
    return (pixels < 128).tolist()  # type: ignore[no-any-return]


def qr_quiet_share(data: str) -> float:
    """The share of the printed square's side that each quiet zone takes (a scanner's reader
    finds the symbol's corners that far in from the printed square's)."""
    return QUIET_ZONE / (len(_modules(data)) + 2 * QUIET_ZONE)


def _path(modules: list[list[bool]]) -> str:
    """One SVG path: a rectangle for each run of dark modules in a row."""
    parts = []
    for y, row in enumerate(modules, start=QUIET_ZONE):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            parts.append(f"M{start + QUIET_ZONE},{y}h{x - start}v1h-{x - start}z")
    return "".join(parts)


def qr_svg(data: str) -> bytes:
    """The QR code of ``data`` as a stand-alone SVG (one path, black on white, scales freely;
    one module is a millimetre at its own size)."""
    modules = _modules(data)
    side = len(modules) + 2 * QUIET_ZONE
    return (
        f"<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<svg width="{side}mm" height="{side}mm" version="1.1" viewBox="0 0 {side} {side}" '
        f'xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges">'
        f'<rect fill="white" x="0" y="0" width="100%" height="100%"/>'
        f'<path fill="black" d="{_path(modules)}"/></svg>'
    ).encode()


def qr_png(data: str, *, module_pixels: int = 4) -> bytes:
    """The QR code of ``data`` as a PNG, ``module_pixels`` pixels per module."""
    symbol = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_CORRECTION)
    pixels = numpy.asarray(symbol.to_image(scale=1, add_quiet_zones=False))
    framed = numpy.pad(pixels, QUIET_ZONE, constant_values=255)
    scaled = framed.repeat(module_pixels, axis=0).repeat(module_pixels, axis=1)
    buffer = io.BytesIO()
    Image.fromarray(scaled.astype(numpy.uint8), mode="L").convert("1").save(buffer, format="PNG")
    return buffer.getvalue()


def qr_data_uri(data: str, *, kind: str = "svg") -> str:
    """``data:`` address of the QR code, for ``<img src>`` in a PDF template.

    SVG is sharp at any size; PNG (``kind="png"``) lays out several times faster in WeasyPrint,
    which counts when a PDF holds a thousand codes. Print a PNG with ``image-rendering:
    pixelated`` so the PDF viewer does not blur its modules.
    """
    if kind == "png":
        return "data:image/png;base64," + base64.b64encode(qr_png(data)).decode("ascii")
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(data)).decode("ascii")


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
