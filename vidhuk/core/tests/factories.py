import datetime as dt

import factory

from vidhuk.core.choices import Oblast, OfficeKind
from vidhuk.core.models import CalendarDay, Centre, Office, OpeningHours


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    slug = factory.Sequence(lambda n: f"centre-{n}")
    name = factory.Sequence(lambda n: f"ЦНАП громади №{n}")
    hromada = factory.Sequence(lambda n: f"Громада №{n}")
    oblast = Oblast.POLTAVA
    edrpou = "12345678"
    address = "вул. Соборна, 1, м. Вербівка"
    phones = "+380 53 000 00 01"
    email = "cnap@verbivka.example"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    centre = factory.SubFactory(CentreFactory)
    slug = factory.Sequence(lambda n: f"office-{n}")
    name = factory.Sequence(lambda n: f"Віддалене робоче місце №{n}")
    kind = OfficeKind.REMOTE
    address = "с. Лугове, вул. Шкільна, 3"


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    office = factory.SubFactory(OfficeFactory)
    weekday = 0
    opens = dt.time(8, 0)
    closes = dt.time(17, 0)


class CalendarDayFactory(factory.django.DjangoModelFactory):
    """A centre's exception to the national calendar; by default a working Saturday."""

    class Meta:
        model = CalendarDay

    centre = factory.SubFactory(CentreFactory)
    date = dt.date(2026, 3, 7)
    is_working_day = True
    note = "Перенесення робочого дня"
