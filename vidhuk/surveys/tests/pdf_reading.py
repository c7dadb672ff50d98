"""PDFs read back as a person or a scanner would: the text of each page, the QR codes each page
holds (rendered at 150 dpi and decoded with zxing-cpp), and the size a text is printed at."""

from __future__ import annotations

import io

import pypdfium2
import zxingcpp
from pypdf import PdfReader


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def page_codes(pdf: bytes) -> list[list[str]]:
    """The QR codes each page holds, decoded from a 150 dpi rendering."""
    document = pypdfium2.PdfDocument(pdf)
    decoded = []
    for page in document:
        image = page.render(scale=150 / 72).to_pil()
        decoded.append([barcode.text for barcode in zxingcpp.read_barcodes(image)])
    return decoded


def font_size_of(pdf: bytes, needle: str) -> float:
    """The size in points at which ``needle`` is printed (its first occurrence)."""
    sizes: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if needle in text and not sizes:
            sizes.append(round(font_size * abs(tm[3]) * abs(cm[3]), 1))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes[0]
