"""Filled-in copies of a printed run for the scanning tests: the run's own PDF rendered as a
scanner would, boxes marked by ``scanning.synthetic``, and the upload of a batch as staff make
it (through the upload page, the background reading run at once)."""

from __future__ import annotations

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile

from vidhuk.scanning.models import ScanBatch
from vidhuk.scanning.pages import encode_png
from vidhuk.scanning.synthetic import Mark, draw_mark, render_pages
from vidhuk.surveys.paper_map import FormMap

BASE = "/staff/verbivka/scanning/"
# (question, value) or (question, value, matrix row) → the mark drawn in that box
Marks = dict[tuple[str, ...], Mark]


def box_index(form: FormMap, question: str, value: str, row: str = "") -> int:
    return next(
        i
        for i, b in enumerate(form.boxes)
        if b.question == question and b.value == value and b.row == row
    )


def marked_copies(
    pdf: bytes, form: FormMap, marks: list[Marks], *, dpi: int = 150, seed: int = 1
) -> list[list[np.ndarray]]:
    """Each copy of ``pdf`` (``form.pages`` pages each) as page images, copy ``n`` marked as
    ``marks[n]`` says."""
    rendered = render_pages(pdf, dpi=dpi)
    copies = [
        [page.copy() for page in rendered[start : start + form.pages]]
        for start in range(0, len(rendered), form.pages)
    ]
    rng = np.random.default_rng(seed)
    for copy, wanted in zip(copies, marks, strict=False):
        for where, mark in wanted.items():
            box = form.boxes[box_index(form, *where)]
            draw_mark(copy[box.page - 1], box.rect, mark, dpi=dpi, rng=rng)
    return copies


def png_files(images: list[np.ndarray], prefix: str = "scan") -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(f"{prefix}-{n}.png", encode_png(image), content_type="image/png")
        for n, image in enumerate(images, start=1)
    ]


def upload(client, version, files, capture, received_on: str = "27.02.2026") -> ScanBatch:
    """Upload ``files`` as a new batch and read it (the background task run on commit)."""
    with capture(execute=True):
        response = client.post(
            BASE, {"version": version.pk, "received_on": received_on, "scans": files}
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    return ScanBatch.objects.order_by("-pk").first()
