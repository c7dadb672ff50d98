"""Reading the boxes of Vidhuk's own printed questionnaire back from a scanned page: the PDF is
rendered as a scanner would, marked as people mark, spoiled as scanners spoil, and read."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from vidhuk.scanning.recognition import BoxState, Refusal, read_page
from vidhuk.scanning.synthetic import (
    Mark,
    PhotoSpoil,
    ScanSpoil,
    draw_mark,
    photograph,
    render_pages,
    spoil,
)
from vidhuk.surveys.paper import questionnaire_pdf_and_map
from vidhuk.surveys.tests import factories

every_type = factories.every_type

MARKED = (Mark.CROSS, Mark.TICK, Mark.OVER_EDGE)


@pytest.fixture
def printed(every_type):
    return questionnaire_pdf_and_map(version=every_type)


def _marked_page(pdf, form, *, dpi, page, rng):
    """Page ``page`` with every third box marked (crosses, ticks, strokes over the edge) and
    every seventh filled in; returns the image and what each box on it holds."""
    image = render_pages(pdf, dpi=dpi)[page - 1].copy()
    expected = {}
    for index, box in enumerate(form.boxes):
        if box.page != page:
            continue
        if index % 7 == 3:
            draw_mark(image, box.rect, Mark.FILL, dpi=dpi, rng=rng)
            expected[index] = BoxState.FILLED
        elif index % 3 == 0:
            draw_mark(image, box.rect, MARKED[index % len(MARKED)], dpi=dpi, rng=rng)
            expected[index] = BoxState.MARKED
        else:
            expected[index] = BoxState.EMPTY
    return image, expected


@pytest.mark.parametrize(
    ("dpi", "how"),
    [
        pytest.param(300, ScanSpoil(), id="300dpi-clean"),
        pytest.param(
            200, ScanSpoil(rotation=3.5, scale=0.98, noise=5, jpeg=75), id="200dpi-tilted"
        ),
        pytest.param(
            150, ScanSpoil(rotation=-4.8, scale=1.03, blur=0.8, fold=True), id="150dpi-fold"
        ),
    ],
)
def test_every_box_is_read_as_it_was_marked(printed, dpi, how):
    pdf, form = printed
    rng = np.random.default_rng(16)
    image, expected = _marked_page(pdf, form, dpi=dpi, page=1, rng=rng)
    reading = read_page(spoil(image, how, rng=rng), form)
    assert reading.refusal is None
    assert reading.page_id.version_id == form.version_id
    assert reading.page_id.page == 1
    assert reading.marks_found == 4
    got = {box.index: box.state for box in reading.boxes}
    assert got == expected
    assert sum(state == BoxState.MARKED for state in got.values()) >= 3


def test_the_second_page_is_read_as_the_second_page(printed):
    pdf, form = printed
    assert form.pages >= 2
    rng = np.random.default_rng(2)
    image, expected = _marked_page(pdf, form, dpi=200, page=2, rng=rng)
    reading = read_page(image, form)
    assert reading.page_id.page == 2
    assert {box.index: box.state for box in reading.boxes} == expected


def test_an_unmarked_page_with_a_fold_reads_no_mark(printed):
    pdf, form = printed
    rng = np.random.default_rng(5)
    image = render_pages(pdf, dpi=200)[0]
    reading = read_page(spoil(image, ScanSpoil(rotation=1.2, fold=True, noise=6), rng=rng), form)
    assert reading.boxes
    assert all(box.state == BoxState.EMPTY for box in reading.boxes)


def test_a_page_that_is_not_a_vidhuk_form_is_refused_saying_so(printed):
    _pdf, form = printed
    blank = np.full((2339, 1654), 255, dtype=np.uint8)
    assert read_page(blank, form).refusal == Refusal.NOT_A_FORM


def test_a_light_pencil_mark_goes_to_a_person_or_is_read_as_marked_never_as_empty(printed):
    pdf, form = printed
    rng = np.random.default_rng(9)
    image = render_pages(pdf, dpi=200)[0].copy()
    first = next(i for i, box in enumerate(form.boxes) if box.page == 1)
    draw_mark(image, form.boxes[first].rect, Mark.PENCIL, dpi=200, rng=rng)
    box = next(b for b in read_page(image, form).boxes if b.index == first)
    assert box.state in (BoxState.MARKED, BoxState.DOUBTFUL)
    assert box.proposed == BoxState.MARKED


def test_a_phone_photo_tilted_bent_by_the_lens_and_shaded_reads_every_box(printed):
    # given page 1 marked and photographed: corners moved by 12 %, a strong lens, a shadow
    pdf, form = printed
    rng = np.random.default_rng(21)
    image, expected = _marked_page(pdf, form, dpi=300, page=1, rng=rng)
    how = PhotoSpoil(
        perspective=0.12, barrel=-0.035, vignette=0.3, shadow=0.3, glare=0.1, megapixels=5
    )
    # when it is read
    reading = read_page(photograph(image, how, rng=rng), form)
    # then every box is read as marked
    assert reading.refusal is None
    assert reading.page_id.page == 1
    assert {box.index: box.state for box in reading.boxes} == expected


def test_a_fold_line_across_an_empty_box_is_not_a_mark(printed):
    # given an unmarked page with a crease drawn straight through the middle of its first box
    pdf, form = printed
    image = render_pages(pdf, dpi=200)[0].copy()
    first = next(i for i, box in enumerate(form.boxes) if box.page == 1)
    rect = form.boxes[first].rect
    y = round((rect.y + rect.h / 2) / 25.4 * 200)
    cv2.line(image, (0, y), (image.shape[1], y + 6), 170, 2, cv2.LINE_AA)  # as synthetic.spoil
    # when it is read
    reading = read_page(
        spoil(image, ScanSpoil(rotation=2.0, noise=5), rng=np.random.default_rng(3)), form
    )
    # then the creased box, like every other, is empty
    states = {box.index: box.state for box in reading.boxes}
    assert states[first] == BoxState.EMPTY
    assert set(states.values()) == {BoxState.EMPTY}
