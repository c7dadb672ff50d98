"""One check for every uploaded file: residents' attachments to appeals, the mystery shopper's
photos, and the tables staff import (issue 11: shared plumbing once).

A file is judged by its content, never by its name or the content type the browser sent: PDF,
JPEG and PNG by their signatures, text by decoding as UTF-8 without control characters, ZIP
(XLSX) and OLE2 (old Excel) containers by theirs. Every image is then decoded and encoded anew:
EXIF (with the GPS position and the camera's serial number), XMP, ICC profiles and PNG text
chunks are all dropped, the picture is turned upright and kept at no more than 12 megapixels.
A picture whose header claims more than 60 megapixels is refused before any pixel is decoded
(a decompression bomb: a few kilobytes that would take gigabytes of memory). Other kinds are
kept byte for byte.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from .text import strip_bidi_controls

PDF, JPEG, PNG, TEXT, ZIP, OLE2 = "pdf", "jpeg", "png", "text", "zip", "ole2"
TIFF = "tiff"  # a scanner's multi-page image (scanning reads it; it is never kept)
IMAGE_KINDS = frozenset({JPEG, PNG})
CONTENT_TYPES = {
    PDF: "application/pdf",
    JPEG: "image/jpeg",
    PNG: "image/png",
    TEXT: "text/plain",
    ZIP: "application/zip",
    OLE2: "application/x-ole-storage",
    TIFF: "image/tiff",
}
# The name's extension must agree with the content (when the caller asks for it).
EXTENSIONS = {
    PDF: {"pdf"},
    JPEG: {"jpg", "jpeg"},
    PNG: {"png"},
    TEXT: {"txt"},
    ZIP: {"xlsx", "xlsm", "zip"},
    OLE2: {"xls"},
    TIFF: {"tif", "tiff"},
}
_LABELS: dict[str, Any] = {
    PDF: "PDF",
    JPEG: "JPEG",
    PNG: "PNG",
    TEXT: gettext_lazy("текст (.txt)"),
    ZIP: "XLSX",
    OLE2: "XLS",
    TIFF: "TIFF",
}
_SIGNATURES = (
    (PDF, b"%PDF-"),
    (JPEG, b"\xff\xd8\xff"),
    (PNG, b"\x89PNG\r\n\x1a\n"),
    (ZIP, b"PK\x03\x04"),
    (OLE2, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    (TIFF, b"II*\x00"),
    (TIFF, b"MM\x00*"),
)
_PILLOW_FORMATS = {"JPEG": JPEG, "PNG": PNG}
_MB = 1024 * 1024
# A phone photo is 12–50 megapixels; more than this is a decompression bomb, not evidence.
MAX_PHOTO_PIXELS = 60_000_000
# Images are kept at most this size: enough to read a sign on the wall, and a 59 MP picture is
# decoded at a reduced scale (JPEG's DCT scaling) instead of in full, so ten of them take about
# a second and a hundred megabytes instead of half a minute and most of a gigabyte.
KEPT_PHOTO_PIXELS = 12_000_000
# Binary content shows a NUL byte early; text tables never have one.
_BINARY_PROBE = 4096


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed the check: its kind, a safe name to show, and the bytes to store
    (an image re-encoded without metadata; anything else exactly as uploaded)."""

    kind: str
    content: bytes
    original_name: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def signature_of(content: bytes) -> str | None:
    """The kind its first bytes show (PDF, JPEG, PNG, ZIP or OLE2), else None."""
    for kind, signature in _SIGNATURES:
        if content.startswith(signature):
            return kind
    return None


def sniff(content: bytes) -> str | None:
    """The kind of the content by its first bytes, ``text`` for UTF-8 text without control
    characters (tab and line breaks allowed), else None."""
    kind = signature_of(content)
    if kind is not None:
        return kind
    if not content or b"\x00" in content:
        return None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text):
        return None
    return TEXT


def looks_binary(content: bytes) -> bool:
    """A NUL byte near the start: not text in any of the encodings people save tables in."""
    return b"\x00" in content[:_BINARY_PROBE]


def safe_name(name: str | None, *, default: str = "file") -> str:
    """The file's own name without folders, bidirectional or other control characters, at most
    255 characters with its extension kept; shown to staff and in messages, never used as a path."""
    base = os.path.basename(str(name or "").replace("\\", "/"))
    base = "".join(ch for ch in strip_bidi_controls(base) if ch.isprintable()).strip()
    if len(base) > 255:
        stem, extension = os.path.splitext(base)
        base = stem[: 255 - len(extension)] + extension if len(extension) < 20 else base[:255]
    return base or default


