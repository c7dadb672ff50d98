"""Where the printed form lies in a scan or a photo: the page model (issue 16).

1. **Corner marks**: the four solid squares are looked for where the QR code alone puts them;
   each is the outermost solid square near its corner (a calibration box or a filled-in answer
   box lies further in), the nearest one tried next. Their centres give a homography from the
   form's millimetres to the image.
2. **The printed boxes**: a homography is exact for a flat page seen through a perfect lens
   only. A phone's lens bends straight lines and a page on a table is not quite flat, so each
   printed box is looked for near where the homography puts it; how far the boxes found are
   from their places is smoothed into a displacement field (a ridge-regularised cubic over the
   page, the corner marks held at no displacement, far-off matches dropped), so one box mistaken
   for its neighbour or hidden under a fill does not move the others. The page is then warped
   upright through the homography and the field together, and each box settles on its printed
   border within ``SETTLE_MM``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from vidhuk.surveys.paper_map import FormMap, Rect

REGISTER_MM = 3.0  # a box is looked for this far around the corner marks' place (half a step)
SETTLE_MM = 0.8  # and settles this far around the page model's place
MATCH_FROM = 0.5  # a border match this good is a box found
FIELD_MIN_BOXES = 6  # fewer boxes found: no field, the homography alone
FIELD_FROM_MM = 0.25  # a field moving no box this far is left out (a flat scan)
RIDGE = 0.001
LOCAL_MM = 8.0  # the reach of one box's leftover shift on the local grid
LOCAL_PRIOR = 0.3  # far from every box the local grid fades to nothing


@dataclass
class PageModel:
    """Form millimetres → image pixels: a homography and a smooth displacement field."""

    homography: np.ndarray
    coefficients: np.ndarray | None = None  # (terms, 2): the field's cubic, mm
    page_mm: tuple[float, float] = (210.0, 297.0)
    # What the cubic leaves over at the boxes found (places and shifts, mm), spread to their
    # neighbourhood: the local grid.
    places: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    residuals: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))

    def displacement(self, points_mm: np.ndarray) -> np.ndarray:
        if self.coefficients is None:
            return np.zeros_like(points_mm, dtype=np.float64)
        smooth = _basis(points_mm, self.page_mm) @ self.coefficients
        if not len(self.places):
            return smooth
        gaps = points_mm[:, None, :] - self.places[None, :, :]
        weight = np.exp(-(gaps**2).sum(axis=2) / (2 * LOCAL_MM**2))
        local = weight @ self.residuals / (weight.sum(axis=1, keepdims=True) + LOCAL_PRIOR)
        return smooth + local

    def to_image(self, points_mm: np.ndarray) -> np.ndarray:
        moved = (points_mm + self.displacement(points_mm)).astype(np.float32)
        return cv2.perspectiveTransform(moved.reshape(-1, 1, 2), self.homography).reshape(-1, 2)


def mark_homographies(
    gray: np.ndarray, form: FormMap, qr_mm: np.ndarray, qr_px: np.ndarray
) -> tuple[list[np.ndarray], int]:
    """Homographies from the corner marks, the likeliest first, and how many marks were found.
    ``qr_mm``/``qr_px``: the QR symbol's corners on the form and in the image, where the search
    starts."""
    centres_mm = np.array([mark.centre for mark in form.marks], dtype=np.float32)
    first = _similarity(qr_mm, qr_px)
    predicted = _project(first, centres_mm)
    # How many image pixels one millimetre is, near the marks.
    scale = float(np.linalg.norm(predicted[1] - predicted[0])) / float(
        centres_mm[1][0] - centres_mm[0][0]
    )
    candidates = np.array(_square_blobs(gray, form.marks[0].w * scale), dtype=np.float32)
    if not len(candidates):
        return [], 0
    homographies: list[np.ndarray] = []
    found = 0
    for outermost in (True, False):
        choice = _find_marks(candidates, form, scale, qr_mm, qr_px, outermost=outermost)
        found = max(found, len(choice))
        homography = _from_marks(choice, centres_mm, candidates)
        if homography is not None and not any(np.allclose(homography, h) for h in homographies):
            homographies.append(homography)
    return homographies, found


def _find_marks(
    candidates: np.ndarray,
    form: FormMap,
    scale: float,
    qr_mm: np.ndarray,
    qr_px: np.ndarray,
    *,
    outermost: bool,
) -> dict[int, int]:
    """Which candidate square each corner mark is (mark → candidate). The marks are taken from
    the QR code's corner outwards, each found one bettering the guess of where the next is (a
    photo's perspective moves the far corners by centimetres); each is looked for within 30 %
    of the page's width of the guess, and is the outermost square there (or the nearest)."""
    centres_mm = np.array([mark.centre for mark in form.marks], dtype=np.float32)
    middle = np.array(form.page_mm, dtype=np.float32) / 2
    reach = 0.3 * form.page_mm[0] * scale
    chosen: dict[int, int] = {}
    guess = _similarity(qr_mm, qr_px)
    for mark in (1, 0, 3, 2):  # TR (beside the QR code), TL, BR, BL
        at = _project(guess, centres_mm[mark : mark + 1])[0]
        distance = np.hypot(*(candidates - at).T)
        near = [n for n in np.flatnonzero(distance < reach) if n not in chosen.values()]
        if not near:
            continue
        if outermost:
            in_mm = _project(np.linalg.inv(guess), candidates[near])
            outward = np.sign(centres_mm[mark] - middle)
            chosen[mark] = int(near[int(np.argmax((in_mm - centres_mm[mark]) @ outward))])
        else:
            chosen[mark] = int(near[int(np.argmin(distance[near]))])
        marks_mm = centres_mm[list(chosen)]
        marks_px = candidates[list(chosen.values())]
        if len(chosen) >= 3:
            affine, _inliers = cv2.estimateAffine2D(marks_mm, marks_px, ransacReprojThreshold=1e9)
            guess = np.vstack([affine, [0.0, 0.0, 1.0]])
        else:
            guess = _similarity(np.vstack([qr_mm, marks_mm]), np.vstack([qr_px, marks_px]))
    return chosen


