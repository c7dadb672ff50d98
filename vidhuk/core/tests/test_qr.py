"""QR codes drawn by `core.qr` read back: the inline `<svg>` element a page or a PDF template
writes in, laid out by WeasyPrint and decoded by zxing-cpp (as a phone's camera would)."""

from __future__ import annotations

import re

import pypdfium2
import zxingcpp

from vidhuk.core.qr import qr_svg_element

TOTP_URL = "otpauth://totp/Vidhuk:olena%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Vidhuk"


def decoded(html_fragment: str) -> list[str]:
    """What a reader finds in `html_fragment` printed on an A4 page."""
    from weasyprint import HTML

    page = f"<html><body style='margin: 20mm'><div style='width: 60mm'>{html_fragment}</div>"
    pdf = HTML(string=page + "</body></html>").write_pdf()
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_an_svg_element_reads_back_and_carries_its_attributes_quoted():
    svg = qr_svg_element(
        TOTP_URL,
        attrs={"width": "220", "height": "220", "role": "img", "data-note": '"><script>x'},
    )

    assert (svg[:5], svg[-6:]) == ("<svg ", "</svg>")
    assert "<?xml" not in svg
    assert re.search(r'<svg [^>]*role="img"', svg)
    assert "<script>" not in svg
    assert decoded(svg) == [TOTP_URL]


def test_a_long_address_reads_back_at_a_receipts_size():
    link = "https://cnap.example.gov.ua/verbivka/appeals/track/?t=" + "Ab3_" * 12

    assert decoded(qr_svg_element(link, attrs={"width": "42mm", "height": "42mm"})) == [link]
