"""The form's map says where the printed PDF put each answer box, corner mark and calibration box:
checked on the PDF itself, rendered to pixels as a scanner would see it."""

from __future__ import annotations

import numpy as np
import pypdfium2
import pytest

from vidhuk.surveys.choices import QuestionType
from vidhuk.surveys.paper import questionnaire_pdf, questionnaire_pdf_and_map
from vidhuk.surveys.paper_map import FormMap, Rect
from vidhuk.surveys.tests import factories

every_type = factories.every_type
standard = factories.standard

DPI = 200


def _pages(pdf: bytes) -> list[np.ndarray]:
    document = pypdfium2.PdfDocument(pdf)
    return [np.asarray(page.render(scale=DPI / 72, grayscale=True).to_pil()) for page in document]


def _px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


def _mean(image: np.ndarray, rect: Rect, *, inset: float = 0.0) -> float:
    x0, y0 = _px(rect.x + inset), _px(rect.y + inset)
    x1, y1 = _px(rect.x + rect.w - inset), _px(rect.y + rect.h - inset)
    return float(image[y0:y1, x0:x1].mean())


def _ring(image: np.ndarray, rect: Rect, border: float) -> float:
    """The mean of the printed border alone (its middle line on each side)."""
    half = border / 2
    xs = [_px(rect.x + half), _px(rect.x + rect.w - half)]
    ys = [_px(rect.y + half), _px(rect.y + rect.h - half)]
    y0, y1, x0, x1 = (
        _px(rect.y + 1),
        _px(rect.y + rect.h - 1),
        _px(rect.x + 1),
        _px(rect.x + rect.w - 1),
    )
    samples = [image[y0:y1, x].mean() for x in xs] + [image[y, x0:x1].mean() for y in ys]
    return float(np.mean(samples))


@pytest.mark.parametrize("size", ["standard", "large"])
def test_every_box_in_the_map_is_where_the_pdf_printed_one(every_type, size):
    pdf, form = questionnaire_pdf_and_map(version=every_type, size=size)
    pages = _pages(pdf)
    assert form.pages == len(pages)
    assert form.boxes, "the map names the answer boxes"
    for box in form.boxes:
        image = pages[box.page - 1]
        # Inside white, the border dark: the box is exactly there (a shift of half a border
        # would put white paper on the border's middle line).
        assert _mean(image, box.rect, inset=box.border + 0.4) > 240, box
        assert _ring(image, box.rect, box.border) < 110, box
    for image in pages:
        for mark in form.marks:
            assert _mean(image, mark, inset=0.5) < 40
        assert _mean(image, form.patch_filled, inset=0.3) < 40
        assert _mean(image, form.patch_empty, inset=form.boxes[0].border + 0.4) > 240


def test_the_map_names_each_option_and_matrix_row_with_its_stored_value(every_type):
    _pdf, form = questionnaire_pdf_and_map(version=every_type)
    questions = {q.code: q for q in every_type.questions.all()}
    for box in form.boxes:
        question = questions[box.question]
        if question.type == QuestionType.MATRIX:
            assert box.row in {str(row["value"]) for row in question.rows}
        else:
            assert box.row == ""
        assert box.value, box
    yes_no = [b for b in form.boxes if questions[b.question].type == QuestionType.YES_NO]
    assert sorted(b.value for b in yes_no if b.question == yes_no[0].question) == ["no", "yes"]
    assert {t.question for t in form.texts} == {
        code for code, q in questions.items() if q.type == QuestionType.TEXT
    }
    assert all(text.rect.w > 100 and text.rect.h > 20 for text in form.texts)


def test_the_map_survives_being_stored_as_json(standard):
    _pdf, form = questionnaire_pdf_and_map(version=standard)
    assert FormMap.from_dict(form.to_dict()) == form


def test_the_printed_pdf_is_the_one_the_map_describes(standard):
    pdf, _form = questionnaire_pdf_and_map(version=standard)
    assert len(_pages(pdf)) == len(_pages(questionnaire_pdf(version=standard)))
