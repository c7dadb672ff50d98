"""Print runs: every printed PDF is a range of the centre's sheet serials, each copy's pages
carrying its serial (and a check digit) in the QR code, read back from the rendered PDF."""

from __future__ import annotations

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.surveys.models import PrintRun
from vidhuk.surveys.qr import PageId, page_payload, parse_page_payload
from vidhuk.surveys.services.printing import print_run_create, print_run_of_serial
from vidhuk.surveys.tests import factories
from vidhuk.surveys.tests.pdf_reading import page_codes, pdf_text

standard = factories.standard
frozen = factories.frozen
PRINT_URL = "/staff/verbivka/surveys/paper/"


def test_a_serial_page_identifier_reads_back_and_the_old_one_still_does():
    payload = page_payload(questionnaire_id=12, version_id=34, page=2, serial=123)

    assert payload == "VIDHUK:SURVEY:12:34:2:123:8"
    assert parse_page_payload(payload) == PageId(12, 34, 2, serial=123)
    assert parse_page_payload("vidhuk:survey:12:34:2") == PageId(12, 34, 2, serial=None)


@pytest.mark.parametrize(
    "altered",
    [
        pytest.param("VIDHUK:SURVEY:12:34:2:124:8", id="serial"),
        pytest.param("VIDHUK:SURVEY:12:34:3:123:8", id="page"),
        pytest.param("VIDHUK:SURVEY:12:43:2:123:8", id="swapped-digits"),
        pytest.param("VIDHUK:SURVEY:1:234:2:123:8", id="digit-moved-across"),
    ],
)
def test_an_altered_serial_identifier_is_not_taken_for_another_sheet(altered):
    assert parse_page_payload(altered) is None


def test_each_copy_of_a_run_carries_its_own_serial_and_the_next_run_goes_on(
    staff_client, standard, frozen
):
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)
    form = {"version": standard.pk, "size": "standard", "language": "uk", "copies": "3"}

    first = client.post(PRINT_URL, form)
    second = client.post(PRINT_URL, {**form, "copies": "2"})
    pdf = client.get(first["Location"]).content

    runs = list(PrintRun.objects.order_by("first_serial"))
    assert [(r.first_serial, r.last_serial) for r in runs] == [(1, 3), (4, 5)]
    codes = [parse_page_payload(page[0]) for page in page_codes(pdf)]
    per_copy = len(codes) // 3
    assert per_copy >= 1
    assert [code.serial for code in codes] == [1] * per_copy + [2] * per_copy + [3] * per_copy
    assert [code.page for code in codes] == list(range(1, per_copy + 1)) * 3
    assert "аркуш № 2" in "\n".join(pdf_text(pdf))
    assert second["Location"].endswith(f"/runs/{runs[1].pk}/questionnaire.pdf")
    assert print_run_of_serial(centre=standard.questionnaire.centre, serial=4) == runs[1]
    listing = client.get(PRINT_URL).content.decode()
    assert "PDF аркушів 1–3" in listing
    assert "PDF аркушів 4–5" in listing


@pytest.mark.parametrize("copies", ["0", "301", "много"])
def test_a_wrong_number_of_copies_is_said_at_the_field_and_nothing_printed(
    staff_client, standard, copies
):
    client, _membership = staff_client(Role.HOTLINE_OPERATOR)

    response = client.post(
        PRINT_URL,
        {"version": standard.pk, "size": "standard", "language": "uk", "copies": copies},
    )

    assert response.status_code == 400
    assert "примірник" in response.content.decode()
    assert PrintRun.objects.count() == 0


def test_another_centres_run_is_not_found(staff_client, other_centre):
    foreign = PrintRun.objects.create(
        centre=other_centre,
        version=factories.VersionFactory(questionnaire__centre=other_centre),
        size="standard",
        language="uk",
        first_serial=1,
        copies=1,
    )
    client, _membership = staff_client(Role.HEAD)

    assert client.get(f"{PRINT_URL}runs/{foreign.pk}/questionnaire.pdf").status_code == 404


def test_the_print_page_lists_the_runs_in_a_fixed_number_of_queries(
    staff_client, standard, django_assert_max_num_queries
):
    client, membership = staff_client(Role.HOTLINE_OPERATOR)
    centre = standard.questionnaire.centre
    for copies in (5, 10, 20):
        print_run_create(
            centre=centre, version=standard, size="standard", language="uk", copies=copies,
            actor=membership.user,
        )  # fmt: skip

    with django_assert_max_num_queries(12):
        page = client.get(PRINT_URL).content.decode()

    assert page.index("PDF аркушів 16–35") < page.index("PDF аркушів 1–5")