def _similarity(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    # Least squares over every point (a threshold no point exceeds: no RANSAC).
    matrix, _inliers = cv2.estimateAffinePartial2D(
        source.astype(np.float32), target.astype(np.float32), ransacReprojThreshold=1e9
    )
    return np.vstack([matrix, [0.0, 0.0, 1.0]])


def _project(homography: np.ndarray, points: np.ndarray) -> np.ndarray:
    array = np.asarray(points, dtype=np.float32).reshape(-1, 1, 2)
    return cv2.perspectiveTransform(array, homography).reshape(-1, 2)


def _from_marks(
    choice: dict[int, int], centres_mm: np.ndarray, candidates: np.ndarray
) -> np.ndarray | None:
    kept = sorted(choice.items())
    source = np.array([centres_mm[n] for n, _i in kept], dtype=np.float32)
    target = np.array([candidates[i] for _n, i in kept], dtype=np.float32)
    if len(kept) == 4:
        return cv2.getPerspectiveTransform(source, target)
    if len(kept) == 3:  # one mark lost (a torn corner, a thumb): an affine of three
        return np.vstack([cv2.getAffineTransform(source, target), [0.0, 0.0, 1.0]])
    return None


def _square_blobs(gray: np.ndarray, side: float) -> list[tuple[float, float]]:
    """Centres of the solid dark squares about ``side`` px wide anywhere in the image (an
    adaptive threshold, so shadows and uneven light do not hide them)."""
    block = max(3, int(side * 4) | 1)
    binary = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15
    )
    count, _labels, stats, centroids = cv2.connectedComponentsWithStats(binary)
    expected = side * side
    found = []
    for label in range(1, count):
        _left, _top, width, height, area = stats[label]
        if not (0.4 * expected < area < 2.5 * expected):
            continue
        if area / max(width * height, 1) < 0.6 or min(width, height) / max(width, height) < 0.6:
            continue
        found.append((float(centroids[label][0]), float(centroids[label][1])))
    return found


def page_model(
    upright: np.ndarray, homography: np.ndarray, form: FormMap, page: int, px_per_mm: float
) -> PageModel:
    """The homography with the displacement field the printed boxes of ``page`` show on
    ``upright`` (the page warped through the homography alone). Twice: boxes further off than
    ``REGISTER_MM`` (a strong lens, far from the marks) are found around the first field."""
    model = PageModel(homography=homography, page_mm=form.page_mm)
    boxes = form.boxes_on(page)
    guess = np.zeros((len(boxes), 2))
    for _pass in range(2):
        places, moves, weights = [], [], []
        for box, (dx, dy) in zip(boxes, guess, strict=True):
            around = Rect(box.rect.x + dx, box.rect.y + dy, box.rect.w, box.rect.h)
            found, score = locate_box(upright, around, box.border, REGISTER_MM, px_per_mm)
            if score >= MATCH_FROM:
                places.append(box.rect.centre)
                moves.append((found.x - box.rect.x, found.y - box.rect.y))
                weights.append(score)
        if len(places) < FIELD_MIN_BOXES:
            return model
        if float(np.abs(np.array(moves)).max()) < FIELD_FROM_MM:
            return model
        _fit(model, np.array(places), np.array(moves), np.array(weights), form)
        guess = model.displacement(np.array([box.rect.centre for box in boxes]))
    return model


