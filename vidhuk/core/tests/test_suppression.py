"""Small-cell suppression on plain numbers, as surveys, analytics and open data use it."""

import itertools

from vidhuk.core.suppression import (
    THRESHOLD,
    has_small,
    hidden_cells,
    hidden_groups,
    suppress_groups,
    withheld,
)


def test_the_threshold_is_five_people():
    assert THRESHOLD == 5
    assert withheld(4)
    assert not withheld(5)


def test_a_breakdown_with_no_small_group_shows_everything():
    assert hidden_groups([5, 12, 30, 0]) == set()


def test_a_group_under_five_is_hidden_with_the_smallest_others_until_five_are_hidden():
    # 2 is small; alone it could be read off the total (51 − 6 − 9 − 30), so the smallest other
    # group, 6, is hidden too: now 8 are hidden and the total minus the shown groups says 8.
    assert hidden_groups([6, 2, 9, 30]) == {0, 1}


def test_complementary_hiding_goes_on_smallest_first_until_the_hidden_add_up_to_five():
    # 1, 1 and 3 are all small and already add up to 5: nothing more is hidden.
    assert hidden_groups([1, 1, 3, 40, 7]) == {0, 1, 2}
    # One person hidden: the smallest other (6, the first of the equal ones) joins it.
    assert hidden_groups([6, 6, 1, 50]) == {0, 2}


def test_empty_groups_reveal_nobody_and_stay_shown():
    assert hidden_groups([0, 3, 0, 10]) == {1, 3}


def test_the_total_minus_the_shown_groups_never_gives_a_small_group_away():
    for counts in itertools.product([0, 1, 2, 4, 5, 6, 9], repeat=4):
        hidden = hidden_groups(list(counts))
        if not hidden:
            assert not has_small(counts)
            continue
        recoverable = sum(counts[i] for i in hidden)  # what total − shown groups tells
        assert (
            recoverable == 0
            or recoverable >= THRESHOLD
            or len(hidden) == sum(1 for count in counts if count)
        ), counts
        assert all(not 0 < counts[i] < THRESHOLD for i in range(4) if i not in hidden), counts


def test_nothing_at_all_is_shown_under_five_in_total():
    result = suppress_groups({"Київ": 2, "Львів": 1})

    assert result.withheld
    assert result.total is None
    assert result.groups == {"Київ": None, "Львів": None}
    assert result.hidden == {"Київ", "Львів"}


def test_suppress_groups_replaces_hidden_counts_by_none_and_keeps_the_total():
    result = suppress_groups({"paper": 3, "web": 40, "kiosk": 7})

    assert not result.withheld
    assert result.total == 50
    assert result.groups == {"paper": None, "web": 40, "kiosk": None}


def test_a_total_given_apart_decides_what_is_withheld():
    # A multiple-choice question: 4 respondents gave 9 answers between them.
    assert suppress_groups({"a": 5, "b": 4}, total=4).withheld
    assert suppress_groups({"a": 9, "b": 0}, total=6).groups == {"a": 9, "b": 0}


def test_has_small_ignores_empty_groups():
    assert not has_small([0, 5, 12])
    assert has_small([0, 4, 12])


# --- cross tables with margins -------------------------------------------------------------------


def test_hidden_cells_hides_nothing_when_every_cell_reaches_five():
    table = [[5, 7, 12], [6, 9, 15], [11, 16, 27]]

    assert hidden_cells(table) == [[False] * 3] * 3


def test_hidden_cells_complementary_cells_worked_by_hand():
    # r1 = [10, 3 | 25 with 12 in col 3], r2 = [20, 15, 8 | 43]; totals [30, 18, 20 | 68].
    # 3 is under 5. Row 1 would reveal it (25 − 10 − 12), so its smallest other cell, 10, goes;
    # column 1 then has 10 alone hidden → 20 goes; column 2 had 3 alone → 15 goes.
    table = [[10, 3, 12, 25], [20, 15, 8, 43], [30, 18, 20, 68]]

    hidden = hidden_cells(table)

    assert [(i, j) for i in range(3) for j in range(4) if hidden[i][j]] == [
        (0, 0),
        (0, 1),
        (1, 0),
        (1, 1),
    ]


def test_hidden_cells_small_row_total_hides_a_second_total():
    # The row total 3 is itself under 5 and the grand total would give it away.
    table = [[2, 1, 3], [10, 12, 22], [12, 13, 25]]

    hidden = hidden_cells(table)

    assert hidden == [[True, True, True], [True, True, True], [False, False, False]]


def test_hidden_cells_hides_more_where_hidden_cells_add_up_to_a_small_group():
    # Row 0: 1 and 2 are hidden; together 3, and the total 20 is shown → 17 is hidden too.
    table = [[1, 2, 17, 20], [10, 10, 10, 30], [11, 12, 27, 50]]

    hidden = hidden_cells(table)

    assert [(i, j) for i in range(3) for j in range(4) if hidden[i][j]] == [
        (0, 0),
        (0, 1),
        (0, 2),
        (1, 0),
        (1, 1),
        (1, 2),
    ]


def test_hidden_cells_hides_zero_cells_of_small_groups_but_leaves_empty_rows_visible():
    # "None of the 3 men answered no" is as telling as "one of them did".
    assert hidden_cells([[3, 0, 3], [10, 12, 22], [13, 12, 25]])[0][:2] == [True, True]
    assert hidden_cells([[6, 7, 13], [0, 0, 0], [6, 7, 13]]) == [[False] * 3] * 3


def test_no_line_of_a_suppressed_table_gives_a_hidden_cell_away():
    table = [[10, 3, 12, 25], [20, 15, 8, 43], [1, 9, 30, 40], [31, 27, 50, 108]]
    hidden = hidden_cells(table)
    rows = [[(i, j) for j in range(4)] for i in range(4)]
    columns = [[(i, j) for i in range(4)] for j in range(4)]
    for line in rows + columns:
        shut = [cell for cell in line if hidden[cell[0]][cell[1]]]
        assert len(shut) != 1, line
