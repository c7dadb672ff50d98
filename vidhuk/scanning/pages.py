"""Uploaded scans and photos split into page images (greyscale PNG), before anything is read.

A scanner's PDF is rendered at ``PDF_DPI`` (pypdfium2), a multi-page TIFF taken frame by frame,
a phone photo (JPEG or PNG, already cleaned of its metadata by core/uploads.py) kept as one page.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import cv2
import numpy as np
import pypdfium2
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageSequence, UnidentifiedImageError

from vidhuk.core.uploads import JPEG, PDF, PNG, TIFF, CheckedUpload

KINDS = frozenset({PDF, TIFF, JPEG, PNG})
PDF_DPI = 200
MAX_PAGES = 600  # in one batch: a box of questionnaires, not an archive
MAX_PIXELS = 60_000_000


def page_images(upload: CheckedUpload) -> Iterator[bytes]:
    """Each page of ``upload`` as a greyscale PNG (photos: as uploaded)."""
    if upload.kind in (JPEG, PNG):
        yield upload.content
    elif upload.kind == PDF:
        yield from _pdf_pages(upload)
    elif upload.kind == TIFF:
        yield from _tiff_pages(upload)


def decode(content: bytes) -> np.ndarray:
    """A stored page as a greyscale array."""
    image = cv2.imdecode(np.frombuffer(content, np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise ValueError("not an image")
    return np.asarray(image, dtype=np.uint8)


def encode_png(image: np.ndarray) -> bytes:
    ok, encoded = cv2.imencode(".png", image)
    if not ok:
        raise ValueError("could not encode")
    return encoded.tobytes()


def _unreadable(name: str) -> ValidationError:
    return ValidationError(
        _("Файл «%(name)s» не вдалося відкрити як скан: він пошкоджений або зашифрований.")
        % {"name": name}
    )


def _pdf_pages(upload: CheckedUpload) -> Iterator[bytes]:
    try:
        document = pypdfium2.PdfDocument(upload.content)
    except pypdfium2.PdfiumError as error:
        raise _unreadable(upload.original_name) from error
    for page in document:
        bitmap = page.render(scale=PDF_DPI / 72, grayscale=True)
        yield encode_png(np.asarray(bitmap.to_pil().convert("L")))


def _tiff_pages(upload: CheckedUpload) -> Iterator[bytes]:
    try:
        image = Image.open(io.BytesIO(upload.content))
        for frame in ImageSequence.Iterator(image):
            if frame.width * frame.height > MAX_PIXELS:
                raise ValidationError(
                    _("Сторінка файлу «%(name)s» завелика: скануйте з роздільністю 150–600 dpi.")
                    % {"name": upload.original_name}
                )
            yield encode_png(np.asarray(frame.convert("L")))
    except (UnidentifiedImageError, OSError) as error:
        raise _unreadable(upload.original_name) from error
