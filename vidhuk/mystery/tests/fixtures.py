"""Fixtures and helpers shared by the mystery-shopper tests (no tests here).

The checklist is the shipped default, installed by the real service; photos are real JPEG and
PNG files made by Pillow; uploads are stored in a temporary MEDIA_ROOT.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.choices import OfficeKind
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.mystery.selectors import mystery_version_current
from vidhuk.mystery.services import VisitFacts, mystery_visit_create
from vidhuk.surveys.services import questionnaire_install_defaults
from vidhuk.testing.images import jpeg_with_gps, png_bytes  # noqa: F401 — used as fx.*

KYIV = ZoneInfo("Europe/Kyiv")
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)
VISIT_AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=KYIV)

YES_NO_CODES = [
    "site_current_info",
    "phone_answered",
    "booking_works",
    "signs_outside",
    "step_free_entrance",
    "accessible_parking",
    "services_list_visible",
    "info_cards_available",
    "terminal_works",
    "waiting_seats",
    "accessible_toilet",
    "children_corner",
    "greeting",
    "name_badge",
    "clear_explanation",
    "no_unnecessary_documents",
    "no_informal_payment",
    "result_as_promised",
]
RATING_CODES = ["temperature", "cleanliness", "politeness", "competence", "overall"]


def full_answers(*, yes: bool = True, rating: str = "4", **overrides: Any) -> dict[str, Any]:
    """Every required question of the default checklist answered."""
    answers: dict[str, Any] = dict.fromkeys(YES_NO_CODES, "yes" if yes else "no")
    answers.update(dict.fromkeys(RATING_CODES, rating))
    answers["minutes_to_ticket"] = "under_5"
    answers["comments"] = "Усе гаразд."
    answers.update(overrides)
    return answers


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def checklist(centre):
    """The centre's default checklist, installed as published version 1."""
    questionnaire_install_defaults(centre=centre, actor=None)
    return mystery_version_current(centre=centre)


@pytest.fixture
def main_office(centre):
    return OfficeFactory(centre=centre, kind=OfficeKind.MAIN, name="Головний офіс ЦНАП", position=0)


@pytest.fixture
def remote_office(centre):
    return OfficeFactory(
        centre=centre, kind=OfficeKind.REMOTE, name="Віддалене місце Лугове", position=1
    )


@pytest.fixture
def service(centre):
    return ServiceFactory(centre=centre, name="Оформлення паспорта для виїзду за кордон")


@pytest.fixture
def evaluator(centre):
    return MembershipFactory(centre=centre, role=Role.EVALUATOR).user


@pytest.fixture
def other_evaluator(centre):
    return MembershipFactory(centre=centre, role=Role.EVALUATOR).user


@pytest.fixture
def reviewer(centre):
    return MembershipFactory(centre=centre, role=Role.COMMUNICATIONS).user


def facts(office, **overrides: Any) -> VisitFacts:
    values: dict[str, Any] = {
        "visited_at": VISIT_AT,
        "office": office,
        "service": None,
        "minutes_waited": 12,
        "minutes_served": 8,
    }
    values.update(overrides)
    return VisitFacts(**values)


def file_report(
    *,
    centre,
    evaluator,
    version,
    office,
    submit: bool = True,
    answers: dict[str, Any] | None = None,
    photos: list[Any] | None = None,
    **fact_overrides: Any,
):
    return mystery_visit_create(
        centre=centre,
        evaluator=evaluator,
        version=version,
        facts=facts(office, **fact_overrides),
        answers=full_answers() if answers is None else answers,
        submission_key=uuid.uuid4().hex,
        photos=photos,
        submit=submit,
    )
