"""Printable paper: questionnaires on A4 and visit-code slips, made with WeasyPrint.

A questionnaire on paper numbers its questions 1…N across the whole version and each answer
option 1…k within its question («1 Так, 2 Ні»); a 1–5 rating and a 0–10 scale are their own
numbers. Staff entering a filled form type those numbers (``paper_layout`` gives the same
numbering to the entry page), so the paper and the screen cannot disagree.

Every page of a questionnaire carries a QR code naming the questionnaire, the version and the
page (``qr.page_payload``), so a scanned form can be read back automatically. WeasyPrint cannot
put a different image on each page from one stylesheet, so the document is rendered once, its
pages counted, and a one-page stamp per page (QR code, the same identifier in small print,
«сторінка N з M», the draft mark) rendered as a second document and merged onto it with pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from vidhuk.core.qr import qr_data_uri

from .choices import NO, NUMBER_RANGES, YES, QuestionType
from .models import QUESTION_ORDER, Question, QuestionnaireVersion, Section
from .paper_map import BOX_MM, MARK_MM, FormMap, form_map, mark_rects, patch_rects
from .qr import display_code, page_payload, visit_url

LANGUAGES = ("uk", "en")
SIZE_STANDARD = "standard"
SIZE_LARGE = "large"
SIZES = (SIZE_STANDARD, SIZE_LARGE)
LAYOUT_SHEET = "sheet"
LAYOUT_RECEIPT = "receipt"
LAYOUTS = (LAYOUT_SHEET, LAYOUT_RECEIPT)
# Types whose answer is one option: the paper can say where to go next after it.
SINGLE_ANSWER_TYPES = frozenset(
    {QuestionType.SINGLE_CHOICE, QuestionType.YES_NO, QuestionType.RATING, QuestionType.SCALE}
)


# --- the numbered layout, shared by the PDF and the entry page ----------------------------------


@dataclass(frozen=True)
class PaperOption:
    number: int
    value: str
    label: str


@dataclass
class PaperQuestion:
    number: int
    question: Question
    text: str
    help: str
    options: list[PaperOption]
    rows: list[PaperOption] = field(default_factory=list)
    condition: str = ""  # «Дайте відповідь, лише якщо на питання 3 ви відповіли «Ні».»
    skips: list[str] = field(default_factory=list)  # «Якщо ви відповіли «Так», перейдіть до…»

    @property
    def code(self) -> str:
        return self.question.code

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def is_multiple(self) -> bool:
        return self.type == QuestionType.MULTIPLE_CHOICE

    @property
    def is_number(self) -> bool:
        return self.type in NUMBER_RANGES

    @property
    def is_matrix(self) -> bool:
        return self.type == QuestionType.MATRIX

    @property
    def is_text(self) -> bool:
        return self.type == QuestionType.TEXT

    def value_of(self, number: int) -> str | None:
        """The stored value of the option printed as ``number``, or None."""
        for option in self.options:
            if option.number == number:
                return option.value
        return None

    def number_of(self, value: str) -> int | None:
        for option in self.options:
            if option.value == value:
                return option.number
        return None


@dataclass
class PaperSection:
    title: str
    questions: list[PaperQuestion]


def in_language(item: Any, name: str, language: str) -> str:
    """The English text when asked for and present, else the Ukrainian one."""
    getter = item.get if isinstance(item, dict) else lambda key: getattr(item, key, "")
    english = getter(f"{name}_en") if language == "en" else ""
    return str(english or getter(f"{name}_uk") or "")


def paper_layout(*, version: QuestionnaireVersion, language: str = "uk") -> list[PaperSection]:
    """Sections and numbered questions of a version as printed on paper.

    Messages come in the active language: call it inside ``translation.override(language)``.
    """
    sections = list(Section.objects.filter(version=version).order_by("position", "id"))
    questions = list(version.questions.order_by(*QUESTION_ORDER))
    numbered = [
        _paper_question(question, number, language)
        for number, question in enumerate(questions, start=1)
    ]
    _add_skip_logic(numbered)
    by_section: dict[int, list[PaperQuestion]] = {section.pk: [] for section in sections}
    for paper_question in numbered:
        by_section.setdefault(paper_question.question.section_id, []).append(paper_question)
    return [
        PaperSection(
            title=in_language(section, "title", language), questions=by_section[section.pk]
        )
        for section in sections
        if by_section[section.pk]
    ]


def paper_questions(*, version: QuestionnaireVersion, language: str = "uk") -> list[PaperQuestion]:
    """The numbered questions of ``paper_layout`` in one list, in paper order."""
    layout = paper_layout(version=version, language=language)
    return [paper_question for section in layout for paper_question in section.questions]


def _paper_question(question: Question, number: int, language: str) -> PaperQuestion:
    return PaperQuestion(
        number=number,
        question=question,
        text=in_language(question, "text", language),
        help=in_language(question, "help", language),
        options=_options(question, language),
        rows=[
            PaperOption(index, str(row["value"]), in_language(row, "label", language))
            for index, row in enumerate(question.rows, start=1)
        ],
    )


def _options(question: Question, language: str) -> list[PaperOption]:
    if question.type in NUMBER_RANGES:
        low, high = NUMBER_RANGES[question.type]
        return [PaperOption(number=n, value=str(n), label=str(n)) for n in range(low, high + 1)]
    if question.type == QuestionType.YES_NO:
        return [PaperOption(1, YES, _("Так")), PaperOption(2, NO, _("Ні"))]
    if question.type == QuestionType.TEXT:
        return []
    return [
        PaperOption(index, str(option["value"]), in_language(option, "label", language))
        for index, option in enumerate(question.options, start=1)
    ]


def _quoted(labels: Iterable[str]) -> str:
    """«Так», «Ні» або «Частково»."""
    items = [f"«{label}»" for label in labels]
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s або %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _add_skip_logic(questions: list[PaperQuestion]) -> None:
    """Write the skip logic (``show_if``) in words, at both ends.

    At the question asked only after a given answer: «Дайте відповідь, лише якщо…». At the
    question whose answer decides: «Якщо ви відповіли «Ні», перейдіть до питання 7» — for each
    answer after which the next question on paper is not the next one to answer.
    """
    by_code = {paper_question.code: paper_question for paper_question in questions}
    for paper_question in questions:
        condition = paper_question.question.show_if or {}
        source = by_code.get(str(condition.get("question", "")))
        if source is None:
            continue
        labels = {option.value: option.label for option in source.options}
        wanted = [labels.get(str(value), str(value)) for value in condition.get("equals", [])]
        paper_question.condition = _(
            "Дайте відповідь, лише якщо на питання %(number)s ви відповіли %(answers)s."
        ) % {"number": source.number, "answers": _quoted(wanted)}
    for index, source in enumerate(questions):
        if source.type in SINGLE_ANSWER_TYPES:
            source.skips = _skip_notes(questions, index)


def _skip_notes(questions: list[PaperQuestion], index: int) -> list[str]:
    source = questions[index]
    following = questions[index + 1 : index + 2]
    targets: dict[int | None, list[str]] = {}
    for option in source.options:
        target = _next_shown(questions, index, option.value)
        if following and target is following[0]:
            continue
        if not following and target is None:
            continue
        targets.setdefault(target.number if target else None, []).append(option.label)
    notes = []
    for number, labels in targets.items():
        if number is None:
            notes.append(
                _("Якщо ви відповіли %(answers)s, на цьому анкету завершено.")
                % {"answers": _quoted(labels)}
            )
        else:
            notes.append(
                _("Якщо ви відповіли %(answers)s, перейдіть до питання %(number)s.")
                % {"answers": _quoted(labels), "number": number}
            )
    return notes


def _next_shown(questions: list[PaperQuestion], index: int, value: str) -> PaperQuestion | None:
    """The first later question a respondent who gave ``value`` answers next.

    A question conditional on another answer than this one is taken as shown (that answer is not
    known yet), unless it depends on a question this answer already hid.
    """
    source_code = questions[index].code
    hidden: set[str] = set()
    for candidate in questions[index + 1 :]:
        condition = candidate.question.show_if or {}
        depends_on = str(condition.get("question", ""))
        if not depends_on:
            return candidate
        if depends_on == source_code:
            is_shown = value in {str(v) for v in condition.get("equals", [])}
        else:
            is_shown = depends_on not in hidden
        if is_shown:
            return candidate
        hidden.add(candidate.code)
    return None


# --- the questionnaire PDF -----------------------------------------------------------------------


def questionnaire_pdf(
    *,
    version: QuestionnaireVersion,
    size: str = SIZE_STANDARD,
    language: str = "uk",
    serials: Sequence[int] = (),
) -> bytes:
    """A4 questionnaire of ``version``; ``size`` ``large`` is the large-print copy (16 pt body,
    bigger boxes). A draft is marked «ЧЕРНЕТКА» on every page.

    With ``serials`` (a print run's numbers, ``services.printing``) the PDF holds one copy per
    serial, each page's QR code naming its copy's serial; without, one unnumbered copy."""
    pdf, _document = _questionnaire(version=version, size=size, language=language, serials=serials)
    return pdf


def questionnaire_pdf_and_map(
    *, version: QuestionnaireVersion, size: str = SIZE_STANDARD, language: str = "uk"
) -> tuple[bytes, FormMap]:
    """The printed questionnaire and, from the same layout, where each of its boxes is
    (``paper_map.FormMap``): what reading a scan of it needs."""
    pdf, document = _questionnaire(version=version, size=size, language=language)
    with translation.override(language):
        questions = paper_questions(version=version, language=language)
    return pdf, form_map(
        document=document, version=version, size=size, language=language, questions=questions
    )


def box_geometry(size: str) -> dict[str, str]:
    """The answer box's inside and border (mm, as CSS text: never a localised decimal comma)."""
    inner, border = BOX_MM[size]
    return {"inner": f"{inner:g}", "border": f"{border:g}"}


def stamp_geometry(size: str) -> dict[str, Any]:
    """Where the page stamp puts its corner marks and calibration boxes (mm, as CSS text)."""
    empty, filled = patch_rects(size)
    return {
        "mark": f"{MARK_MM:g}",
        "marks": [(f"{mark.x:g}", f"{mark.y:g}") for mark in mark_rects()],
        "patch_y": f"{empty.y:g}",
        "patch_empty_x": f"{empty.x:g}",
        "patch_filled_x": f"{filled.x:g}",
    }


def _questionnaire(
    *, version: QuestionnaireVersion, size: str, language: str, serials: Sequence[int] = ()
) -> tuple[bytes, Any]:
    if size not in SIZES or language not in LANGUAGES:
        raise ValueError(f"Unknown size {size!r} or language {language!r}")
    questionnaire = version.questionnaire
    copies: list[int | None] = [*serials] or [None]
    with translation.override(language):
        context = {
            "version": version,
            "questionnaire": questionnaire,
            "title": in_language(questionnaire, "title", language),
            "privacy_note": in_language(questionnaire, "privacy_note", language),
            "sections": paper_layout(version=version, language=language),
            "is_large": size == SIZE_LARGE,
            "language": language,
            "box": box_geometry(size),
            "stamp": stamp_geometry(size),
        }
        document = _render(render_to_string("surveys/paper/questionnaire.html", context))
        total = len(document.pages)
        stamps = _render(
            render_to_string(
                "surveys/paper/page_stamps.html",
                {
                    **context,
                    "pages": [
                        _page_stamp(version=version, page=page, total=total, serial=serial)
                        for serial in copies
                        for page in range(1, total + 1)
                    ],
                },
            )
        )
    return _merge(document.write_pdf(), stamps.write_pdf(), copies=len(copies)), document


@dataclass(frozen=True)
class PageStamp:
    number: int
    total: int
    payload: str
    qr: str
    serial: int | None = None


def _page_stamp(
    *, version: QuestionnaireVersion, page: int, total: int, serial: int | None
) -> PageStamp:
    payload = page_payload(
        questionnaire_id=version.questionnaire_id, version_id=version.pk, page=page, serial=serial
    )
    # PNG when there are many copies: WeasyPrint lays PNGs out several times faster than SVGs.
    kind = "png" if serial is not None else "svg"
    return PageStamp(
        number=page, total=total, payload=payload, qr=qr_data_uri(payload, kind=kind), serial=serial
    )


def _render(html: str) -> Any:
    from weasyprint import HTML  # imported here: Pango loads on first use, not at start-up

    return HTML(string=html).render()


def _merge(content: bytes, stamps: bytes, *, copies: int = 1) -> bytes:
    """Lay page i of ``stamps`` over page i of ``content`` repeated ``copies`` times."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    for _copy in range(1, copies):
        writer.append(PdfReader(io.BytesIO(content)))
    stamp_pages = PdfReader(io.BytesIO(stamps)).pages
    for page, stamp in zip(writer.pages, stamp_pages, strict=True):
        page.merge_page(stamp)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# --- visit-code slips ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitSlip:
    code: str
    url: str
    qr: str


def visit_slips_pdf(
    *,
    codes: list[str],
    base_url: str,
    centre: Any,
    office_name: str,
    valid_on: dt.date,
    valid_until: dt.date,
    layout: str = LAYOUT_SHEET,
) -> bytes:
    """Slips to cut out (A4, two columns) or a strip for an 80 mm receipt printer (one slip a
    page): the QR code of the visit's address, the code for typing, one line of instruction."""
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown layout {layout!r}")
    slips = []
    for code in codes:
        url = visit_url(base_url=base_url, centre_slug=centre.slug, code=display_code(code))
        slips.append(VisitSlip(code=display_code(code), url=url, qr=qr_data_uri(url, kind="png")))
    html = render_to_string(
        "surveys/paper/visit_slips.html",
        {
            "slips": slips,
            "centre": centre,
            "office_name": office_name,
            "valid_on": valid_on,
            "valid_until": valid_until,
            "is_receipt": layout == LAYOUT_RECEIPT,
            "host": base_url.split("://", 1)[-1].rstrip("/"),
        },
    )
    return bytes(_render(html).write_pdf())
