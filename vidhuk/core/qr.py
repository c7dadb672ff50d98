"""QR codes, written by zxing-cpp (the same library that reads the scanned pages back):
``qr_svg``/``qr_png`` take the text to encode and return the image bytes, ``qr_svg_element`` the
``<svg>`` element to place in a page or a PDF template, ``qr_data_uri`` a ``data:`` address for
an ``<img>`` in a WeasyPrint template. One writer for every part that shows or prints a code: a
kiosk's ticket, a visit code's slip, a paper form's page identifier, a case's receipt, a poster,
the authenticator's set-up.
"""

from __future__ import annotations

import base64
import io
from xml.sax.saxutils import quoteattr

import numpy
import zxingcpp
from PIL import Image

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


def qr_svg_element(data: str, *, attrs: dict[str, str] | None = None) -> str:
    """The QR code of ``data`` as an ``<svg>`` element to write into HTML (no XML declaration),
    with ``attrs`` (width, height, role, aria-labelledby, …) on it; it scales to whatever size
    they or the page's CSS give it."""
    modules = _modules(data)
    side = len(modules) + 2 * QUIET_ZONE
    extra = "".join(f" {name}={quoteattr(value)}" for name, value in (attrs or {}).items())
    return (
        f'<svg viewBox="0 0 {side} {side}" xmlns="http://www.w3.org/2000/svg" '
        f'shape-rendering="crispEdges"{extra}>'
        f'<rect fill="white" x="0" y="0" width="{side}" height="{side}"/>'
        f'<path fill="black" d="{_path(modules)}"/></svg>'
    )
