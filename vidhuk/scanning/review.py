"""What the review page shows of a scanned page: the part a person decides about (its boxes
outlined), where on the form it is, and which options a two-mark question was marked with."""

from __future__ import annotations

from typing import Any

import cv2

from vidhuk.surveys.paper_map import FormMap, Rect

from .models import ScanPage
from .pages import decode, encode_png
from .recognition import PX_PER_MM
from .sheets import ReviewItem, box_state

MARGIN_MM = 4.0
OUTLINE_MM = 0.8
OUTLINE_BGR = (0, 80, 220)


def item_place(item: ReviewItem, form: FormMap) -> dict[str, Any]:
    """The printed question number and page of a review item."""
    if item.text is not None:
        text = form.texts[item.text]
        return {"number": text.number, "page": text.page}
    box = form.boxes[item.boxes[0]]
    return {"number": box.number, "page": box.page, "row": box.row}


def printed_options(item: ReviewItem, form: FormMap) -> dict[str, str]:
    """The options of an item's question: printed number → stored value (maps stored before the
    printed number was kept count the boxes from 1)."""
    options = {}
    for number, index in enumerate(item.boxes, start=1):
        box = form.boxes[index]
        options[str(number if box.option is None else box.option)] = box.value
    return options


def marked_options(item: ReviewItem, form: FormMap) -> dict[str, str]:
    """A two-mark question's marked options: printed number → stored value."""
    states = {r["index"]: box_state(item.page, r) for r in item.page.readings}
    marked = {form.boxes[index].value for index in item.boxes if states.get(index) == "marked"}
    options = printed_options(item, form)
    return {number: value for number, value in options.items() if value in marked}


def rects_for(form: FormMap, key: str) -> list[Rect]:
    if key.startswith("box:") and key[4:].isdecimal():
        index = int(key[4:])
        return [form.boxes[index].rect] if index < len(form.boxes) else []
    if key.startswith("question:"):
        code, _sep, row = key.removeprefix("question:").partition(":")
        return [b.rect for b in form.boxes if b.question == code and b.row == row]
    return [t.rect for t in form.texts if t.question == key]


def crop_png(*, page: ScanPage, form: FormMap, key: str) -> bytes | None:
    """The part of the upright page that ``key`` names, outlined in blue, as a PNG."""
    rects = rects_for(form, key)
    if not rects or not page.upright:
        return None
    image = cv2.cvtColor(decode(bytes(page.upright)), cv2.COLOR_GRAY2BGR)
    for rect in rects:
        top_left = _px(rect.x - OUTLINE_MM), _px(rect.y - OUTLINE_MM)
        bottom_right = _px(rect.x + rect.w + OUTLINE_MM), _px(rect.y + rect.h + OUTLINE_MM)
        cv2.rectangle(image, top_left, bottom_right, OUTLINE_BGR, 2)
    x0 = _px(max(min(r.x for r in rects) - MARGIN_MM, 0))
    y0 = _px(max(min(r.y for r in rects) - MARGIN_MM, 0))
    x1 = _px(max(r.x + r.w for r in rects) + MARGIN_MM)
    y1 = _px(max(r.y + r.h for r in rects) + MARGIN_MM)
    part = image[y0:y1, x0:x1]
    if part.shape[1] < 400:  # a box or two: enlarged so the mark is plain to see
        part = cv2.resize(part, None, fx=3, fy=3, interpolation=cv2.INTER_CUBIC)
    return encode_png(part)


def _px(mm: float) -> int:
    return round(mm * PX_PER_MM)
