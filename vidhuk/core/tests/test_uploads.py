"""The one upload check: content sniffing, size and count limits, images cleaned of metadata."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from vidhuk.core import uploads
from vidhuk.testing.images import jpeg_with_gps

ATTACHMENTS = frozenset({uploads.PDF, uploads.JPEG, uploads.PNG, uploads.TEXT})
MB = 1024 * 1024
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
TEXT = "Прошу полагодити пандус.\r\n\tДякую.".encode()


def png(size: tuple[int, int] = (20, 10), **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 120, 0)).save(buffer, format="PNG", **save)
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG of nothing but its signature, IHDR and IEND: it claims a size it has no pixels for."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def check(name: str, content: bytes, *, kinds=ATTACHMENTS, max_bytes: int = 10 * MB, **options):
    file = SimpleUploadedFile(name, content)
    return uploads.upload_check(file, kinds=kinds, max_bytes=max_bytes, **options)


def opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


# --- kinds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        pytest.param("скарга.pdf", PDF, "application/pdf", id="pdf"),
        pytest.param("note.txt", TEXT, "text/plain", id="text"),
    ],
)
def test_pdf_and_text_are_kept_byte_for_byte(name, content, content_type):
    checked = check(name, content)

    assert (checked.original_name, checked.content_type, checked.content) == (
        name,
        content_type,
        content,
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type", "pillow_format"),
    [
        pytest.param("photo.JPG", jpeg_with_gps(), "image/jpeg", "JPEG", id="jpeg"),
        pytest.param("plan.png", png(), "image/png", "PNG", id="png"),
    ],
)
def test_images_are_accepted_and_stay_in_their_format(name, content, content_type, pillow_format):
    checked = check(name, content)

    assert (checked.original_name, checked.content_type, opened(checked.content).format) == (
        name,
        content_type,
        pillow_format,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("photo.jpg", PDF, id="pdf-renamed-as-jpeg"),
        pytest.param("photo.png", jpeg_with_gps(), id="jpeg-named-png"),
        pytest.param("plan.png", png()[:40], id="truncated-png"),
        pytest.param("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, id="jpeg-signature-only"),
        pytest.param("binary.txt", b"abc\x00def", id="binary-text"),
        pytest.param("macro.docm", b"PK\x03\x04zip", id="office"),
        pytest.param("noextension", PDF, id="no-extension"),
    ],
)
def test_a_file_not_of_what_its_name_says_is_refused_by_name(name, content):
    with pytest.raises(ValidationError) as refused:
        check(name, content)

    assert refused.value.messages == [
        f"Файл «{name}» не підходить: додавайте PDF, JPEG, PNG або текст (.txt)."
    ]


def test_photos_only_name_the_photo_formats_and_ignore_the_extension():
    photo = check("IMG_0001", png(), kinds=uploads.IMAGE_KINDS, match_name=False)

    with pytest.raises(ValidationError) as refused:
        check("scan.jpg", PDF, kinds=uploads.IMAGE_KINDS, match_name=False)

    assert photo.content_type == "image/png"
    assert refused.value.messages == ["Файл «scan.jpg» не є фото у форматі JPEG або PNG."]


def test_a_name_with_folders_and_a_bidi_override_is_shown_plainly():
    checked = check("C:\\Users\\maria\\\u202eгдп.pdf", PDF)

    assert checked.original_name == "гдп.pdf"


# --- limits --------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(ValidationError) as refused:
        check("big.pdf", PDF + b"0" * MB, max_bytes=MB)

    assert (refused.value.code, refused.value.messages) == (
        "too_large",
        ["Файл «big.pdf» завеликий: не більше 1 МБ."],
    )


def test_a_file_claiming_a_small_size_is_still_measured_by_what_is_read():
    file = SimpleUploadedFile("big.pdf", PDF + b"0" * MB)
    file.size = 10

    with pytest.raises(ValidationError) as refused:
        uploads.upload_check(file, kinds=ATTACHMENTS, max_bytes=MB)

    assert refused.value.code == "too_large"


def test_too_many_files_are_refused_counting_those_already_kept():
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(2)]

    with pytest.raises(ValidationError) as refused:
        uploads.uploads_check(files, kinds=ATTACHMENTS, max_bytes=MB, max_count=3, already=2)

    assert (refused.value.messages, refused.value.error_list[0].code) == (
        ["Можна додати не більше 3 файлів."],
        "too_many_files",
    )


def test_each_refused_file_gets_its_own_message():
    files = [
        SimpleUploadedFile("a.pdf", PDF),
        SimpleUploadedFile("b.png", PDF),
        SimpleUploadedFile("c.txt", b"\x00"),
    ]

    with pytest.raises(ValidationError) as refused:
        uploads.uploads_check(files, kinds=ATTACHMENTS, max_bytes=MB, max_count=5)

    assert refused.value.messages == [
        "Файл «b.png» не підходить: додавайте PDF, JPEG, PNG або текст (.txt).",
        "Файл «c.txt» не підходить: додавайте PDF, JPEG, PNG або текст (.txt).",
    ]


def test_a_70_megapixel_png_header_is_refused_before_decoding():
    # Only a header: decoding would fail as a broken file, so this message proves nothing was.
    bomb = png_header(10_000, 7_000)

    with pytest.raises(ValidationError) as refused:
        check("bomb.png", bomb)

    assert (refused.value.code, refused.value.messages, len(bomb)) == (
        "too_many_pixels",
        ["Фото «bomb.png» має завелику роздільність."],
        45,
    )


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    "size",
    [
        pytest.param((12_000, 10_000), id="120-megapixels-pillow-warns"),
        pytest.param((20_000, 20_000), id="400-megapixels-pillow-refuses"),
    ],
)
def test_a_header_past_pillows_own_bomb_limits_gets_the_same_message(size):
    with pytest.raises(ValidationError) as refused:
        check("bomb.png", png_header(*size))

    assert refused.value.messages == ["Фото «bomb.png» має завелику роздільність."]


# --- metadata ------------------------------------------------------------------------------------


def test_exif_with_the_gps_position_is_stripped_from_a_jpeg():
    original = jpeg_with_gps()

    checked = check("IMG.jpg", original)

    image = opened(checked.content)
    assert b"Phonemaker" in original
    assert (b"Exif" in checked.content, b"Phonemaker" in checked.content) == (False, False)
    assert (dict(image.getexif()), image.info.get("exif")) == ({}, None)


def test_text_chunks_icc_and_exif_are_stripped_from_a_png():
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "Вербівка, вул. Садова, 5")
    exif = Image.Exif()
    exif[0x010F] = "Phonemaker"
    icc = b"\x00" * 128 + b"acspICCPROFILE"
    original = png(pnginfo=text, exif=exif, icc_profile=icc)

    checked = check("plan.png", original)

    image = opened(checked.content)
    assert b"Phonemaker" in original
    assert (image.text, image.info.get("icc_profile"), dict(image.getexif())) == ({}, None, {})
    assert b"Phonemaker" not in checked.content


def test_a_photo_taken_sideways_is_turned_upright():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    Image.new("RGB", (40, 20), (10, 10, 10)).save(buffer, format="JPEG", exif=exif)

    checked = check("queue.jpg", buffer.getvalue())

    assert opened(checked.content).size == (20, 40)


def test_a_large_image_is_kept_at_twelve_megapixels():
    checked = check("wall.png", png((5000, 3000)))

    width, height = opened(checked.content).size
    assert uploads.KEPT_PHOTO_PIXELS * 0.95 < width * height <= uploads.KEPT_PHOTO_PIXELS
