"""Keyset pagination: a page starts after (or ends before) the sort key of a row, so page 2,000
costs what page 1 does — no ``OFFSET`` that reads and throws away the rows before it.

A position travels in the address as a signed cursor (``django.core.signing``): the sort's
name, the key values of the row and the page's number (shown only). A cursor that is altered,
from another sort or unreadable is refused (``None``); the caller shows the first page with a
message. Only what the sort orders by is in it, never a filter: the filters stay in the query
string and are applied as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core import signing
from django.db.models import Model, Q, QuerySet

_SALT = "vidhuk.core.keyset"
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class SortKey:
    """One column of a sort: ``field`` ascending or ``descending``. PostgreSQL puts NULLs last
    ascending and first descending (Django's default ``order_by`` too); ``nullable`` says the
    column may hold them."""

    field: str
    descending: bool = False
    nullable: bool = False

    def order(self, *, reverse: bool = False) -> str:
        descending = self.descending != reverse
        return f"-{self.field}" if descending else self.field

    def after(self, value: Any, *, reverse: bool = False) -> Q:
        """Rows strictly after ``value`` in this column's order (reversed: before it)."""
        descending = self.descending != reverse
        nothing = Q(pk__in=[])
        if value is None:
            # Ascending puts NULLs last (nothing after); descending first (every value after).
            return Q(**{f"{self.field}__isnull": False}) if descending else nothing
        beyond = Q(**{f"{self.field}__{'lt' if descending else 'gt'}": value})
        if self.nullable and not descending:
            beyond |= Q(**{f"{self.field}__isnull": True})
        return beyond

    def equal(self, value: Any) -> Q:
        if value is None:
            return Q(**{f"{self.field}__isnull": True})
        return Q(**{self.field: value})

    def bound(self, value: Any, *, reverse: bool = False) -> Q:
        """A range on the leading column an index can start from (ties and NULLs kept)."""
        if value is None or self.nullable:
            return Q()
        descending = self.descending != reverse
        return Q(**{f"{self.field}__{'lte' if descending else 'gte'}": value})


@dataclass(frozen=True)
class Cursor:
    sort: str
    values: tuple[Any, ...]
    number: int  # the page's number, for display: "Сторінка 2,000"
    is_before: bool = False


def cursor_dumps(cursor: Cursor) -> str:
    values = [_encode(value) for value in cursor.values]
    return signing.dumps([cursor.sort, values, cursor.number], salt=_SALT, compress=True)


def cursor_loads(token: str, *, sort: str, keys: list[SortKey], is_before: bool) -> Cursor | None:
    """The cursor in ``token`` for this sort, or None when it is not one of ours for it."""
    try:
        name, values, number = signing.loads(token[:1000], salt=_SALT)
        decoded = tuple(_decode(value) for value in values)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if name != sort or len(decoded) != len(keys) or not isinstance(number, int) or number < 1:
        return None
    return Cursor(sort=sort, values=decoded, number=number, is_before=is_before)


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "t" in value:
            return dt.datetime.fromisoformat(value["t"])
        if "d" in value:
            return dt.date.fromisoformat(value["d"])
        raise ValueError("unknown value")
    if value is None or isinstance(value, bool | int | str):
        return value
    raise ValueError("unknown value")


def key_of(row: Model, keys: list[SortKey]) -> tuple[Any, ...]:
    return tuple(getattr(row, key.field) for key in keys)


def keyset_slice(
    rows: QuerySet[M], *, keys: list[SortKey], cursor: Cursor | None, size: int
) -> tuple[list[M], bool]:
    """The page of ``size`` rows after (or before) the cursor in the order of ``keys`` (the last
    one unique, e.g. the primary key) and whether rows lie beyond it in that direction. A
    ``before`` cursor without values is the end: the last ``size`` rows."""
    reverse = cursor is not None and cursor.is_before
    ordered = rows.order_by(*(key.order(reverse=reverse) for key in keys))
    if cursor is not None and cursor.values:
        ordered = ordered.filter(_beyond(keys, cursor.values, reverse=reverse))
    fetched = list(ordered[: size + 1])
    more = len(fetched) > size
    page = fetched[:size]
    if reverse:
        page.reverse()
    return page, more


def _beyond(keys: list[SortKey], values: tuple[Any, ...], *, reverse: bool) -> Q:
    """(k1, k2, …) after (v1, v2, …) lexicographically: k1 after v1, or k1 = v1 and k2 after v2…
    plus a range on k1 alone so an index on it bounds the scan."""
    condition = Q(pk__in=[])
    tied = Q()
    for key, value in zip(keys, values, strict=True):
        condition |= tied & key.after(value, reverse=reverse)
        tied &= key.equal(value)
    return keys[0].bound(values[0], reverse=reverse) & condition
