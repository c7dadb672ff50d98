import datetime as dt
from zoneinfo import ZoneInfo

import factory

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.appointments.models import Appointment, WorkingInterval
from vidhuk.appointments.tokens import new_code
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.models import Window
from vidhuk.core.tests.factories import CentreFactory, OfficeFactory


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Window
        skip_postgeneration_save = True

    centre = factory.SubFactory(CentreFactory)
    office = factory.SubFactory(OfficeFactory, centre=factory.SelfAttribute("..centre"))
    number = factory.Sequence(lambda n: str(n + 1))

    @factory.post_generation
    def services(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.services.set(extracted)


class WorkingIntervalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingInterval

    centre = factory.SelfAttribute("office.centre")
    office = factory.SubFactory(OfficeFactory)
    window = None
    weekday = 0
    starts = dt.time(9, 0)
    ends = dt.time(13, 0)


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    window = factory.SubFactory(WindowFactory)
    centre = factory.SelfAttribute("window.centre")
    office = factory.SelfAttribute("window.office")
    service = factory.SubFactory(ServiceFactory, centre=factory.SelfAttribute("..centre"))
    starts_at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=15))
    status = AppointmentStatus.BOOKED
    code = factory.LazyFunction(new_code)
    name = "Олена Петренко"
    phone = "+380671234567"
