"""Reading one page of a paper questionnaire from a scan or a photo (issue 16).

1. **Identity**: the page's QR code (zxing-cpp) names the questionnaire, the version and the page
   (``surveys.qr.parse_page_payload``); its corners also give a first estimate of where the page
   lies in the image.
2. **Rectify** (``registration``): the four corner marks give a homography from the form's
   millimetres to the image (three marks an affine); the page is warped upright at
   ``PX_PER_MM`` and its light evened out. The homography whose upright page shows the
   calibration boxes plainly is kept (a filled-in box mistaken for a mark puts them elsewhere).
   Then the printed boxes themselves correct it where a lens bent the page: a smooth
   displacement field from where they are found, and the page warped again through both.
3. **Calibrate**: the page's own calibration boxes (one empty, one filled) say how dark paper
   and ink are on this scan; a pixel counts as ink when darker than halfway between them.
4. **Read each box** where its printed border settled: inside the border (the border itself and
   a margin are left out, so box lines, folds and creases running past count for little) two
   scores, darkness measured from the paper in a ring just around the box (its own "empty",
   under the same shadow or glare) towards the page's ink — how much ink
   (darkness above a dead zone, so a light pencil counts and paper grain does not) and how much
   of it is solid (what survives erasing pen-wide strokes: a fill). Solid from ``FILLED_FROM``:
   filled in, which the printed instructions say means "cancelled"; a half fill goes to a person.
   Otherwise ink below ``EMPTY_BELOW`` is empty, from ``MARKED_FROM`` marked, and anything
   between is sent to a person to decide, with the nearest reading proposed. The scores are kept
   with every box.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import cv2
import numpy as np
import zxingcpp

from vidhuk.core.qr import qr_quiet_share
from vidhuk.surveys.paper_map import FormMap, Rect
from vidhuk.surveys.qr import PageId, parse_page_payload

from .registration import (
    MATCH_FROM,
    SETTLE_MM,
    locate_box,
    mark_homographies,
    page_model,
    warp_upright,
)

PX_PER_MM = 6.0  # the upright page: ~152 dpi, a 5.4 mm box is 32 px
MIN_PX_PER_MM = 2.5
WORK_PX_PER_MM = 8.0  # ~200 dpi: what reading needs (a QR module is 5 px)
PAGE_WIDTH_MM = 210.0  # under ~64 dpi a box is a dozen pixels: too small to read
EMPTY_BELOW = 0.02
MARKED_FROM = 0.045
FILLED_FROM = 0.75
REVIEW_FILLED_FROM = 0.3  # a half fill: cancelled or a heavy mark? a person decides
DEAD_ZONE = 0.2  # of the paper-to-ink range: grain, noise and faint creases are not ink
SOLID_MM = 1.2  # ink this wide in both directions is a fill, not a pen stroke
WRITTEN_FROM = 0.004  # a free-text area this inky has writing (its dotted lines excluded)
QR_AGREE_MM = 4.0
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
UPSCALE_BELOW_PX = 2000  # an image narrower than this is read again enlarged, if need be
CONTRAST_FROM = 40  # grey levels between paper and ink on the calibration boxes
# The QR code on the page stamp (mm): top 7 mm, right 16 mm, 22 mm (26 mm in large print).
QR_TOP_MM = 7.0
QR_RIGHT_MM = 16.0
QR_SIDE_MM = {"standard": 22.0, "large": 26.0}


class Refusal(StrEnum):
    NOT_A_FORM = "not_a_form"
    WRONG_VERSION = "wrong_version"
    MARKS_NOT_FOUND = "marks_not_found"
    TOO_SMALL = "too_small"
    BLURRED = "blurred"


class BoxState(StrEnum):
    EMPTY = "empty"
    MARKED = "marked"
    FILLED = "filled"
    DOUBTFUL = "doubtful"


@dataclass(frozen=True)
class BoxReading:
    index: int  # in FormMap.boxes
    state: BoxState
    ink: float  # how much ink is inside the box, 0–1 (darkness above a dead zone, averaged)
    solid: float  # the share of the box under solid ink (strokes erased, fills kept), 0–1
    proposed: BoxState  # the nearest sure state, offered to the person reviewing


@dataclass
class PageReading:
    page_id: PageId | None
    refusal: Refusal | None = None
    boxes: list[BoxReading] = field(default_factory=list)
    homography: np.ndarray | None = None  # form mm → image px
    upright: np.ndarray | None = None  # the page rectified at PX_PER_MM, light evened out
    written: list[int] = field(default_factory=list)  # free-text areas with writing (indexes)
    size: str = ""  # the print size the page was read as
    marks_found: int = 0
    paper: float = 0.0
    ink: float = 0.0


@dataclass(frozen=True)
class Identity:
    page_id: PageId
    payload: str
    corners: np.ndarray  # the symbol's corners in the image: TL, TR, BR, BL


def read_identity(image: np.ndarray) -> Identity | None:
    """The page identifier in the QR code and where the code is in the image. A small photo is
    tried again enlarged twice: a QR module of two pixels, smeared by a shaking hand, is read
    more often with more pixels to find its edges in."""
    found = _identity(image)
    if found is None and image.shape[1] < UPSCALE_BELOW_PX:
        larger = cv2.resize(image, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
        found = _identity(larger)
        if found is not None:
            found = Identity(found.page_id, found.payload, found.corners / 2)
    return found


def _identity(image: np.ndarray) -> Identity | None:
    for barcode in zxingcpp.read_barcodes(image, formats=QR_ONLY):
        page_id = parse_page_payload(barcode.text)
        if page_id is not None:
            position = barcode.position
            points = [position.top_left, position.top_right]
            points += [position.bottom_right, position.bottom_left]
            corners = np.array([[p.x, p.y] for p in points], dtype=np.float32)
            return Identity(page_id=page_id, payload=barcode.text, corners=corners)
    return None


def read_page(image: np.ndarray, forms: FormMap | Mapping[str, FormMap]) -> PageReading:
    """Read every box on ``image`` (greyscale or BGR, uint8) of the printed form it is: one map,
    or the maps of one version's print sizes (``{"standard": …, "large": …}``), told apart by
    the size of the QR code between the corner marks."""
    given = {forms.size: forms} if isinstance(forms, FormMap) else dict(forms)
    maps = {size: given[size] for size in sorted(given, key=lambda size: size != "standard")}
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    # A 300–600 dpi scan holds far more than reading needs: brought down to about WORK_PX_PER_MM
    # (judged by the image's width against the page's), which reads faster and as well.
    across = max(gray.shape[1] / PAGE_WIDTH_MM, 1e-6)
    if across > WORK_PX_PER_MM * 1.25:
        factor = WORK_PX_PER_MM / across
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    identity = read_identity(gray)
    if identity is None:
        return PageReading(page_id=None, refusal=Refusal.NOT_A_FORM)
    page_id = identity.page_id
    reading = PageReading(page_id=page_id)
    some = next(iter(maps.values()))
    if page_id.version_id != some.version_id:
        reading.refusal = Refusal.WRONG_VERSION
        return reading
    if not 1 <= page_id.page <= max(form.pages for form in maps.values()):
        reading.refusal = Refusal.NOT_A_FORM
        return reading
    if _px_per_mm(_qr_homography(identity, some)) < MIN_PX_PER_MM:
        reading.refusal = Refusal.TOO_SMALL
        return reading
    model = None
    for candidate in maps.values():  # the QR's place and size differ between print sizes
        found, reading.marks_found = mark_homographies(
            gray, candidate, _qr_symbol_mm(identity, candidate), identity.corners
        )
        agreeing = [h for h in found if _agrees_with_qr(h, identity, candidate)]
        if agreeing:
            model = _calibrated(gray, agreeing, _form_by_qr_size(identity, agreeing[0], maps))
            break
    if model is None:
        reading.refusal = Refusal.MARKS_NOT_FOUND
        return reading
    homography, upright, form = model
    reading.homography, reading.size = homography, form.size
    reading.paper, reading.ink = _calibration(upright, form)
    if reading.paper - reading.ink < CONTRAST_FROM:
        reading.refusal = Refusal.BLURRED
        return reading
    fine = page_model(upright, homography, form, page_id.page, PX_PER_MM)
    if fine.coefficients is not None:
        upright = _flatten(warp_upright(gray, fine, form, PX_PER_MM))
        reading.paper, reading.ink = _calibration(upright, form)
    reading.upright = upright
    for index, box in enumerate(form.boxes):
        if box.page != page_id.page:
            continue
        rect, score = locate_box(upright, box.rect, box.border, SETTLE_MM, PX_PER_MM)
        rect = rect if score >= MATCH_FROM else box.rect
        ink, solid = _ink(upright, rect, box.border, reading.paper, reading.ink)
        reading.boxes.append(_judge(index, ink, solid))
    reading.written = [
        index
        for index, text in enumerate(form.texts)
        if text.page == page_id.page
        and _writing(upright, text.rect, reading.paper, reading.ink) >= WRITTEN_FROM
    ]
    return reading


def _agrees_with_qr(homography: np.ndarray, identity: Identity, form: FormMap) -> bool:
    """Whether the marks found put the QR code where it was read (else a mark was mistaken:
    a filled box, a stain): its centre within ``QR_AGREE_MM`` of where the page has it."""
    centre = identity.corners.mean(axis=0).reshape(1, 1, 2)
    at = cv2.perspectiveTransform(centre, np.linalg.inv(homography)).reshape(2)
    expected = _qr_rect(form).centre
    return float(np.hypot(at[0] - expected[0], at[1] - expected[1])) <= QR_AGREE_MM


def _form_by_qr_size(
    identity: Identity, homography: np.ndarray, maps: Mapping[str, FormMap]
) -> FormMap:
    """The print size whose QR code is as large (in mm, between the marks) as the one read."""
    corners = cv2.perspectiveTransform(
        identity.corners.reshape(-1, 1, 2), np.linalg.inv(homography)
    ).reshape(-1, 2)
    side = float(np.mean([np.linalg.norm(corners[i] - corners[(i + 1) % 4]) for i in range(4)]))
    share = qr_quiet_share(identity.payload)

    def gap(form: FormMap) -> float:
        return abs(QR_SIDE_MM[form.size] * (1 - 2 * share) - side)

    return min(maps.values(), key=gap)


def _judge(index: int, ink: float, solid: float) -> BoxReading:
    def reading(state: BoxState, proposed: BoxState | None = None) -> BoxReading:
        return BoxReading(index, state, round(ink, 4), round(solid, 4), proposed or state)

    if solid >= FILLED_FROM:
        return reading(BoxState.FILLED)
    if solid >= REVIEW_FILLED_FROM:  # half filled in: cancelled or a heavy mark? A person says.
        middle = (REVIEW_FILLED_FROM + FILLED_FROM) / 2
        return reading(BoxState.DOUBTFUL, BoxState.FILLED if solid >= middle else BoxState.MARKED)
    if ink < EMPTY_BELOW:
        return reading(BoxState.EMPTY)
    if ink >= MARKED_FROM:
        return reading(BoxState.MARKED)
    middle = (EMPTY_BELOW + MARKED_FROM) / 2
    return reading(BoxState.DOUBTFUL, BoxState.MARKED if ink >= middle else BoxState.EMPTY)


def _qr_rect(form: FormMap) -> Rect:
    side = QR_SIDE_MM[form.size]
    return Rect(form.page_mm[0] - QR_RIGHT_MM - side, QR_TOP_MM, side, side)


def _qr_symbol_mm(identity: Identity, form: FormMap) -> np.ndarray:
    """The QR symbol's corners on the form (inside the quiet zone): TL, TR, BR, BL."""
    rect = _qr_rect(form)
    inset = rect.w * qr_quiet_share(identity.payload)
    x0, y0 = rect.x + inset, rect.y + inset
    x1, y1 = rect.x + rect.w - inset, rect.y + rect.h - inset
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)


