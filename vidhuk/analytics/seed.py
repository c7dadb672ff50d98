"""Demo data of the register (issue 14, part 1): a year of plausible services provided for the
demo centre — about 3,000 rows over the working days of the past year, most in person and
provided, some refused or only a consultation, demographics stated by about two in three.

Deterministic (a fixed random seed, days counted back from today) and fast (one bulk insert).
Loaded once: a centre that has demo rows already is left alone. Registered in `extensions.py`.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from vidhuk.catalog.selectors import service_list_for_staff
from vidhuk.core.models import Centre, Office
from vidhuk.core.seeds import SeedResult, SeedRun

from .choices import ProvisionChannel, ProvisionResult, ProvisionSource, StatedAgeGroup
from .models import ServiceProvision

DAYS = 365
SERVICES = 24  # the most asked-for services of the demo catalog
KEY_PREFIX = "demo:"
CHANNELS = (
    (ProvisionChannel.IN_PERSON, 84),
    (ProvisionChannel.ONLINE, 10),
    (ProvisionChannel.POST, 6),
)
RESULTS = (
    (ProvisionResult.PROVIDED, 80),
    (ProvisionResult.CONSULTATION, 13),
    (ProvisionResult.REFUSED, 7),
)
AGE_GROUPS = (
    (StatedAgeGroup.UNDER_18, 3),
    (StatedAgeGroup.FROM_18_TO_35, 30),
    (StatedAgeGroup.FROM_36_TO_59, 42),
    (StatedAgeGroup.SIXTY_PLUS, 25),
)


def seed_provisions(run: SeedRun) -> SeedResult:
    added = provisions_seed(centre=run.centre, offices=list(run.offices.values()))
    return SeedResult(summary=f"наданих послуг у реєстрі: {added}")


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _stated(rng: random.Random, share_yes: float) -> bool | None:
    if rng.random() < 0.35:
        return None
    return rng.random() < share_yes


@transaction.atomic
def provisions_seed(*, centre: Centre, offices: list[Office], today: dt.date | None = None) -> int:
    """Add the demo year; 0 when it is there already."""
    if ServiceProvision.objects.filter(centre=centre, source_key__startswith=KEY_PREFIX).exists():
        return 0
    services = list(service_list_for_staff(centre=centre).select_related(None)[:SERVICES])
    if not services or not offices:
        return 0
    today = today or timezone.localdate()
    rng = random.Random(14)  # noqa: S311 — demo data, not a secret
    popularity = [SERVICES - index for index in range(len(services))]
    rows: list[ServiceProvision] = []
    for back in range(DAYS, 0, -1):
        day = today - dt.timedelta(days=back)
        if day.weekday() >= 5:
            continue
        for _visit in range(rng.randint(8, 15)):
            service = rng.choices(services, weights=popularity)[0]
            stated = rng.random() < 0.65
            rows.append(
                ServiceProvision(
                    centre=centre,
                    provided_on=day,
                    office=offices[rng.randrange(len(offices))],
                    service=service,
                    service_title=service.name[:500],
                    channel=_pick(rng, CHANNELS),
                    result=_pick(rng, RESULTS),
                    source=ProvisionSource.MANUAL,
                    source_key=f"{KEY_PREFIX}{len(rows) + 1}",
                    sex=(rng.choice(("female", "female", "male")) if stated else ""),
                    age_group=_pick(rng, AGE_GROUPS) if stated else "",
                    idp=_stated(rng, 0.12) if stated else None,
                    disability=_stated(rng, 0.08) if stated else None,
                    pensioner=_stated(rng, 0.25) if stated else None,
                    veteran=_stated(rng, 0.06) if stated else None,
                )
            )
    ServiceProvision.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