def _fit(
    model: PageModel, places: np.ndarray, moves: np.ndarray, weights: np.ndarray, form: FormMap
) -> None:
    anchors = np.array([mark.centre for mark in form.marks], dtype=np.float64)
    points = np.vstack([places, anchors])
    shifts = np.vstack([moves, np.zeros_like(anchors)])
    weight = np.concatenate([weights, np.full(len(anchors), 2.0)])
    basis = _basis(points, form.page_mm)
    kept = np.ones(len(points), dtype=bool)
    for _round in range(3):  # a box mistaken for its neighbour is left out of the next fit
        coefficients = _ridge(basis[kept], shifts[kept], weight[kept])
        error = np.hypot(*(basis @ coefficients - shifts).T)
        limit = max(0.5, 3 * float(np.median(error[kept])))
        kept = error <= limit
        kept[len(places) :] = True
    model.coefficients = coefficients
    inliers = kept[: len(places)]
    model.places = places[inliers]
    model.residuals = (shifts - basis @ coefficients)[: len(places)][inliers]


def _ridge(basis: np.ndarray, shifts: np.ndarray, weight: np.ndarray) -> np.ndarray:
    scaled = basis * weight[:, None]
    penalty = RIDGE * len(basis) * np.eye(basis.shape[1])
    penalty[0, 0] = 0.0  # an even shift of the whole page costs nothing
    return np.linalg.solve(scaled.T @ basis + penalty, scaled.T @ shifts)


def _basis(points_mm: np.ndarray, page_mm: tuple[float, float]) -> np.ndarray:
    u = (points_mm[:, 0] - page_mm[0] / 2) / (page_mm[0] / 2)
    v = (points_mm[:, 1] - page_mm[1] / 2) / (page_mm[1] / 2)
    one = np.ones_like(u)
    return np.stack(
        [one, u, v, u * u, u * v, v * v, u**3, u * u * v, u * v * v, v**3], axis=1
    ).astype(np.float64)


def warp_upright(gray: np.ndarray, model: PageModel, form: FormMap, px_per_mm: float) -> np.ndarray:
    """The page upright at ``px_per_mm``, through the homography and the displacement field."""
    width, height = round(form.page_mm[0] * px_per_mm), round(form.page_mm[1] * px_per_mm)
    if model.coefficients is None:
        to_upright = np.diag([px_per_mm, px_per_mm, 1.0]) @ np.linalg.inv(model.homography)
        return cv2.warpPerspective(
            gray, to_upright, (width, height), flags=cv2.INTER_AREA, borderValue=255
        )
    # The field is smooth: the source of every 8th pixel is computed, the rest interpolated.
    step = 8
    xs = np.arange(0, width + step, step, dtype=np.float64)
    ys = np.arange(0, height + step, step, dtype=np.float64)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2) / px_per_mm
    source = model.to_image(grid).reshape(len(ys), len(xs), 2)
    full = (len(xs) * step, len(ys) * step)
    map_x = cv2.resize(source[..., 0], full, interpolation=cv2.INTER_LINEAR)[:height, :width]
    map_y = cv2.resize(source[..., 1], full, interpolation=cv2.INTER_LINEAR)[:height, :width]
    # Shrink the image first where it is much finer than the upright page, so no detail aliases.
    ends = model.to_image(np.array([[0.0, 0.0], [100.0, 0.0]]))
    across = float(np.linalg.norm(ends[1] - ends[0]))
    factor = min(1.0, 1.25 * px_per_mm * 100 / max(across, 1e-6))
    if factor < 0.9:
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        map_x, map_y = map_x * factor, map_y * factor
    return np.asarray(
        cv2.remap(
            gray,
            map_x.astype(np.float32),
            map_y.astype(np.float32),
            cv2.INTER_LINEAR,
            borderValue=255,
        ),
        dtype=np.uint8,
    )


def locate_box(
    upright: np.ndarray, rect: Rect, border: float, reach_mm: float, px_per_mm: float
) -> tuple[Rect, float]:
    """Where the box's printed border is within ``reach_mm`` of ``rect``, and how well it
    matched (−1–1); ``rect`` itself when the window leaves the page."""
    side = round(rect.w * px_per_mm)
    line = max(1, round(border * px_per_mm))
    template = np.full((side, side), 255, np.uint8)
    cv2.rectangle(template, (0, 0), (side - 1, side - 1), 0, line)
    reach = round(reach_mm * px_per_mm)
    x0, y0 = round(rect.x * px_per_mm) - reach, round(rect.y * px_per_mm) - reach
    window = upright[max(y0, 0) : y0 + side + 2 * reach, max(x0, 0) : x0 + side + 2 * reach]
    if x0 < 0 or y0 < 0 or window.shape[0] < side or window.shape[1] < side:
        return rect, -1.0
    scores = cv2.matchTemplate(window, template, cv2.TM_CCOEFF_NORMED)
    _low, best, _where_low, (dx, dy) = cv2.minMaxLoc(scores)
    return Rect((x0 + dx) / px_per_mm, (y0 + dy) / px_per_mm, rect.w, rect.h), float(best)
