import pytest

from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.choices import OfficeKind

from .factories import NOW, open_office, window


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def office(centre):
    return open_office(centre, slug="main", name="Головний офіс", kind=OfficeKind.MAIN)


@pytest.fixture
def passport(centre, office):
    service = ServiceFactory(centre=centre, name="Оформлення паспорта для виїзду за кордон")
    service.offices.add(office)
    return service


@pytest.fixture
def land(centre, office):
    service = ServiceFactory(centre=centre, name="Витяг з Державного земельного кадастру")
    service.offices.add(office)
    return service


@pytest.fixture
def window_1(office):
    return window(office, "1")


@pytest.fixture
def window_2(office):
    return window(office, "2")


@pytest.fixture
def kiosk_client(client, office):
    """The test client set up as a registered kiosk of the office, through the set-up page."""
    from vidhuk.queue.choices import DeviceKind
    from vidhuk.queue.devices import queue_device_register

    _device, code = queue_device_register(
        office=office, kind=DeviceKind.KIOSK, label="Термінал біля входу", actor=None
    )
    response = client.post(f"/{office.centre.slug}/queue/device/", {"code": code})
    assert response.status_code == 302
    return client
