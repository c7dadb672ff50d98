"""The register's figures for analytics (issue 14, point 2): `services_provided`, the count of
services provided, refused and consulted on, by day of provision — registered in core's metrics
registry from `extensions.py`, with the labels of its codes.

Codes: office and service are their ids as text («» when the office or the service was deleted);
channel and result are the register's codes; sex ``female``/``male``/``not_stated``; age group
the stated group or ``not_stated``; IDP, disability, pensioner, veteran ``yes``/``no``/
``not_stated`` — only what the person stated. One query whatever the period; counts, never a row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.selectors import service_names
from vidhuk.core.metrics import (
    Metric,
    memo,
    register_dimension,
    register_metric,
    sex_code,
    yes_no_code,
)
from vidhuk.core.models import Centre

from .choices import ProvisionChannel, ProvisionResult, StatedAgeGroup
from .models import ServiceProvision

KEY = "services_provided"
DIMENSIONS = (
    "office",
    "service",
    "channel",
    "result",
    "sex",
    "age_group",
    "idp",
    "disability",
    "pensioner",
    "veteran",
)
# The model's field behind each dimension, and how its stored value reads as a code.
_FIELDS = {"office": "office_id", "service": "service_id"}
_YES_NO = ("idp", "disability", "pensioner", "veteran")


def _code(dimension: str, value: Any) -> str:
    if dimension == "sex":
        return sex_code(value)
    if dimension in _YES_NO:
        return yes_no_code(value)
    if dimension == "age_group":
        return value or "not_stated"
    return "" if value is None else str(value)


def services_provided(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> Iterable[dict[str, Any]]:
    """Provisions of the centre dated ``start``–``end`` (inclusive), counted by ``by``."""
    if set(by) <= set(_SHARED):
        yield from _from_shared(centre, start, end, by)
        return
    fields = [_FIELDS.get(name, name) for name in by]
    provisions = ServiceProvision.objects.filter(centre=centre, provided_on__range=(start, end))
    rows = provisions.values(*fields).annotate(value=Count("id")).order_by(*fields)
    for row in rows:
        found = {name: _code(name, row[field]) for name, field in zip(by, fields, strict=True)}
        found["value"] = row["value"]
        yield found


# The dashboard's total and charts of a period (by result, channel, office) from one read, split
# by all three — a few dozen rows — and summed here; shared while a metrics scope is open.
_SHARED = ("office", "channel", "result")


def _from_shared(
    centre: Centre, start: dt.date, end: dt.date, by: tuple[str, ...]
) -> list[dict[str, Any]]:
    def read() -> list[dict[str, Any]]:
        fields = [_FIELDS.get(name, name) for name in _SHARED]
        provisions = ServiceProvision.objects.filter(centre=centre, provided_on__range=(start, end))
        return list(provisions.values(*fields).annotate(value=Count("id")).order_by())

    found: dict[tuple[Any, ...], int] = defaultdict(int)
    for row in memo((KEY, centre.pk, start, end), read):
        found[tuple(row[_FIELDS.get(name, name)] for name in by)] += row["value"]
    if not by:
        return [{"value": found.get((), 0)}]
    # In the order the database gives a split read alone (ORDER BY its fields, NULL last).
    ordered = sorted(found, key=lambda key: [(value is None, value) for value in key])
    return [
        {name: _code(name, value) for name, value in zip(by, key, strict=True)}
        | {"value": found[key]}
        for key in ordered
    ]


def _service_labels(centre: Centre, codes: list[str]) -> dict[str, str]:
    pks = [int(code) for code in codes if code.isdecimal()]
    return {str(pk): name for pk, name in service_names(centre=centre, pks=pks).items()}


_AGE_LABELS: dict[str, Any] = {
    **{code: label for code, label in StatedAgeGroup.choices if code},
    "not_stated": _("не зазначено"),
}


def register() -> None:
    register_metric(
        Metric(
            key=KEY,
            label=_("Надані адміністративні послуги"),
            unit="count",
            dimensions=DIMENSIONS,
            query=services_provided,
        )
    )
    register_dimension("service", labels=_service_labels, metric=KEY)
    register_dimension("channel", label=dict(ProvisionChannel.choices).get, metric=KEY)
    register_dimension("result", label=dict(ProvisionResult.choices).get, metric=KEY)
    register_dimension("age_group", label=_AGE_LABELS.get, metric=KEY)
