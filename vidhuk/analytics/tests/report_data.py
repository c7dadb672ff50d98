"""A quarter of a small centre's work for the report and gender tests: services provided in
2025 Q4 and 2026 Q1, some groups under 5 people, sex as stated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from vidhuk.analytics.models import ServiceProvision
from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.core.models import Centre
from vidhuk.core.tests.factories import OfficeFactory

Q1_DAY = dt.date(2026, 2, 10)
Q4_DAY = dt.date(2025, 11, 12)


def provide(
    centre: Centre,
    office: Any,
    service: Any,
    day: dt.date,
    count: int,
    *,
    result: str = "provided",
    sex: str = "",
) -> None:
    ServiceProvision.objects.bulk_create(
        ServiceProvision(
            centre=centre,
            office=office,
            service=service,
            service_title=service.name,
            provided_on=day,
            channel="in_person",
            result=result,
            source="manual",
            sex=sex,
        )
        for _ in range(count)
    )


@dataclass
class Quarter:
    office: Any
    passport: Any  # many
    registration: Any  # a group the report must hide
    rare: Any  # 3 people: never shown publicly


def build_quarter(centre: Centre) -> Quarter:
    """Q1 2026: 30 provided (women 18, men 9, not stated 3), 8 refused (women 5, men 3),
    6 consultations; Q4 2025: 20 provided. The rare service is provided to 3 people."""
    office = OfficeFactory(centre=centre, name="Головний офіс")
    category = CategoryFactory(centre=centre)
    passport = ServiceFactory(centre=centre, category=category, name="Оформлення паспорта")
    registration = ServiceFactory(
        centre=centre, category=category, name="Реєстрація місця проживання"
    )
    rare = ServiceFactory(centre=centre, category=category, name="Рідкісна довідка")
    provide(centre, office, passport, Q1_DAY, 15, sex="female")
    provide(centre, office, passport, Q1_DAY, 9, sex="male")
    provide(centre, office, rare, Q1_DAY, 3, sex="female")
    provide(centre, office, registration, Q1_DAY, 3)
    provide(centre, office, registration, Q1_DAY, 5, result="refused", sex="female")
    provide(centre, office, registration, Q1_DAY, 3, result="refused", sex="male")
    provide(centre, office, registration, Q1_DAY, 6, result="consultation", sex="male")
    provide(centre, office, passport, Q4_DAY, 20, sex="female")
    return Quarter(office=office, passport=passport, registration=registration, rare=rare)
