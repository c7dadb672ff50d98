"""Imported files in the batch list (counts, who, only my centre's), and the preview and the
import costing the same queries for any number of rows."""

import datetime as dt

from vidhuk.accounts.choices import Role
from vidhuk.surveys.choices import BatchKind
from vidhuk.surveys.models import Response, ResponseBatch
from vidhuk.surveys.tests import factories, kobo_exports
from vidhuk.surveys.tests.factories import VersionFactory
from vidhuk.surveys.tests.kobo_exports import (
    BASE,
    confirm,
    kobo_csv,
    kobo_row,
    mapping_of,
    upload,
)

every_type = factories.every_type
frozen = factories.frozen
media = kobo_exports.media
enterer = kobo_exports.enterer


# --- imported files ------------------------------------------------------------------------------


def test_batches_list_shows_file_counts_and_who(
    staff_client, every_type, frozen, django_assert_max_num_queries
):
    client, membership = staff_client(Role.HOTLINE_OPERATOR)
    membership.user.first_name, membership.user.last_name = "Олена", "Коваленко"
    membership.user.save()
    for number in range(3):
        rows = [kobo_row(every_type, number * 10 + n, uuid=f"{number}-{n}") for n in range(2)]
        rows.append(kobo_row(every_type, 99, uuid=f"bad-{number}", speed="9"))
        data = mapping_of(upload(client, every_type, kobo_csv(rows), name=f"olena-{number}.csv"))
        confirm(client, every_type, data, mode="skip_invalid")

    with django_assert_max_num_queries(12):
        page = client.get(f"{BASE}batches/")

    text = page.content.decode()
    assert text.count("olena-") == 3
    assert "Коваленко Олена" in text
    assert "Пропущено рядків з помилками: 1" in text
    assert [b.imported for b in page.context["page"].object_list] == [2, 2, 2]


def test_batches_list_shows_only_my_centres_imports(enterer, other_centre, every_type):
    version = VersionFactory(questionnaire__centre=other_centre)
    ResponseBatch.objects.create(
        centre=other_centre,
        kind=BatchKind.IMPORT,
        version=version,
        received_on=dt.date(2026, 3, 1),
        source_name="luhove.csv",
    )

    page = enterer.get(f"{BASE}batches/").content.decode()

    assert "luhove.csv" not in page


def test_the_preview_and_the_import_cost_the_same_queries_for_any_number_of_rows(
    enterer, every_type, django_assert_max_num_queries
):
    data = kobo_csv([kobo_row(every_type, n, uuid=f"n{n}") for n in range(300)])

    with django_assert_max_num_queries(25):
        preview = upload(enterer, every_type, data)
    with django_assert_max_num_queries(30):
        confirm(enterer, every_type, mapping_of(preview))

    assert Response.objects.count() == 300
