"""From read pages to filled-in sheets and their answers, and what a person still has to decide.

Pages of one sheet stay together by their printed page numbers in upload order: page 1 starts a
sheet, and so does a page whose number is not above the one before (a sheet scanned twice makes
two sheets; the staff see both in the review). A box counts as its reading, or as what a person
decided of it when it was doubtful. An answer is made of the marked boxes — a filled-in box is a
cancelled one, as the printed instructions say — and a question that takes one answer but has
two marks (or a matrix row with two) goes to a person, who picks the option or none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vidhuk.surveys.paper_map import FormMap

from .choices import PageState
from .models import ScanPage

SEVERAL_ANSWERS = frozenset({"multiple_choice"})


@dataclass(frozen=True)
class ReviewItem:
    """One thing a person decides: a doubtful box, a question with two marks, a written text."""

    kind: str  # "box", "question", "text"
    page: ScanPage
    key: str  # the decisions' key: "box:<index>", "question:<code>:<row>", the text's code
    boxes: tuple[int, ...] = ()  # indexes in the map
    text: int | None = None  # index in the map's texts
    proposed: str = ""


@dataclass
class Sheet:
    number: int
    pages: list[ScanPage] = field(default_factory=list)


def form_of(page: ScanPage, maps: dict[str, FormMap]) -> FormMap:
    return maps[page.size or "standard"]


def sheets_of(pages: Iterable[ScanPage]) -> list[Sheet]:
    sheets: list[Sheet] = []
    previous = 0
    for page in pages:
        if page.state != PageState.READ or page.page_number is None:
            continue
        if not sheets or page.page_number <= previous:
            sheets.append(Sheet(number=len(sheets) + 1))
        sheets[-1].pages.append(page)
        previous = page.page_number
    return sheets


def box_state(page: ScanPage, reading: dict[str, Any]) -> str:
    """What the box holds: the person's decision about a doubtful box, else the reading."""
    decided = page.decisions.get(f"box:{reading['index']}")
    if decided:
        return str(decided)
    return str(reading["state"])


def _groups(page: ScanPage, form: FormMap) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The readings of the page grouped by question and matrix row, in printed order."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for reading in page.readings:
        box = form.boxes[reading["index"]]
        groups.setdefault((box.question, box.row), []).append(reading)
    return groups


def review_items(page: ScanPage, form: FormMap) -> list[ReviewItem]:
    """What a person must still decide on ``page``, in the order the page is read."""
    items = []
    for reading in page.readings:
        if reading["state"] == "doubtful" and f"box:{reading['index']}" not in page.decisions:
            items.append(
                ReviewItem(
                    kind="box",
                    page=page,
                    key=f"box:{reading['index']}",
                    boxes=(reading["index"],),
                    proposed=str(reading["proposed"]),
                )
            )
    if items:
        return items  # boxes first: a question's marks are known only when its boxes are
    for (code, row), readings in _groups(page, form).items():
        key = f"question:{code}:{row}"
        marked = [r for r in readings if box_state(page, r) == "marked"]
        if (
            form.types.get(code) not in SEVERAL_ANSWERS
            and len(marked) > 1
            and key not in page.decisions
        ):
            indexes = tuple(r["index"] for r in readings)
            items.append(ReviewItem(kind="question", page=page, key=key, boxes=indexes))
    for index in page.written:
        text = form.texts[index]
        if text.question not in page.texts:
            items.append(ReviewItem(kind="text", page=page, key=text.question, text=index))
    return items


def answers_of(sheet: Sheet, maps: dict[str, FormMap]) -> dict[str, Any]:
    """The sheet's answers keyed by question code, in the shapes ``response_submit`` takes."""
    answers: dict[str, Any] = {}
    for page in sheet.pages:
        form = form_of(page, maps)
        for (code, row), readings in _groups(page, form).items():
            values = [
                form.boxes[r["index"]].value for r in readings if box_state(page, r) == "marked"
            ]
            decided = page.decisions.get(f"question:{code}:{row}")
            if decided is not None:
                values = [decided] if decided else []
            if form.types.get(code) == "matrix":
                answers.setdefault(code, {})
                if len(values) == 1:
                    answers[code][row] = values[0]
            elif form.types.get(code) in SEVERAL_ANSWERS:
                answers[code] = values or None
            else:
                answers[code] = values[0] if len(values) == 1 else None
        for code, text in page.texts.items():
            answers[code] = text.strip() or None
    return answers
