"""Open data's writes: a release recorded (per dataset and period, with its hashes), a release
published to the portal, the passport's settings saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from vidhuk.core.datasets import Dataset, datasets, open_quarter_start
from vidhuk.core.models import Centre

from .build import Build, build_dataset
from .ckan import Plan, Portal, PortalConfig, PortalError, carry_out, plan_publish, portal_config
from .models import OpenDataSettings, Release


class ReleaseRefused(Exception):
    """The data package failed validation: nothing is released; ``errors`` says why."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@transaction.atomic
def release_record(*, build: Build, now: dt.datetime) -> list[str]:
    """Record the build's periods (new ones, and changed ones with their new hashes); return the
    periods that changed. A build with validation errors is refused whole (КМУ №835 and the
    Table Schema: nothing unvalidated is published)."""
    if not build.is_valid:
        raise ReleaseRefused(build.errors)
    held = {
        release.period: release
        for release in Release.objects.select_for_update().filter(
            centre=build.centre, dataset_key=build.dataset.key
        )
    }
    changed = []
    for part in build.parts:
        release = held.get(part.period)
        if release is None:
            Release.objects.create(
                centre=build.centre,
                dataset_key=build.dataset.key,
                period=part.period,
                row_count=part.row_count,
                csv_sha256=part.csv_sha256,
                json_sha256=part.json_sha256,
                first_released_at=now,
                changed_at=now,
            )
            changed.append(part.period)
        elif (release.csv_sha256, release.json_sha256) != (part.csv_sha256, part.json_sha256):
            release.row_count = part.row_count
            release.csv_sha256, release.json_sha256 = part.csv_sha256, part.json_sha256
            release.changed_at = now
            release.save(update_fields=["row_count", "csv_sha256", "json_sha256", "changed_at"])
            changed.append(part.period)
    return changed


@dataclass
class DatasetOutcome:
    dataset: Dataset
    build: Build
    plan: Plan | None = None
    changed_periods: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class PublishOutcome:
    datasets: list[DatasetOutcome]
    writes: int = 0
    dry_run: bool = False

    @property
    def errors(self) -> list[str]:
        return [f"{o.dataset.key}: {e}" for o in self.datasets for e in o.errors]


def opendata_publish(
    *, centre: Centre, dry_run: bool = False, config: PortalConfig | None = None
) -> PublishOutcome:
    """Build every dataset, record the release (unless a dry run) and bring the portal in line
    with it: the dry run only plans (the diff), a real run creates or patches what differs.

    Not one transaction: each portal call is logged as it happens, and a dataset that fails
    (validation, the portal) does not stop the others."""
    config = config or portal_config(centre)
    portal = Portal(centre=centre, config=config, dry_run=dry_run) if config else None
    now = timezone.now()
    outcomes = []
    for dataset in datasets():
        build = build_dataset(centre=centre, dataset=dataset)
        outcome = DatasetOutcome(dataset=dataset, build=build, errors=list(build.errors))
        outcomes.append(outcome)
        if not build.is_valid:
            continue
        if not dry_run:
            outcome.changed_periods = release_record(build=build, now=now)
        if portal is None or not build.parts:
            continue
        try:
            outcome.plan = plan_publish(portal, build)
            if not dry_run:
                carry_out(portal, outcome.plan)
        except PortalError as failed:
            outcome.errors.append(str(failed))
    return PublishOutcome(datasets=outcomes, writes=portal.writes if portal else 0, dry_run=dry_run)


def opendata_quarterly_due(*, centre: Centre, today: dt.date) -> bool:
    """Whether this quarter's publication has not yet reached the portal: the daily job then
    publishes (once a quarter; a later run finds it done)."""
    start = open_quarter_start(today)
    return not Release.objects.filter(centre=centre, portal_synced_at__date__gte=start).exists()


@transaction.atomic
def opendata_settings_save(
    *, centre: Centre, responsible_person: str, responsible_email: str, legal_basis: str
) -> OpenDataSettings:
    found, _created = OpenDataSettings.objects.select_for_update().get_or_create(centre=centre)
    found.responsible_person = responsible_person
    found.responsible_email = responsible_email
    found.legal_basis = legal_basis
    found.full_clean()
    found.save()
    return found
