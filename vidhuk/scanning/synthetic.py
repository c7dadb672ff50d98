"""Filled-in forms made by machine, for the tests and the error benchmark (issue 16, §6).

A page of Vidhuk's own PDF is rendered as a scanner would (pypdfium2, 150–300 dpi, greyscale),
boxes are marked as people mark them — a cross, a tick, a fill, a light pencil stroke, a partial
fill, a stroke running over the edge — and the page is spoiled as scanners spoil it: rotated,
scaled, blurred, noisy, JPEG-compressed, with a fold line. Everything is drawn from a seeded
random generator, so a run is repeatable.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np
import pypdfium2

from vidhuk.surveys.paper_map import Rect


class Mark(StrEnum):
    CROSS = "cross"
    TICK = "tick"
    FILL = "fill"
    PENCIL = "pencil"  # a light grey cross
    PARTIAL = "partial"  # a hasty fill of about half the box
    OVER_EDGE = "over_edge"  # a cross whose strokes run out of the box


def render_pages(pdf: bytes, *, dpi: int) -> list[np.ndarray]:
    document = pypdfium2.PdfDocument(pdf)
    return [np.asarray(page.render(scale=dpi / 72, grayscale=True).to_pil()) for page in document]


def _px(mm: float, dpi: int) -> float:
    return mm / 25.4 * dpi


def draw_mark(
    image: np.ndarray, rect: Rect, kind: Mark, *, dpi: int, rng: np.random.Generator
) -> None:
    """Draw ``kind`` into the box ``rect`` (mm) of an upright rendered page, in place."""
    x0, y0 = _px(rect.x, dpi), _px(rect.y, dpi)
    side = _px(rect.w, dpi)
    pen = max(1, round(_px(0.45, dpi) * rng.uniform(0.8, 1.3)))
    ink = int(rng.integers(10, 60))

    def at(fx: float, fy: float) -> tuple[int, int]:
        jitter = side * 0.06
        return (
            round(x0 + fx * side + rng.uniform(-jitter, jitter)),
            round(y0 + fy * side + rng.uniform(-jitter, jitter)),
        )

    if kind in (Mark.CROSS, Mark.PENCIL, Mark.OVER_EDGE):
        colour = int(rng.integers(120, 160)) if kind == Mark.PENCIL else ink
        low, high = (-0.25, 1.25) if kind == Mark.OVER_EDGE else (0.18, 0.82)
        cv2.line(image, at(low, low), at(high, high), colour, pen, cv2.LINE_AA)
        cv2.line(image, at(low, high), at(high, low), colour, pen, cv2.LINE_AA)
    elif kind == Mark.TICK:
        cv2.line(image, at(0.15, 0.55), at(0.42, 0.85), ink, pen, cv2.LINE_AA)
        cv2.line(image, at(0.42, 0.85), at(0.9, 0.12), ink, pen, cv2.LINE_AA)
    elif kind == Mark.FILL:
        corners = np.array([at(0.08, 0.08), at(0.92, 0.08), at(0.92, 0.92), at(0.08, 0.92)])
        cv2.fillPoly(image, [corners.astype(np.int32)], ink)
    elif kind == Mark.PARTIAL:
        corners = np.array([at(0.15, 0.2), at(0.85, 0.2), at(0.85, 0.6), at(0.15, 0.6)])
        cv2.fillPoly(image, [corners.astype(np.int32)], ink)


@dataclass(frozen=True)
class ScanSpoil:
    rotation: float = 0.0  # degrees
    scale: float = 1.0
    blur: float = 0.0  # Gaussian sigma, px
    noise: float = 0.0  # Gaussian sigma, grey levels
    jpeg: int = 0  # JPEG quality, 0 = none
    fold: bool = False


def random_scan_spoil(rng: np.random.Generator) -> ScanSpoil:
    """What a flatbed scanner or a sheet feeder does: ±5°, 97–103 %, some blur and noise."""
    return ScanSpoil(
        rotation=float(rng.uniform(-5, 5)),
        scale=float(rng.uniform(0.97, 1.03)),
        blur=float(rng.uniform(0, 1.0)),
        noise=float(rng.uniform(0, 8)),
        jpeg=int(rng.choice([0, 60, 75, 90])),
        fold=bool(rng.random() < 0.3),
    )


def spoil(image: np.ndarray, how: ScanSpoil, *, rng: np.random.Generator) -> np.ndarray:
    height, width = image.shape
    result = image.copy()
    if how.fold:  # a crease across the page: a thin grey line with a soft shadow
        y = int(rng.integers(height // 4, 3 * height // 4))
        cv2.line(result, (0, y), (width, y + int(rng.integers(-20, 20))), 170, 2, cv2.LINE_AA)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), how.rotation, how.scale)
    # The page on a larger scanner bed, so nothing of it is cut off.
    margin = int(max(height, width) * 0.06)
    matrix[:, 2] += margin
    result = cv2.warpAffine(
        result, matrix, (width + 2 * margin, height + 2 * margin), borderValue=250
    )
    if how.blur:
        result = cv2.GaussianBlur(result, (0, 0), how.blur)
    if how.noise:
        noisy = result.astype(np.float32) + rng.normal(0, how.noise, result.shape)
        result = np.clip(noisy, 0, 255).astype(np.uint8)
    if how.jpeg:
        ok, encoded = cv2.imencode(".jpg", result, [cv2.IMWRITE_JPEG_QUALITY, how.jpeg])
        decoded = cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE) if ok else None
        if decoded is not None:
            result = np.asarray(decoded, dtype=np.uint8)
    return result
