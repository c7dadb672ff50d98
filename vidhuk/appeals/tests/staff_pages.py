"""The appeals back office for its view tests: addresses, an operator, the main office, a case
made to measure, the inbox's six cases, an item as the registration form posts it, and an
action on a case."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.choices import (
    Channel,
    Kind,
    ReceiptForm,
    Status,
    Topic,
)
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.core.choices import OfficeKind
from vidhuk.core.tests.factories import OfficeFactory

KYIV = ZoneInfo("Europe/Kyiv")
BASE = "/staff/verbivka/appeals/"
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=KYIV)


@pytest.fixture
def main_office(centre):
    return OfficeFactory(centre=centre, kind=OfficeKind.MAIN, name="Головний офіс ЦНАП")


@pytest.fixture
def operator(frozen, staff_client):
    client, membership = staff_client(Role.HOTLINE_OPERATOR)
    return client


def _page(response) -> str:
    return response.content.decode()


def _appeal(centre, **fields):
    return AppealFactory(**{"centre": centre, "received_at": NOW - dt.timedelta(days=1), **fields})


MARIA = {
    "full_name": "Шевченко Марія Петрівна",
    "address": "м. Вербівка, вул. Садова, 5",
    "phone": "067 123 45 67",
}


def _item(**overrides):
    data = {
        "kind": Kind.COMPLAINT,
        "received_at": "2026-03-02T11:40",
        "text": "Прошу облаштувати пандус біля входу.",
        "receipt_form": ReceiptForm.PERSONAL_RECEPTION,
        "sign": "primary",
        "document_type": "oral",
        "signatories_count": "1",
        **MARIA,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def inbox(frozen, centre, main_office):
    """Six cases, each the only one matching one filter, and what tells them apart."""
    executor = MembershipFactory(centre=centre, role=Role.ADMINISTRATOR).user
    service = ServiceFactory(centre=centre, category=CategoryFactory(centre=centre))
    remote = OfficeFactory(centre=centre)
    return {
        "plain": _appeal(centre, channel=Channel.WEB, topic=Topic.HOUSING),
        "hotline": _appeal(centre, channel=Channel.HOTLINE, topic=Topic.HOUSING),
        "thanks": _appeal(
            centre, kind=Kind.THANKS, is_anonymous=True, full_name="", due_at=None,
            initial_due_at=None,
        ),
        "assigned": _appeal(centre, executor=executor, office=remote, service=service),
        "overdue": _appeal(centre, due_at=NOW - dt.timedelta(hours=1), topic=Topic.TRANSPORT),
        "due_soon": _appeal(centre, due_at=NOW + dt.timedelta(days=2), full_name="Бойко Ірина"),
        "answered": _appeal(
            centre, status=Status.ANSWERED, received_at=NOW - dt.timedelta(days=40)
        ),
        "executor": executor,
        "service": service,
        "remote": remote,
    }  # fmt: skip


def _act(client, appeal, action, data=None):
    return client.post(f"{BASE}{appeal.pk}/act/{action}/", data or {})