def _qr_homography(identity: Identity, form: FormMap) -> np.ndarray:
    """Form mm → image px from the QR code alone (its symbol's corners, inside the quiet zone)."""
    source = _qr_symbol_mm(identity, form)
    # A similarity (turn, scale, shift): a perspective from four points this close together
    # would throw the far corners of the page off by centimetres.
    matrix, _inliers = cv2.estimateAffinePartial2D(source, identity.corners)
    return np.vstack([matrix, [0.0, 0.0, 1.0]])


def _px_per_mm(homography: np.ndarray) -> float:
    """Image pixels per form millimetre near the page's top (where the QR code is)."""
    ends = _project(homography, [(0.0, 0.0), (100.0, 0.0)])
    return float(np.linalg.norm(ends[1] - ends[0])) / 100


def _project(homography: np.ndarray, points: list[tuple[float, float]]) -> np.ndarray:
    array = np.array(points, dtype=np.float32).reshape(-1, 1, 2)
    return cv2.perspectiveTransform(array, homography).reshape(-1, 2)


def _calibrated(
    gray: np.ndarray, homographies: list[np.ndarray], form: FormMap
) -> tuple[np.ndarray, np.ndarray, FormMap]:
    """The first homography whose upright page shows its calibration boxes (an empty and a
    filled one) plainly apart: marks mistaken for something else put them elsewhere."""
    for homography in homographies:
        upright = _flatten(_rectify(gray, homography, form))
        paper, ink = _calibration(upright, form)
        if paper - ink >= CONTRAST_FROM:
            break
    return homography, upright, form


