"""Large photos are kept at 12 megapixels at most, upright and without metadata."""

import io

from PIL import Image

from vidhuk.core.uploads import KEPT_PHOTO_PIXELS
from vidhuk.mystery.services import photo_clean

from . import fixtures as fx


def _jpeg(size: tuple[int, int], *, orientation: int = 1) -> bytes:
    image = Image.new("RGB", size, (30, 90, 200))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Phonemaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=60)
    return buffer.getvalue()


def _size_of(data: bytes) -> tuple[int, int, str | None]:
    with Image.open(io.BytesIO(data)) as image:
        return image.width, image.height, image.info.get("exif")


def test_a_24_megapixel_photo_is_kept_at_12_megapixels_with_its_shape():
    clean = photo_clean(fx.upload("wall.jpg", _jpeg((6000, 4000))))

    width, height, exif = _size_of(clean.content)
    assert width * height <= KEPT_PHOTO_PIXELS
    assert width * height > KEPT_PHOTO_PIXELS * 0.95
    assert round(width / height, 2) == 1.5
    assert exif is None


def test_a_large_photo_taken_sideways_is_turned_upright_before_scaling():
    clean = photo_clean(fx.upload("queue.jpg", _jpeg((6000, 4000), orientation=6)))

    width, height, _exif = _size_of(clean.content)
    assert width < height
    assert width * height <= KEPT_PHOTO_PIXELS


def test_a_large_png_is_scaled_too():
    buffer = io.BytesIO()
    Image.new("RGB", (5000, 3000), (0, 120, 0)).save(buffer, format="PNG")

    clean = photo_clean(fx.upload("plan.png", buffer.getvalue(), "image/png"))

    width, height, _exif = _size_of(clean.content)
    assert (width * height <= KEPT_PHOTO_PIXELS, round(width / height, 2)) == (True, 1.67)


def test_a_phone_sized_photo_keeps_its_size():
    clean = photo_clean(fx.upload("desk.jpg", _jpeg((4000, 3000))))

    assert _size_of(clean.content)[:2] == (4000, 3000)
