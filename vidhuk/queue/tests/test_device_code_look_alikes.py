"""A kiosk's set-up code typed on a Ukrainian keyboard: Cyrillic look-alikes read as the Latin
letters shown to the administrator, like every other code a person types."""

import pytest

from vidhuk.queue.devices import queue_device_activate, queue_device_register
from vidhuk.queue.tests.factories import NOW

pytestmark = pytest.mark.django_db

LATIN = "ABCEHKMPTXY"
CYRILLIC = "АВСЕНКМРТХУ"


def test_a_set_up_code_typed_with_cyrillic_look_alikes_sets_up_the_device(office, monkeypatch):
    from vidhuk.queue import devices

    monkeypatch.setattr(devices, "code_new", lambda length: (LATIN + "7")[:length])
    _device, code = queue_device_register(
        office=office, kind="kiosk", label="K", actor=None, now=NOW
    )
    typed = code.translate(str.maketrans(LATIN, CYRILLIC)).lower()
    assert typed != code.lower()

    device, token = queue_device_activate(centre=office.centre, code=typed, now=NOW)

    assert device.activated_at == NOW
    assert token