def _rectify(gray: np.ndarray, homography: np.ndarray, form: FormMap) -> np.ndarray:
    to_upright = np.diag([PX_PER_MM, PX_PER_MM, 1.0]) @ np.linalg.inv(homography)
    size = (round(form.page_mm[0] * PX_PER_MM), round(form.page_mm[1] * PX_PER_MM))
    return cv2.warpPerspective(gray, to_upright, size, flags=cv2.INTER_AREA, borderValue=255)


def _flatten(upright: np.ndarray) -> np.ndarray:
    """The page as if lit evenly: divided by its paper's brightness around each point (a closing
    over 12 mm, wider than any mark or fill, done at a quarter of the size)."""
    small = cv2.resize(upright, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    side = round(12 * PX_PER_MM / 4) | 1
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((side, side), np.uint8))
    paper = cv2.GaussianBlur(paper, (0, 0), side / 2)
    paper = cv2.resize(paper, (upright.shape[1], upright.shape[0]), interpolation=cv2.INTER_LINEAR)
    flat = upright.astype(np.float32) * 255 / np.maximum(paper.astype(np.float32), 1)
    return np.clip(flat, 0, 255).astype(np.uint8)


def _writing(upright: np.ndarray, rect: Rect, paper: float, ink: float) -> float:
    """The share of a free-text area under writing, its printed (dotted) lines left out: rows
    dark across a quarter of the width or more are the form's lines, not a hand's."""
    inside = _inside(upright, rect, 1.0)
    if inside.size == 0:
        return 0.0
    dark = (paper - inside.astype(np.float32)) / max(paper - ink, 1.0) > 0.5
    lines = dark.mean(axis=1) > 0.25
    dark[lines | np.roll(lines, 1) | np.roll(lines, -1)] = False
    return float(dark.mean())


