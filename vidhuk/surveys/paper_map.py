"""Where everything was printed on a paper questionnaire: the form's map, for reading scans back.

The map comes from the very layout that printed the PDF (``paper.questionnaire_pdf_and_map``):
WeasyPrint reports where each element with an id landed on its page (``Page.anchors``: its
border box, CSS pixels from the page's top-left corner), and every answer box carries an id
naming its question, matrix row and option (``box-<question>-<row>-<option>``, printed
numbers); each free-text area is ``text-<question>``. The page stamp's corner marks and
calibration boxes are placed by the numbers below, which the map repeats. All lengths are
millimetres from the page's top-left corner.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import QuestionnaireVersion
    from .paper import PaperQuestion

PX_MM = 25.4 / 96  # one CSS pixel
# The printed answer box: its inside and its border, standard and large print.
BOX_MM = {"standard": (4.6, 0.4), "large": (8.0, 0.6)}
PAGE_MM = (210.0, 297.0)
# Four solid corner marks (side; inset from the page's edges) and the calibration boxes (an empty
# and a filled one) at the bottom left of every page.
MARK_MM = 5.0
MARK_INSET_MM = 7.0
PATCH_X_MM = (16.0, 24.0)
PATCH_BOTTOM_MM = 9.0
_BOX_ID = re.compile(r"^box-(\d+)-(\d+)-(\d+)$")
_TEXT_ID = re.compile(r"^text-(\d+)$")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)


@dataclass(frozen=True)
class MapBox:
    """One answer box: the outer edge of its printed border."""

    page: int
    question: str  # the question's code
    number: int  # the question's printed number
    row: str  # a matrix row's value, else ""
    value: str  # the option's stored value
    rect: Rect
    border: float
    option: int | None = None  # its printed number (None in maps stored before it was kept)


@dataclass(frozen=True)
class MapText:
    page: int
    question: str
    number: int
    rect: Rect


@dataclass
class FormMap:
    version_id: int
    size: str
    language: str
    pages: int
    page_mm: tuple[float, float] = PAGE_MM
    marks: list[Rect] = field(default_factory=list)  # TL, TR, BL, BR: the same on every page
    patch_empty: Rect | None = None
    patch_filled: Rect | None = None
    boxes: list[MapBox] = field(default_factory=list)
    texts: list[MapText] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)  # question code → its type
    required: list[str] = field(default_factory=list)  # codes of the required questions
    # question code → its skip logic (``Question.show_if``: {"question": code, "equals": [...]})
    conditions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def boxes_on(self, page: int) -> list[MapBox]:
        return [box for box in self.boxes if box.page == page]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FormMap:
        def rect(value: dict[str, float] | None) -> Rect | None:
            return Rect(**value) if value else None

        return cls(
            version_id=data["version_id"],
            size=data["size"],
            language=data["language"],
            pages=data["pages"],
            page_mm=tuple(data["page_mm"]),  # type: ignore[arg-type]
            marks=[Rect(**mark) for mark in data["marks"]],
            patch_empty=rect(data["patch_empty"]),
            patch_filled=rect(data["patch_filled"]),
            boxes=[MapBox(**{**box, "rect": Rect(**box["rect"])}) for box in data["boxes"]],
            texts=[MapText(**{**text, "rect": Rect(**text["rect"])}) for text in data["texts"]],
            types=dict(data.get("types", {})),
            required=list(data.get("required", [])),
            conditions=dict(data.get("conditions", {})),
        )


def box_outer_mm(size: str) -> float:
    inner, border = BOX_MM[size]
    return inner + 2 * border


def mark_rects() -> list[Rect]:
    right = PAGE_MM[0] - MARK_INSET_MM - MARK_MM
    bottom = PAGE_MM[1] - MARK_INSET_MM - MARK_MM
    corners = [(MARK_INSET_MM, MARK_INSET_MM), (right, MARK_INSET_MM)]
    corners += [(MARK_INSET_MM, bottom), (right, bottom)]
    return [Rect(x, y, MARK_MM, MARK_MM) for x, y in corners]


def patch_rects(size: str) -> tuple[Rect, Rect]:
    side = box_outer_mm(size)
    y = PAGE_MM[1] - PATCH_BOTTOM_MM - side
    return Rect(PATCH_X_MM[0], y, side, side), Rect(PATCH_X_MM[1], y, side, side)


def form_map(
    *,
    document: Any,
    version: QuestionnaireVersion,
    size: str,
    language: str,
    questions: Sequence[PaperQuestion],
) -> FormMap:
    """The map of a rendered WeasyPrint ``document`` of ``questions``."""
    by_number = {question.number: question for question in questions}
    empty, filled = patch_rects(size)
    result = FormMap(
        version_id=version.pk,
        size=size,
        language=language,
        pages=len(document.pages),
        marks=mark_rects(),
        patch_empty=empty,
        patch_filled=filled,
        types={question.code: str(question.type) for question in questions},
        required=[question.code for question in questions if question.question.is_required],
        conditions={
            question.code: dict(question.question.show_if)
            for question in questions
            if question.question.show_if
        },
    )
    for page_number, page in enumerate(document.pages, start=1):
        for anchor, corners in sorted(page.anchors.items()):
            x, y, right, bottom = (round(value * PX_MM, 3) for value in corners)
            rect = Rect(x, y, round(right - x, 3), round(bottom - y, 3))
            if match := _BOX_ID.match(anchor):
                number, row, option = (int(part) for part in match.groups())
                question = by_number[number]
                result.boxes.append(
                    MapBox(
                        page=page_number,
                        question=question.code,
                        number=number,
                        row=question.rows[row - 1].value if row else "",
                        value=question.value_of(option) or "",
                        rect=rect,
                        border=BOX_MM[size][1],
                        option=option,
                    )
                )
            elif match := _TEXT_ID.match(anchor):
                number = int(match.group(1))
                result.texts.append(
                    MapText(
                        page=page_number,
                        question=by_number[number].code,
                        number=number,
                        rect=rect,
                    )
                )
    return result
