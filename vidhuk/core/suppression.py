"""Small-cell suppression: publish no figure that counts fewer than five people.

One set of rules for every page and file that shows counts of people outside the centre —
survey results today, analytics and open data next (docs/decisions/0004). It works on plain
numbers, so a caller needs no model: hand it the counts of a breakdown (and the total they come
from), get back which ones to hide.

- ``withheld(total)``: fewer than ``THRESHOLD`` people in all — show nothing but that fact.
- ``hidden_groups(counts)``: in one breakdown whose total is shown (months, offices, the answers
  to a question), every group of 1 to 4 people, then the smallest other groups until the hidden
  ones add up to at least 5, so that the total minus the shown groups reveals no small group.
  Empty groups (0) reveal nobody and stay shown.
- ``suppress_groups(counts, total=...)``: both of the above on a mapping, the hidden counts
  replaced by ``None``.
- ``has_small(counts)``: whether any count is a group of 1 to 4 (a caller then hides them all,
  e.g. the satisfied and dissatisfied of a headline).
- ``hidden_cells(table)``: the same idea for a cross table with margins (rows and columns both add
  up), where zero cells are hidden too — complementary suppression along every row and column.

Every function leaves the counts alone and says what to hide: the caller must drop the hidden
figures (not just mark them) before anything is drawn.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

# Мінсоцполітики order №359 and DOMAIN.md: no published figure about fewer than 5 people.
THRESHOLD = 5

K = TypeVar("K", bound=Hashable)


def withheld(total: int, *, threshold: int = THRESHOLD) -> bool:
    """Whether a set of ``total`` people is too small to show anything about at all."""
    return total < threshold


def has_small(counts: Iterable[int], *, threshold: int = THRESHOLD) -> bool:
    """Whether any count is a group of 1 to ``threshold`` − 1 people."""
    return any(0 < count < threshold for count in counts)


def hidden_groups(counts: Sequence[int], *, threshold: int = THRESHOLD) -> set[int]:
    """Indexes of ``counts`` to hide in a breakdown whose total is shown.

    Primary: every count from 1 to ``threshold`` − 1. Complementary: then the smallest shown
    non-zero counts (the first of equal ones), one by one, until the hidden ones add up to at
    least ``threshold`` or none is left — otherwise the total minus the shown groups would give
    a hidden group away. Nothing is hidden when no group is small.
    """
    hidden = {i for i, count in enumerate(counts) if 0 < count < threshold}
    while hidden and sum(counts[i] for i in hidden) < threshold:
        shown = [i for i, count in enumerate(counts) if i not in hidden and count > 0]
        if not shown:
            break
        hidden.add(min(shown, key=lambda i: (counts[i], i)))
    return hidden


@dataclass(frozen=True)
class SuppressedGroups(Generic[K]):
    """A breakdown as it may be published: ``None`` wherever a figure is hidden."""

    groups: dict[K, int | None]
    total: int | None
    withheld: bool

    @property
    def hidden(self) -> set[K]:
        return {key for key, count in self.groups.items() if count is None}


def suppress_groups(
    counts: Mapping[K, int], *, total: int | None = None, threshold: int = THRESHOLD
) -> SuppressedGroups[K]:
    """Counts per group and the total they come from (by default their sum; give it when a
    person can be in several groups or in none), as they may be published.

    A total under ``threshold`` withholds everything, total included; otherwise the groups of
    ``hidden_groups`` become ``None`` and the total stays.
    """
    if total is None:
        total = sum(counts.values())
    if withheld(total, threshold=threshold):
        return SuppressedGroups(groups=dict.fromkeys(counts), total=None, withheld=True)
    keys = list(counts)
    hidden = hidden_groups([counts[key] for key in keys], threshold=threshold)
    return SuppressedGroups(
        groups={key: None if i in hidden else counts[key] for i, key in enumerate(keys)},
        total=total,
        withheld=False,
    )


def hidden_cells(table: Sequence[Sequence[int]], *, threshold: int = THRESHOLD) -> list[list[bool]]:
    """Which entries of a cross table with margins (last column the row totals, last row the
    column totals, the corner the grand total) to hide.

    Primary: every cell and total under ``threshold``, zero included ("none of the 3 veterans
    was satisfied" discloses as much as "one of them"), except the cells of an empty row or
    column, which reveal nobody. Complementary: each row and column is a sum, so where exactly
    one entry of a line is hidden it could be recovered by subtraction; and where the hidden
    cells of a line with a shown total add up to less than ``threshold`` their sum is itself a
    small group ("3 men said «добре» or «чудово»"). In either case the smallest other entry of
    that line is hidden too, until no line is left so.
    """
    size_i, size_j = len(table), len(table[0])
    exempt = [
        [table[i][-1] == 0 or table[-1][j] == 0 for j in range(size_j)] for i in range(size_i)
    ]
    hidden = [
        [table[i][j] < threshold and not exempt[i][j] for j in range(size_j)] for i in range(size_i)
    ]
    lines = [[(i, j) for j in range(size_j)] for i in range(size_i)]
    lines += [[(i, j) for i in range(size_i)] for j in range(size_j)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            shut = [(i, j) for i, j in line if hidden[i][j]]
            candidates = [(i, j) for i, j in line if not hidden[i][j] and not exempt[i][j]]
            total_i, total_j = line[-1]
            small_sum = (
                len(shut) > 1
                and not hidden[total_i][total_j]
                and sum(table[i][j] for i, j in shut) < threshold
            )
            if (len(shut) == 1 or small_sum) and candidates:
                i, j = min(candidates, key=lambda cell: (table[cell[0]][cell[1]], cell))
                hidden[i][j] = True
                changed = True
    return hidden
