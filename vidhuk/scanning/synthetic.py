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


@dataclass(frozen=True)
class PhotoSpoil:
    perspective: float = 0.0  # the corners moved by up to this share of the page's side
    barrel: float = 0.0  # lens distortion coefficient
    vignette: float = 0.0  # darkening at the edges, 0–1
    shadow: float = 0.0  # a linear shadow across the page, 0–1
    glare: float = 0.0  # a bright spot, 0–1
    megapixels: float = 12.0
    motion: int = 0  # motion blur length, px
    jpeg: int = 85


def random_photo_spoil(rng: np.random.Generator) -> PhotoSpoil:
    """What a phone does: perspective up to 15 % of the corners, lens, vignetting, a shadow, a
    glare, 2–12 MP, a little motion blur, JPEG."""
    return PhotoSpoil(
        perspective=float(rng.uniform(0, 0.15)),
        barrel=float(rng.uniform(-0.04, 0.04)),
        vignette=float(rng.uniform(0, 0.35)),
        shadow=float(rng.uniform(0, 0.35)),
        glare=float(rng.uniform(0, 0.25)),
        megapixels=float(rng.choice([2.0, 3.0, 5.0, 8.0, 12.0])),
        motion=int(rng.choice([0, 0, 3, 5])),
        jpeg=int(rng.choice([70, 85, 92])),
    )


def photograph(image: np.ndarray, how: PhotoSpoil, *, rng: np.random.Generator) -> np.ndarray:
    """The page on a table, photographed: the page lies inside a 4:3 frame of grey table."""
    height, width = image.shape
    frame_h = int(height * 1.25)
    frame_w = int(frame_h * 0.75)
    if frame_w < width * 1.15:
        frame_w = int(width * 1.15)
    ox, oy = (frame_w - width) / 2, (frame_h - height) / 2
    page = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    shift = how.perspective * np.array([width, height], dtype=np.float32)
    moved = page + np.array([ox, oy], dtype=np.float32)
    moved += rng.uniform(-1, 1, size=(4, 2)).astype(np.float32) * shift / 2
    matrix = cv2.getPerspectiveTransform(page, moved.astype(np.float32))
    result = cv2.warpPerspective(image, matrix, (frame_w, frame_h), borderValue=110)
    if how.barrel:
        ys, xs = np.indices(result.shape, dtype=np.float32)
        cx, cy = frame_w / 2, frame_h / 2
        nx, ny = (xs - cx) / cx, (ys - cy) / cy
        factor = 1 + how.barrel * (nx * nx + ny * ny)
        map_x = np.asarray(cx + nx * factor * cx, dtype=np.float32)
        map_y = np.asarray(cy + ny * factor * cy, dtype=np.float32)
        result = np.asarray(
            cv2.remap(result, map_x, map_y, cv2.INTER_LINEAR, borderValue=110), dtype=np.uint8
        )
    light = np.ones(result.shape, dtype=np.float32)
    ys, xs = np.indices(result.shape, dtype=np.float32)
    if how.vignette:
        r2 = ((xs / frame_w - 0.5) ** 2 + (ys / frame_h - 0.5) ** 2) * 2
        light *= 1 - how.vignette * r2
    if how.shadow:
        angle = rng.uniform(0, 2 * np.pi)
        ramp = (np.cos(angle) * xs / frame_w + np.sin(angle) * ys / frame_h) % 1
        light *= 1 - how.shadow * ramp
    lit = result.astype(np.float32) * light
    if how.glare:
        gx, gy = rng.uniform(0.2, 0.8) * frame_w, rng.uniform(0.2, 0.8) * frame_h
        spot = np.exp(-(((xs - gx) ** 2 + (ys - gy) ** 2) / (2 * (0.08 * frame_w) ** 2)))
        lit += how.glare * 255 * spot
    result = np.clip(lit, 0, 255).astype(np.uint8)
    pixels = how.megapixels * 1e6
    scale = min(1.0, (pixels / (frame_w * frame_h)) ** 0.5)
    if scale < 1:
        size = (int(frame_w * scale), int(frame_h * scale))
        result = cv2.resize(result, size, interpolation=cv2.INTER_AREA)
    if how.motion:
        kernel = np.zeros((how.motion, how.motion), np.float32)
        kernel[how.motion // 2, :] = 1 / how.motion
        result = cv2.filter2D(result, -1, kernel)
    ok, encoded = cv2.imencode(".jpg", result, [cv2.IMWRITE_JPEG_QUALITY, how.jpeg])
    decoded = cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE) if ok else None
    return result if decoded is None else np.asarray(decoded, dtype=np.uint8)
