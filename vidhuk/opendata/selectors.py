"""Open data's reads: the datasets a centre publishes with their passports (КМУ №835), the
releases and the portal's call log for the staff page, a build compared with the last release."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from vidhuk.core.datasets import Dataset, dataset_get, datasets
from vidhuk.core.models import Centre

from .build import SNAPSHOT, Build
from .ckan import FREQUENCY_LABELS
from .models import DEFAULT_LEGAL_BASIS, OpenDataSettings, PortalCall, Release

FORMATS = ("CSV", "JSON")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    title: str


@dataclass(frozen=True)
class Passport:
    """The passport of a dataset (КМУ №835, p. 5 of the Regulation on datasets)."""

    identifier: str
    title: str
    description: str
    language: str
    formats: tuple[str, ...]
    first_published: dt.datetime | None
    last_modified: dt.datetime | None
    current_as_of: dt.date | None
    update_frequency: str
    keywords: tuple[str, ...]
    responsible_person: str
    responsible_email: str
    edrpou: str
    legal_basis: str
    purpose: str
    structure: tuple[Field, ...]
    periods: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "identifier": self.identifier,
            "title": self.title,
            "description": self.description,
            "language": self.language,
            "formats": list(self.formats),
            "first_published": self.first_published.isoformat() if self.first_published else None,
            "last_modified": self.last_modified.isoformat() if self.last_modified else None,
            "current_as_of": self.current_as_of.isoformat() if self.current_as_of else None,
            "update_frequency": self.update_frequency,
            "keywords": list(self.keywords),
            "responsible_person": self.responsible_person,
            "responsible_email": self.responsible_email,
            "publisher_edrpou": self.edrpou,
            "legal_basis": self.legal_basis,
            "purpose": self.purpose,
            "structure": [
                {"name": f.name, "type": f.type, "title": f.title} for f in self.structure
            ],
            "periods": list(self.periods),
        }


def dataset_get_public(*, key: str) -> Dataset:
    dataset = dataset_get(key)
    if dataset is None:
        raise Http404
    return dataset


def _quarter_end(period: str) -> dt.date | None:
    if period == SNAPSHOT:
        return None
    year, quarter = period.split("-q")
    month = 3 * int(quarter)
    after = dt.date(int(year) + 1, 1, 1) if month == 12 else dt.date(int(year), month + 1, 1)
    return after - dt.timedelta(days=1)


def passport_get(*, centre: Centre, dataset: Dataset) -> Passport:
    """The passport as released: dates from the release records (none before the first)."""
    releases = Release.objects.filter(centre=centre, dataset_key=dataset.key)
    dates = releases.aggregate(first=Min("first_released_at"), last=Max("changed_at"))
    periods = tuple(releases.order_by("period").values_list("period", flat=True))
    quarter_ends = [end for end in map(_quarter_end, periods) if end]
    if quarter_ends:
        current_as_of: dt.date | None = max(quarter_ends)
    else:
        checked = dates["last"]
        current_as_of = timezone.localdate(checked) if checked else None
    extra = OpenDataSettings.objects.filter(centre=centre).first()
    with translation.override("uk"):
        return Passport(
            identifier=f"{centre.slug}-{dataset.key}".lower(),
            title=str(dataset.title),
            description=str(dataset.about),
            language="uk",
            formats=FORMATS,
            first_published=dates["first"],
            last_modified=dates["last"],
            current_as_of=current_as_of,
            update_frequency=FREQUENCY_LABELS[dataset.frequency],
            keywords=tuple(str(keyword) for keyword in dataset.keywords),
            responsible_person=extra.responsible_person if extra else "",
            responsible_email=(extra.responsible_email if extra else "") or centre.email,
            edrpou=centre.edrpou,
            legal_basis=extra.legal_basis if extra else DEFAULT_LEGAL_BASIS,
            purpose=str(dataset.purpose),
            structure=tuple(
                Field(name=c.name, type=c.type, title=str(c.title or c.name))
                for c in dataset.columns
            ),
            periods=periods,
        )


def passport_list(*, centre: Centre) -> list[tuple[Dataset, Passport]]:
    return [(dataset, passport_get(centre=centre, dataset=dataset)) for dataset in datasets()]


def release_list_for_staff(*, centre: Centre) -> QuerySet[Release]:
    return Release.objects.filter(centre=centre).order_by("dataset_key", "period")


def portal_call_list(*, centre: Centre, limit: int = 50) -> QuerySet[PortalCall]:
    return PortalCall.objects.filter(centre=centre).order_by("-at", "-pk")[:limit]


@dataclass(frozen=True)
class PeriodChange:
    period: str
    state: str  # "new", "changed", "same"
    row_count: int


def release_diff(*, build: Build) -> list[PeriodChange]:
    """The build's periods against the last recorded release of each."""
    held = {
        release.period: release.csv_sha256
        for release in Release.objects.filter(centre=build.centre, dataset_key=build.dataset.key)
    }
    changes = []
    for part in build.parts:
        if part.period not in held:
            state = "new"
        elif held[part.period] != part.csv_sha256:
            state = "changed"
        else:
            state = "same"
        changes.append(PeriodChange(period=part.period, state=state, row_count=part.row_count))
    return changes


def settings_get(*, centre: Centre) -> OpenDataSettings:
    return OpenDataSettings.objects.filter(centre=centre).first() or OpenDataSettings(centre=centre)
