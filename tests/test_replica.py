"""The read replica (vidhuk/core/dbrouter.py) against a real streaming replica.

The replica is a base backup of the test run's PostgreSQL streaming from it
(vidhuk/testing/replica.py). Pausing its replay keeps the data as it was, so a page shows where
it was read from: the replica still has the old name of a service the staff member just renamed.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from vidhuk.accounts.choices import Role
from vidhuk.catalog.models import Service
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.testing.replica import Replica, start_replica

# ruff: noqa: S603  (a fixed command: this Python reading the settings)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup, django_db_blocker):
    """A hot standby of the test server, started after the test database was created, as the
    `replica` database (VIDHUK_REPLICA_DATABASE_URL adds it so) with the test database's name.
    Only the tests below route to it (the `replica` fixture)."""
    primary = connections["default"].settings_dict
    with django_db_blocker.unblock():
        replica = start_replica(primary_port=int(primary["PORT"]))
    connections.settings["replica"] = {
        **primary,
        "HOST": "127.0.0.1",
        "PORT": str(replica.port),
        "TEST": {**primary["TEST"], "MIRROR": "default"},
    }
    yield replica
    connections["replica"].close()
    replica.stop()


@pytest.fixture
def replica(streaming_replica: Replica, settings):
    """The router and middleware as VIDHUK_REPLICA_DATABASE_URL sets them up."""
    settings.DATABASE_ROUTERS = ["vidhuk.core.dbrouter.ReplicaRouter"]
    settings.MIDDLEWARE = ["vidhuk.core.dbrouter.ReplicaReadsMiddleware", *settings.MIDDLEWARE]
    yield streaming_replica
    streaming_replica.resume()


def _card(service: Service, name: str) -> dict[str, str]:
    return {
        "code": service.code,
        "name": name,
        "provider_name": service.provider_name,
        "legal_basis": service.legal_basis,
        "documents": service.documents,
        "is_free": "on",
        "max_term_days": "10",
        "result": service.result,
        "delivery_methods": service.delivery_methods,
        "appeal_procedure": service.appeal_procedure,
        "is_published": "on",
    }


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_public_page_is_read_from_the_replica_and_a_staff_write_goes_to_the_primary(
    replica, client, staff_client, centre
):
    service = ServiceFactory(centre=centre, name="Видача довідки про склад сім'ї")
    staff, _membership = staff_client(Role.ADMINISTRATOR)
    replica.caught_up()
    replica.pause()

    with CaptureQueriesContext(connections["replica"]) as on_replica:
        saved = staff.post(f"/staff/verbivka/services/{service.pk}/", _card(service, "Нова назва"))
        staff_page = staff.get(f"/staff/verbivka/services/{service.pk}/")
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(connections["replica"]) as public_reads,
    ):
        public = client.get(f"/verbivka/services/{service.slug}/")

    assert saved.status_code == 302
    assert Service.objects.using("default").get(pk=service.pk).name == "Нова назва"
    assert "Нова назва" in staff_page.content.decode()  # the staff member sees what they wrote
    assert len(on_replica) == 0
    assert public.status_code == 200
    assert "Видача довідки про склад сім&#x27;ї" in public.content.decode()
    assert "Нова назва" not in public.content.decode()
    assert (len(on_primary), len(public_reads) > 0) == (0, True)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_page_read_from_a_replica_behind_the_change_is_not_cached(
    replica, client, staff_client, centre
):
    service = ServiceFactory(centre=centre, name="Стара назва")
    staff, _membership = staff_client(Role.ADMINISTRATOR)
    url = f"/verbivka/services/{service.slug}/"
    replica.caught_up()
    replica.pause()
    staff.post(f"/staff/verbivka/services/{service.pk}/", _card(service, "Нова назва"))

    behind = [client.get(url) for _ in range(2)]
    replica.resume()
    replica.caught_up()
    after = [client.get(url) for _ in range(2)]

    assert ["Стара назва" in page.content.decode() for page in behind] == [True, True]
    assert [page.get("X-Page-Cache") for page in behind] == [None, None]  # served, not kept
    assert ["Нова назва" in page.content.decode() for page in after] == [True, True]
    assert [page["X-Page-Cache"] for page in after] == ["miss", "hit"]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_request_reads_from_the_primary_once_it_has_written(replica, centre):
    from vidhuk.core.dbrouter import replica_reads

    service = ServiceFactory(centre=centre, name="Стара назва")
    replica.caught_up()
    replica.pause()

    with replica_reads():
        before = Service.objects.get(pk=service.pk).name
        Service.objects.filter(pk=service.pk).update(name="Нова назва")
        after = Service.objects.get(pk=service.pk).name

    assert (before, after) == ("Стара назва", "Нова назва")


def test_the_replica_setting_adds_the_database_router_and_middleware():
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config import settings as s; import json; print(json.dumps("
            "[s.DATABASES['replica']['PORT'], s.DATABASE_ROUTERS, s.MIDDLEWARE[0]]))",
        ],
        cwd=ROOT,
        env=os.environ | {"VIDHUK_REPLICA_DATABASE_URL": "postgres://vidhuk@10.0.0.2:5433/vidhuk"},
        check=True,
        capture_output=True,
        text=True,
    )

    assert json.loads(shown.stdout) == [
        5433,
        ["vidhuk.core.dbrouter.ReplicaRouter"],
        "vidhuk.core.dbrouter.ReplicaReadsMiddleware",
    ]
