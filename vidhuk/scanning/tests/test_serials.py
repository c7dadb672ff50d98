"""Sheets printed in runs carry a serial in every page's QR code: pages of one sheet come
together wherever they lie in the upload, a sheet scanned twice (in the same batch or after it
was entered) is shown to the reviewer and never becomes a second response, a missing page is
reported — and the serial is kept only as a keyed digest, beside no response."""

from __future__ import annotations

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.scanning.models import ScannedSheet, ScanPage
from vidhuk.scanning.synthetic import Mark
from vidhuk.scanning.tests.marking import BASE, marked_copies, png_files, upload
from vidhuk.surveys.models import Response
from vidhuk.surveys.paper import questionnaire_pdf_and_map
from vidhuk.surveys.services.printing import print_run_create, print_run_pdf
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.paper_batches import stored

every_type = factories.every_type
frozen = factories.frozen

FIRST = {("purpose", "a"): Mark.CROSS, ("speed", "4"): Mark.CROSS, ("resolved", "yes"): Mark.TICK}
SECOND = {
    ("purpose", "b"): Mark.TICK,
    ("speed", "2"): Mark.CROSS,
    ("rooms", "dirty", "hall"): Mark.CROSS,
}


@pytest.fixture
def operator(staff_client):
    return staff_client(Role.HOTLINE_OPERATOR)


@pytest.fixture
def two_copies(every_type, centre, operator, frozen):
    """A run of two copies (serials 1 and 2), both filled in, as page images per copy."""
    _client, membership = operator
    run = print_run_create(
        centre=centre, version=every_type, size="standard", language="uk", copies=2,
        actor=membership.user,
    )  # fmt: skip
    _pdf, form = questionnaire_pdf_and_map(version=every_type)
    copies = marked_copies(print_run_pdf(run=run), form, [FIRST, SECOND])
    assert form.pages >= 2
    return every_type, form, copies


def _finish(client, batch):
    return client.post(f"{BASE}{batch.pk}/finish/", follow=True).content.decode()


def test_fronts_then_backs_make_two_sheets_with_their_own_answers(
    two_copies, operator, frozen, django_capture_on_commit_callbacks
):
    version, form, (first, second) = two_copies
    client, _m = operator
    # A duplex feeder's order: every front, then every back.
    pages = [first[0], second[0], *first[1:], *second[1:]]
    batch = upload(client, version, png_files(pages), django_capture_on_commit_callbacks)

    assert (
        'Аркушів анкет</dt><dd class="govuk-summary-list__value">2<'
        in client.get(f"{BASE}{batch.pk}/").content.decode()
    )
    assert "Внесено анкет: 2" in _finish(client, batch)
    answers = sorted(
        (stored(r) for r in Response.objects.filter(batch=batch.response_batch)),
        key=lambda a: a["purpose"],
    )
    assert answers[0] == {"purpose": "a", "speed": 4, "resolved": "yes"}
    assert answers[1] == {"purpose": "b", "speed": 2, "rooms": {"hall": "dirty"}}


def test_a_sheet_scanned_twice_in_one_batch_is_said_and_entered_once(
    two_copies, operator, frozen, django_capture_on_commit_callbacks
):
    version, form, (first, _second) = two_copies
    client, _m = operator
    batch = upload(client, version, png_files(first + first), django_capture_on_commit_callbacks)

    page = client.get(f"{BASE}{batch.pk}/").content.decode()
    repeated = ", ".join(f"зображення {n}" for n in range(form.pages + 1, 2 * form.pages + 1))
    assert f"Аркуш № 1 відскановано двічі в цьому пакеті: повтор не враховано ({repeated})" in page
    assert "Внесено анкет: 1" in _finish(client, batch)
    assert Response.objects.filter(batch=batch.response_batch).count() == 1


def test_a_sheet_entered_before_is_flagged_and_not_entered_again(
    two_copies, operator, frozen, django_capture_on_commit_callbacks
):
    version, _form, (first, second) = two_copies
    client, _m = operator
    earlier = upload(client, version, png_files(first), django_capture_on_commit_callbacks)
    _finish(client, earlier)
    later = upload(client, version, png_files(first + second), django_capture_on_commit_callbacks)

    page = client.get(f"{BASE}{later.pk}/").content.decode()
    assert "Аркуш № 1 уже внесено з попереднього пакета" in page
    assert "Тираж від 02.03.2026, аркуші 1–2." in page
    assert "Аркуш № 2" not in page
    finished = _finish(client, later)
    assert "Внесено анкет: 1." in finished
    assert "Аркушів, уже внесених раніше, не внесено вдруге: 1." in finished
    assert stored(Response.objects.get(batch=later.response_batch))["purpose"] == "b"
    assert Response.objects.count() == 2


def test_entered_serials_are_kept_only_as_digests_beside_no_response(
    two_copies, operator, frozen, django_capture_on_commit_callbacks
):
    version, _form, (first, second) = two_copies
    client, _m = operator
    batch = upload(client, version, png_files(first + second), django_capture_on_commit_callbacks)
    assert set(ScanPage.objects.values_list("serial", flat=True)) == {1, 2}

    _finish(client, batch)

    digests = list(ScannedSheet.objects.values_list("digest", flat=True))
    assert len(digests) == 2
    assert all(len(d) == 64 and d not in ("1", "2") for d in digests)
    assert [f.name for f in ScannedSheet._meta.get_fields()] == ["centre", "digest"]
    assert set(ScanPage.objects.values_list("serial", flat=True)) == {None}
    assert not any(ScanPage.objects.values_list("texts", flat=True))


def test_a_missing_page_of_a_sheet_is_reported(
    two_copies, operator, frozen, django_capture_on_commit_callbacks
):
    version, form, (first, second) = two_copies
    client, _m = operator
    batch = upload(
        client, version, png_files([first[0], *second]), django_capture_on_commit_callbacks
    )

    page = client.get(f"{BASE}{batch.pk}/").content.decode()
    missing = ", ".join(str(n) for n in range(2, form.pages + 1))
    assert "Аркуш № 1: бракує сторін" in page
    assert missing in page
    assert "Аркуш № 2:" not in page
    assert "Внесено анкет: 2" in _finish(client, batch)


def test_a_form_printed_before_serials_reads_beside_numbered_ones(
    two_copies, operator, frozen, django_capture_on_commit_callbacks
):
    version, form, (first, _second) = two_copies
    client, _m = operator
    old_pdf, _form = questionnaire_pdf_and_map(version=version)  # no serial in its QR codes
    (old,) = marked_copies(
        old_pdf, form, [{("purpose", "b"): Mark.FILL, ("speed", "1"): Mark.TICK}]
    )
    batch = upload(client, version, png_files(old + first), django_capture_on_commit_callbacks)

    assert set(ScanPage.objects.values_list("serial", flat=True)) == {None, 1}
    assert "Внесено анкет: 2" in _finish(client, batch)
    answers = [stored(r) for r in Response.objects.filter(batch=batch.response_batch)]
    assert {"speed": 1} in answers  # «b» filled in: cancelled
    assert {"purpose": "a", "speed": 4, "resolved": "yes"} in answers
