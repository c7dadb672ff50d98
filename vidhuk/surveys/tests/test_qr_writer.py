"""The QR writer (zxing-cpp since 2026-12): its codes read back, scale as images, and a page
identifier keeps the symbol size the pure-Python writer gave it, so the quiet zone the scanner
expects of forms printed before is the same."""

import io
import random

import numpy
import pytest
import qrcode
import zxingcpp
from PIL import Image

from vidhuk.core.qr import QUIET_ZONE, qr_png, qr_quiet_share, qr_svg
from vidhuk.surveys.qr import page_payload


def _identifiers() -> list[str]:
    rng = random.Random(2026)
    numbered = [
        page_payload(
            questionnaire_id=rng.randint(1, 10**6),
            version_id=rng.randint(1, 10**6),
            page=rng.randint(1, 40),
            serial=rng.randint(1, 10**7),
        )
        for _ in range(60)
    ]
    older = [
        page_payload(questionnaire_id=rng.randint(1, 999), version_id=rng.randint(1, 999), page=p)
        for p in range(1, 21)
    ]
    return numbered + older


@pytest.mark.parametrize("payload", _identifiers())
def test_a_page_identifier_keeps_the_size_the_earlier_writer_printed(payload):
    earlier = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    earlier.add_data(payload)
    earlier.make(fit=True)

    assert qr_quiet_share(payload) == QUIET_ZONE / (earlier.modules_count + 2 * QUIET_ZONE)


def test_the_png_reads_back_with_its_quiet_zone():
    url = "https://cnap.example.gov.ua/verbivka/queue/main/ticket/?t=AB12CD34EF56GH78"
    image = Image.open(io.BytesIO(qr_png(url, module_pixels=4))).convert("L")
    pixels = numpy.asarray(image)

    assert [code.text for code in zxingcpp.read_barcodes(pixels)] == [url]
    # Four white modules of four pixels each around the symbol.
    assert pixels[:16, :].min() == 255
    assert pixels[:, :16].min() == 255
    assert pixels[16:20, 16:20].max() == 0  # the finder pattern's dark corner


def test_the_svg_scales_to_any_size_and_draws_black_on_white():
    svg = qr_svg("VIDHUK:SURVEY:12:34:1:5678:9").decode()
    side = 25 + 2 * QUIET_ZONE  # version 2

    assert f'viewBox="0 0 {side} {side}"' in svg
    assert f'width="{side}mm"' in svg
    assert '<rect fill="white"' in svg
    assert '<path fill="black" d="M4,4h7v1h-7z' in svg