def _inside(upright: np.ndarray, rect: Rect, inset_mm: float) -> np.ndarray:
    x0 = round((rect.x + inset_mm) * PX_PER_MM)
    y0 = round((rect.y + inset_mm) * PX_PER_MM)
    x1 = round((rect.x + rect.w - inset_mm) * PX_PER_MM)
    y1 = round((rect.y + rect.h - inset_mm) * PX_PER_MM)
    return upright[y0:y1, x0:x1]


def _calibration(upright: np.ndarray, form: FormMap) -> tuple[float, float]:
    """How light the paper and how dark the ink are on this page (the calibration boxes)."""
    if form.patch_empty is None or form.patch_filled is None:
        raise ValueError("the form's map has no calibration boxes")
    border = form.boxes[0].border if form.boxes else 0.4
    paper = float(np.percentile(_inside(upright, form.patch_empty, border + 0.5), 50))
    ink = float(np.percentile(_inside(upright, form.patch_filled, 0.5), 50))
    return paper, ink


def _paper_around(upright: np.ndarray, rect: Rect) -> float:
    """How light the paper is in a ring 0.5–1.5 mm outside the box's printed border."""
    outer = _inside(upright, rect, -1.5)
    ring = np.ones(outer.shape, dtype=bool)
    core = round(1.0 * PX_PER_MM)
    ring[core:-core, core:-core] = False
    return float(np.median(outer[ring])) if ring.any() else 255.0


def _ink(
    upright: np.ndarray, rect: Rect, border: float, paper: float, ink: float
) -> tuple[float, float]:
    """How much ink is inside the box and how much of it is solid; the printed border and a
    margin for misregistration are left out."""
    inside = _inside(upright, rect, border + 0.45)
    if inside.size == 0:
        return 0.0, 0.0
    # The paper right around the box is the box's own "empty": a shadow or a glare over it
    # moves paper and pencil alike (never lighter than the page's ink, never darker than the
    # calibration box's paper reading allows for).
    paper = max(_paper_around(upright, rect), ink + 0.5 * (paper - ink))
    darkness = (paper - inside.astype(np.float32)) / max(paper - ink, 1.0)
    # A dead zone: paper's grain, noise and a faint crease are not ink.
    amount = np.clip((darkness - DEAD_ZONE) / (1 - DEAD_ZONE), 0, 1)
    dark = (darkness > 0.5).astype(np.uint8)
    side = max(3, round(SOLID_MM * PX_PER_MM) | 1)
    solid = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((side, side), np.uint8))
    return float(amount.mean()), float(solid.mean())
