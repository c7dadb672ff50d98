"""figure_table: the one door to public figures — nothing about 1–4 people, complementary hiding,
labels from the dimensions' registrations; staff see everything."""

import datetime as dt

import pytest

from vidhuk.analytics.figures import figure_table
from vidhuk.analytics.periods import (
    last_complete_quarter,
    previous_quarter,
    quarter_bounds,
    quarter_label,
    quarter_of,
    year_earlier,
)
from vidhuk.core.metrics import (
    Metric,
    dimension_labels,
    register_dimension,
    register_metric,
    unregister_dimension_labels,
    unregister_metric,
)
from vidhuk.core.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db
START, END = quarter_bounds(2026, 1)


@pytest.fixture
def rows_of():
    """Register a throwaway metric returning the given rows (and total); unregister after."""
    registered = []

    def make(rows, *, unit="count", total=None, dimensions=("sex", "office")):
        def query(centre, start, end, by):
            if not by:
                return [total if total is not None else {"value": sum(r["value"] for r in rows)}]
            kept = ("value", "n")
            return [
                {name: row[name] for name in by} | {k: row[k] for k in kept if k in row}
                for row in rows
            ]

        key = f"test.metric{len(registered)}"
        register_metric(Metric(key, "Тестовий показник", unit, dimensions, query))
        registered.append(key)
        return key

    yield make
    for key in registered:
        unregister_metric(key)


def _values(table):
    return {tuple(row.keys.values()): row.value for row in table.rows}


def test_a_group_under_five_is_hidden_with_the_next_smallest_so_the_total_tells_nothing(
    centre, rows_of
):
    key = rows_of([{"sex": "female", "value": 40}, {"sex": "male", "value": 3},
                   {"sex": "not_stated", "value": 7}])  # fmt: skip

    table = figure_table(centre=centre, key=key, start=START, end=END, by=("sex",), public=True)

    assert _values(table) == {("female",): 40, ("male",): None, ("not_stated",): None}
    assert table.total == 50
    assert [row.labels["sex"] for row in table.rows] == ["жінки", "чоловіки", "не зазначено"]
    assert table.titles == {"sex": "Стать"}


def test_staff_see_every_figure_as_it_is(centre, rows_of):
    key = rows_of([{"sex": "female", "value": 40}, {"sex": "male", "value": 3}])

    table = figure_table(centre=centre, key=key, start=START, end=END, by=("sex",), public=False)

    assert _values(table) == {("female",): 40, ("male",): 3}


def test_a_total_under_five_withholds_the_whole_table(centre, rows_of):
    key = rows_of([{"sex": "female", "value": 2}, {"sex": "male", "value": 1}])

    table = figure_table(centre=centre, key=key, start=START, end=END, by=("sex",), public=True)

    assert table.withheld
    assert table.total is None
    assert _values(table) == {("female",): None, ("male",): None}


def test_a_mean_of_fewer_than_five_people_is_hidden_with_its_complement(centre, rows_of):
    key = rows_of(
        [{"sex": "female", "value": 4.5, "n": 20}, {"sex": "male", "value": 2.0, "n": 2},
         {"sex": "not_stated", "value": 3.0, "n": 9}],
        unit="score", total={"value": 4.1, "n": 31},
    )  # fmt: skip

    table = figure_table(centre=centre, key=key, start=START, end=END, by=("sex",), public=True)

    assert [(row.value, row.n) for row in table.rows] == [(4.5, 20), (None, None), (None, None)]
    assert (table.total, table.total_n) == (4.1, 31)


def test_a_cross_table_hides_complementary_cells_and_the_zero_a_small_line_would_reveal(
    centre, rows_of
):
    office = OfficeFactory(centre=centre, name="Головний офіс")
    other = OfficeFactory(centre=centre, name="Віддалене місце")
    key = rows_of([
        {"office": office.pk, "sex": "female", "value": 30},
        {"office": office.pk, "sex": "male", "value": 20},
        {"office": other.pk, "sex": "female", "value": 3},
        {"office": other.pk, "sex": "male", "value": 12},
    ])  # fmt: skip

    table = figure_table(
        centre=centre, key=key, start=START, end=END, by=("office", "sex"), public=True
    )

    values = _values(table)
    assert values[(str(other.pk), "female")] is None
    # Alone hidden in its row and column, it could be recovered: one more goes in each.
    assert values[(str(other.pk), "male")] is None
    assert values[(str(office.pk), "female")] is None
    assert all(v is None or v >= 5 for v in values.values())
    assert {row.labels["office"] for row in table.rows} == {"Головний офіс", "Віддалене місце"}


def test_a_zero_cell_in_a_small_line_comes_back_hidden(centre, rows_of):
    key = rows_of([
        {"office": "a", "sex": "female", "value": 30},
        {"office": "a", "sex": "male", "value": 20},
        {"office": "b", "sex": "female", "value": 3},
    ])  # fmt: skip

    table = figure_table(
        centre=centre, key=key, start=START, end=END, by=("office", "sex"), public=True
    )

    # «none of office b's 3 visitors was a man» is as telling as the 3 itself.
    assert _values(table)[("b", "male")] is None
    assert _values(table)[("b", "female")] is None


def test_a_dimension_the_metric_does_not_have_is_refused(centre, rows_of):
    key = rows_of([{"sex": "female", "value": 5}], dimensions=("sex",))

    with pytest.raises(ValueError, match="cannot be split"):
        figure_table(centre=centre, key=key, start=START, end=END, by=("hour",), public=True)


def test_labels_scoped_to_a_metric_win_over_the_general_ones(centre):
    register_dimension("channel", label={"online": "Онлайн"}.get)
    register_dimension("channel", label={"online": "Через Дію"}.get, metric="test.")
    try:
        scoped = dimension_labels("channel", ["online", ""], centre=centre, metric="test.x")
        general = dimension_labels("channel", ["online"], centre=centre, metric="appeals.x")
    finally:
        unregister_dimension_labels("channel", metric="test.")
        unregister_dimension_labels("channel")

    assert scoped == {"online": "Через Дію", "": "не зазначено"}
    assert general == {"online": "Онлайн"}


def test_quarters():
    assert quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert quarter_bounds(2024, 1) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert quarter_of(dt.date(2026, 5, 31)) == (2026, 2)
    assert previous_quarter(2026, 1) == (2025, 4)
    assert year_earlier(2026, 3) == (2025, 3)
    assert last_complete_quarter(dt.date(2026, 1, 15)) == (2025, 4)
    assert quarter_label(2026, 3) == "III квартал 2026"
