"""What a scanner gives, uploaded through the one upload check: a multi-page 1-bit TIFF, a
greyscale 150 dpi PDF, a colour 600 dpi PDF — each made here from the printed run's own PDF,
marked by ``scanning.synthetic`` — becomes the response keyboard entry makes of the same sheet,
counted in the survey's results beside it."""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from vidhuk.accounts.choices import Role
from vidhuk.scanning.synthetic import Mark
from vidhuk.scanning.tests.marking import BASE, marked_copies, upload
from vidhuk.surveys.models import Response
from vidhuk.surveys.paper import questionnaire_pdf_and_map
from vidhuk.surveys.results.catalogue import results_responses
from vidhuk.surveys.services.batches import paper_batch_start, paper_entry_submit
from vidhuk.surveys.services.printing import print_run_create, print_run_pdf
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.paper_batches import stored

every_type = factories.every_type
frozen = factories.frozen

MARKS = {
    ("purpose", "b"): Mark.CROSS,
    ("sources", "x"): Mark.TICK,
    ("sources", "z"): Mark.CROSS,
    ("speed", "4"): Mark.FILL,  # filled in: cancelled…
    ("speed", "5"): Mark.CROSS,  # …for 5
    ("recommend", "9"): Mark.TICK,
    ("resolved", "yes"): Mark.CROSS,
    ("rooms", "clean", "hall"): Mark.CROSS,
    ("rooms", "dirty", "toilet"): Mark.OVER_EDGE,
}
TYPED = {
    "purpose": "b",
    "sources": ["x", "z"],
    "speed": "5",
    "recommend": "9",
    "resolved": "yes",
    "rooms": {"hall": "clean", "toilet": "dirty"},
}


def _tiff_1bit(pages: list[np.ndarray], dpi: int) -> tuple[bytes, str]:
    frames = [
        Image.fromarray(page).point(lambda v: 255 if v > 150 else 0).convert("1") for page in pages
    ]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "TIFF", save_all=True, append_images=frames[1:], compression="group4",
        dpi=(dpi, dpi),
    )  # fmt: skip
    return buffer.getvalue(), "image/tiff"


def _pdf_grey(pages: list[np.ndarray], dpi: int) -> tuple[bytes, str]:
    images = [Image.fromarray(page) for page in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue(), "application/pdf"


def _pdf_colour(pages: list[np.ndarray], dpi: int) -> tuple[bytes, str]:
    """Cream paper and dark blue ink, as a colour scan shows a form filled in with a ballpoint."""
    tint = np.array([1.0, 0.97, 0.88], dtype=np.float32)
    images = [
        Image.fromarray((page[..., None].astype(np.float32) * tint).astype(np.uint8), "RGB")
        for page in pages
    ]
    buffer = io.BytesIO()
    images[0].save(
        buffer, "PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=80
    )
    return buffer.getvalue(), "application/pdf"


Maker = Callable[[list[np.ndarray], int], tuple[bytes, str]]


@pytest.mark.parametrize(
    ("maker", "dpi", "name"),
    [
        pytest.param(_tiff_1bit, 300, "scan.tif", id="tiff-1bit-300dpi"),
        pytest.param(_pdf_grey, 150, "scan.pdf", id="pdf-grey-150dpi"),
        pytest.param(_pdf_colour, 600, "scan.pdf", id="pdf-colour-600dpi"),
    ],
)
def test_a_scanners_file_becomes_the_response_typing_makes(
    every_type, centre, staff_client, frozen, django_capture_on_commit_callbacks,
    maker: Maker, dpi: int, name: str,
):  # fmt: skip
    client, membership = staff_client(Role.HOTLINE_OPERATOR)
    run = print_run_create(
        centre=centre, version=every_type, size="standard", language="uk", copies=1,
        actor=membership.user,
    )  # fmt: skip
    _pdf, form = questionnaire_pdf_and_map(version=every_type)
    (pages,) = marked_copies(print_run_pdf(run=run), form, [MARKS], dpi=dpi)
    content, content_type = maker(pages, dpi)
    scan = SimpleUploadedFile(name, content, content_type=content_type)

    batch = upload(client, every_type, [scan], django_capture_on_commit_callbacks)
    progress = client.get(f"{BASE}{batch.pk}/").content.decode()
    finished = client.post(f"{BASE}{batch.pk}/finish/", follow=True).content.decode()

    assert f"{form.pages} з {form.pages}" in progress
    assert "Внесено анкет: 1." in finished
    typed_batch = paper_batch_start(
        centre=centre, version=every_type, received_on=batch.response_batch.received_on,
        office=None, label="", actor=membership.user,
    )  # fmt: skip
    typed = paper_entry_submit(
        batch=typed_batch, answers=TYPED, submission_key="typed-1", actor=membership.user
    )
    scanned = Response.objects.get(batch=batch.response_batch)
    assert stored(scanned) == stored(typed)
    assert (scanned.channel, scanned.submitted_on) == (typed.channel, typed.submitted_on)
    counted = results_responses(centre=centre, questionnaire=every_type.questionnaire)
    assert set(counted) == {scanned, typed}
