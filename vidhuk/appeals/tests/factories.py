import datetime as dt
import uuid

import factory
from django.utils import timezone

from vidhuk.appeals.choices import Channel, DocumentType, Kind, ReceiptForm, Status, Subject
from vidhuk.appeals.models import Appeal, HotlineCall
from vidhuk.appeals.tokens import token_hash, tracker_token_for
from vidhuk.core.tests.factories import CentreFactory


class AppealFactory(factory.django.DjangoModelFactory):
    """A registered formal appeal received through the web form, straight into the table.

    Tests of registration itself go through the services; this is for everything after it.
    """

    class Meta:
        model = Appeal

    centre = factory.SubFactory(CentreFactory)
    registration_year = factory.LazyAttribute(lambda o: timezone.localtime(o.received_at).year)
    # Far above the numbers the services give in a test (1, 2, …), whatever ran before.
    registration_number = factory.Sequence(lambda n: 10_000 + n)
    registration_index = factory.LazyAttribute(
        lambda o: f"Ш-{o.registration_number}/{o.registration_year}"
    )
    kind = Kind.COMPLAINT
    status = Status.REGISTERED
    channel = Channel.WEB
    receipt_form = ReceiptForm.POST
    subject = Subject.INDIVIDUAL
    document_type = DocumentType.ELECTRONIC
    received_at = factory.LazyFunction(timezone.now)
    tracker_salt = factory.LazyFunction(lambda: uuid.uuid4().hex)
    tracker_token_hash = factory.LazyAttribute(
        lambda o: token_hash(tracker_token_for(salt=o.tracker_salt))
    )
    full_name = "Шевченко Марія Петрівна"
    address = "м. Вербівка, вул. Садова, 5"
    email = "maria@example.com"
    phone = "+380671234567"
    text = "Прошу облаштувати пандус біля входу до ЦНАП."
    due_at = factory.LazyAttribute(lambda o: o.received_at + dt.timedelta(days=15))
    initial_due_at = factory.LazyAttribute(lambda o: o.due_at)
    answered_at = factory.LazyAttribute(
        lambda o: o.received_at if o.status == Status.ANSWERED else None
    )


class HotlineCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HotlineCall

    centre = factory.SubFactory(CentreFactory)
    started_at = factory.LazyFunction(timezone.now)
    duration_seconds = 180
    question = "Які документи потрібні для реєстрації місця проживання?"
    consultation = "Паспорт і заява; послуга безоплатна."


# --- fixtures shared by the appeals tests (imported by each test module) ---------------------

import pytest  # noqa: E402

from vidhuk.accounts.choices import Role  # noqa: E402
from vidhuk.accounts.tests.factories import MembershipFactory  # noqa: E402

KYIV_NOON_2026_03_02 = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


@pytest.fixture
def frozen(time_machine):
    """Monday 2 March 2026, noon in Kyiv; tests move on from here."""
    time_machine.move_to(KYIV_NOON_2026_03_02, tick=False)
    return time_machine


@pytest.fixture
def head(centre):
    return MembershipFactory(centre=centre, role=Role.HEAD).user


@pytest.fixture
def executor(centre):
    return MembershipFactory(centre=centre, role=Role.ADMINISTRATOR).user


@pytest.fixture
def outsider(other_centre):
    return MembershipFactory(centre=other_centre, role=Role.ADMINISTRATOR).user