def upload_check(
    file: Any, *, kinds: Iterable[str], max_bytes: int, match_name: bool = True
) -> CheckedUpload:
    """Check one uploaded file and clean it; ValidationError with a message naming the file.

    ``kinds`` are the kinds accepted (``IMAGE_KINDS`` for photos); with ``match_name`` the name's
    extension must agree with the content, so «photo.png» holding a JPEG is refused.
    """
    accepted = frozenset(kinds)
    is_photo = accepted <= IMAGE_KINDS
    name = safe_name(getattr(file, "name", None), default="photo" if is_photo else "file")
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(name, max_bytes=max_bytes, is_photo=is_photo)
    file.seek(0)
    content = file.read(max_bytes + 1)
    file.seek(0)
    if len(content) > max_bytes:
        raise _too_large(name, max_bytes=max_bytes, is_photo=is_photo)
    kind = sniff(content)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind not in accepted or (match_name and extension not in EXTENSIONS[kind]):
        raise _wrong_kind(name, accepted)
    if kind in IMAGE_KINDS:
        content = _image_clean(content, kind=kind, name=name, accepted=accepted)
    return CheckedUpload(kind=kind, content=content, original_name=name)


def uploads_check(
    files: Sequence[Any],
    *,
    kinds: Iterable[str],
    max_bytes: int,
    max_count: int,
    already: int = 0,
    match_name: bool = True,
    too_many_message: str | None = None,
) -> list[CheckedUpload]:
    """Check several files: at most ``max_count`` together with the ``already`` kept ones, each
    by ``upload_check``. Every refused file gets its own message; one refusal refuses all."""
    if already + len(files) > max_count:
        message = too_many_message or ngettext(
            "Можна додати не більше %(count)s файлу.",
            "Можна додати не більше %(count)s файлів.",
            max_count,
        ) % {"count": max_count}
        raise ValidationError(message, code="too_many_files")
    checked: list[CheckedUpload] = []
    errors: list[ValidationError] = []
    for file in files:
        try:
            checked.append(
                upload_check(file, kinds=kinds, max_bytes=max_bytes, match_name=match_name)
            )
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return checked


# --- messages ------------------------------------------------------------------------------------


def _too_large(name: str, *, max_bytes: int, is_photo: bool) -> ValidationError:
    values = {"name": name, "mb": max_bytes // _MB}
    if is_photo:
        return ValidationError(
            _("Фото «%(name)s» завелике: не більше %(mb)s МБ.") % values, code="too_large"
        )
    return ValidationError(
        _("Файл «%(name)s» завеликий: не більше %(mb)s МБ.") % values, code="too_large"
    )


def _wrong_kind(name: str, accepted: frozenset[str]) -> ValidationError:
    order = [kind for kind, _signature in _SIGNATURES] + [TEXT]
    # Django's own «або» / "or" joins the list: "PDF, JPEG, PNG або текст (.txt)".
    labels = get_text_list([str(_LABELS[kind]) for kind in order if kind in accepted])
    values = {"name": name, "kinds": labels}
    if accepted <= IMAGE_KINDS:
        message = _("Файл «%(name)s» не є фото у форматі %(kinds)s.") % values
    else:
        message = _("Файл «%(name)s» не підходить: додавайте %(kinds)s.") % values
    return ValidationError(message, code="unsafe_type")


# --- images --------------------------------------------------------------------------------------


def _image_clean(content: bytes, *, kind: str, name: str, accepted: frozenset[str]) -> bytes:
    """The picture decoded and encoded anew in its own format, upright, within the kept size and
    without any metadata; a broken or oversized picture is refused."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            if _PILLOW_FORMATS.get(image.format or "") != kind:
                raise _wrong_kind(name, accepted)
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise _too_many_pixels(name)
            _decode_reduced(image)
            upright = ImageOps.exif_transpose(image) or image
            clean = _within_kept_size(upright)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels(name) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _wrong_kind(name, accepted) from None
    # Only what draws the picture stays: no EXIF, XMP, ICC profile, comment or text chunk.
    transparency = clean.info.get("transparency")
    clean.info = {} if transparency is None else {"transparency": transparency}
    buffer = io.BytesIO()
    if kind == JPEG:
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(buffer, format="JPEG", quality=90)
    else:
        clean.save(buffer, format="PNG")
    return buffer.getvalue()


def _too_many_pixels(name: str) -> ValidationError:
    return ValidationError(
        _("Фото «%(name)s» має завелику роздільність.") % {"name": name}, code="too_many_pixels"
    )


def _kept_size(width: int, height: int) -> tuple[int, int]:
    scale = min(1.0, (KEPT_PHOTO_PIXELS / (width * height)) ** 0.5)
    return max(1, int(width * scale)), max(1, int(height * scale))


def _decode_reduced(image: Image.Image) -> None:
    """Load the picture, a large JPEG at the smallest DCT scale still at least the kept size."""
    if image.format == "JPEG" and image.width * image.height > KEPT_PHOTO_PIXELS:
        image.draft(image.mode, _kept_size(image.width, image.height))
    image.load()


def _within_kept_size(image: Image.Image) -> Image.Image:
    if image.width * image.height <= KEPT_PHOTO_PIXELS:
        return image.copy()
    return image.resize(_kept_size(image.width, image.height), Image.Resampling.LANCZOS)
