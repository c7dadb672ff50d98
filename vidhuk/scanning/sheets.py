"""From read pages to filled-in sheets and their answers, and what a person still has to decide.

**Sheets.** A page whose QR code carries a sheet serial (``surveys.qr``; forms printed in runs,
``surveys.services.printing``) joins the other pages of that serial wherever it lies in the
upload (a duplex scanner's fronts-then-backs, a photo taken again at the end). A page number
already present for its serial is the same page scanned twice: left out, and said so. A serial
already entered in the centre (``models.ScannedSheet``) is the sheet scanned again: the whole
sheet is left out and shown to the reviewer, never entered as a second response. Pages of forms
printed before serials stay together by their printed page numbers in upload order (page 1
starts a sheet, so does a number not above the one before). Printed pages missing from a sheet
are reported.

**Answers.** A box counts as its reading, or as what a person decided of it when it was
doubtful. An answer is made of the marked boxes — a filled-in box is a cancelled one, as the
printed instructions say. The questionnaire's rules go to a person: a question that takes one
answer with two marks (or a matrix row with two), and a required question left empty (when its
skip logic shows it), where the reviewer confirms it was skipped or types the option marked too
faintly to read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vidhuk.core.tokens import token_digest
from vidhuk.surveys.paper_map import FormMap

from .choices import PageState
from .models import ScanPage

SEVERAL_ANSWERS = frozenset({"multiple_choice"})
SERIAL_PURPOSE = "scanning-sheet-serial"


@dataclass(frozen=True)
class ReviewItem:
    """One thing a person decides: a doubtful box, a question with two marks, a required question
    left empty, a written text."""

    kind: str  # "box", "question", "required", "text"
    page: ScanPage
    key: str  # the decisions' key: "box:<index>", "question:<code>:<row>", the text's code
    boxes: tuple[int, ...] = ()  # indexes in the map
    text: int | None = None  # index in the map's texts
    proposed: str = ""


@dataclass
class Sheet:
    number: int
    pages: list[ScanPage] = field(default_factory=list)
    serial: int | None = None
    repeated: list[ScanPage] = field(default_factory=list)  # its pages scanned a second time
    missing: list[int] = field(default_factory=list)  # printed page numbers not uploaded
    is_entered_before: bool = False  # its serial was entered in an earlier batch

    @property
    def positions(self) -> list[int]:
        return [page.position for page in self.pages]


def serial_digest(*, centre_id: int, serial: int) -> str:
    """The keyed digest a centre's entered serial is remembered by (``models.ScannedSheet``)."""
    return token_digest(SERIAL_PURPOSE, f"{centre_id}:{serial}")


def form_of(page: ScanPage, maps: dict[str, FormMap]) -> FormMap:
    return maps[page.size or "standard"]


def sheets_of(
    pages: Iterable[ScanPage],
    maps: dict[str, FormMap] | None = None,
    *,
    entered: frozenset[int] = frozenset(),
) -> list[Sheet]:
    """The sheets of a batch's read pages (in upload order); ``entered``: the serials among them
    already entered in the centre."""
    sheets: list[Sheet] = []
    by_serial: dict[int, Sheet] = {}
    previous = 0
    unnumbered: Sheet | None = None
    for page in pages:
        if page.state != PageState.READ or page.page_number is None:
            continue
        if page.serial is not None:
            sheet = by_serial.get(page.serial)
            if sheet is None:
                sheet = by_serial[page.serial] = Sheet(number=len(sheets) + 1, serial=page.serial)
                sheet.is_entered_before = page.serial in entered
                sheets.append(sheet)
            if any(p.page_number == page.page_number for p in sheet.pages):
                sheet.repeated.append(page)
            else:
                sheet.pages.append(page)
            continue
        if unnumbered is None or page.page_number <= previous:
            unnumbered = Sheet(number=len(sheets) + 1)
            sheets.append(unnumbered)
        unnumbered.pages.append(page)
        previous = page.page_number
    for sheet in sheets:
        sheet.pages.sort(key=lambda page: page.page_number or 0)
        if maps is not None:
            printed = form_of(sheet.pages[0], maps).pages
            present = {page.page_number for page in sheet.pages}
            sheet.missing = [n for n in range(1, printed + 1) if n not in present]
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


def sheet_review_items(sheet: Sheet, maps: dict[str, FormMap]) -> list[ReviewItem]:
    """What a person must still decide on ``sheet``: each page's items, then — once those are
    settled — every required question the sheet leaves empty although its skip logic shows it
    (a matrix is not asked: which row would the typed number be for?)."""
    items = [item for page in sheet.pages for item in review_items(page, form_of(page, maps))]
    if items:
        return items
    answers = answers_of(sheet, maps)
    for page in sheet.pages:
        form = form_of(page, maps)
        groups = _groups(page, form)
        for code in form.required:
            key = f"question:{code}:"
            if (
                (code, "") not in groups
                or form.types.get(code) == "matrix"
                or answers.get(code) not in (None, [])
                or key in page.decisions
                or not _is_shown(form.conditions.get(code), answers)
            ):
                continue
            indexes = tuple(r["index"] for r in groups[(code, "")])
            items.append(ReviewItem(kind="required", page=page, key=key, boxes=indexes))
    return items


def _is_shown(condition: dict[str, Any] | None, answers: dict[str, Any]) -> bool:
    """The skip logic as ``surveys.services.is_shown`` reads it, on the sheet's answers."""
    if not condition:
        return True
    given = answers.get(str(condition.get("question")))
    values = {str(v) for v in given} if isinstance(given, list) else {str(given)}
    return bool(values & {str(v) for v in condition.get("equals", [])})


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
