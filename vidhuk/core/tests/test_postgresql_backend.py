"""`vidhuk.core.postgresql`: a reused connection is asked ``SELECT 1`` before a request only
after a pause; a connection the server dropped is still replaced then."""

import psycopg
import pytest
from django.db import OperationalError, connections

from vidhuk.core.postgresql import base

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def checked(monkeypatch):
    """The test connection with health checks on (production), its clock in the test's hands."""
    wrapper = connections["default"]
    wrapper.ensure_connection()
    clock = [1000.0]
    monkeypatch.setattr(base.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(wrapper, "health_check_enabled", True)
    asked = []
    real = wrapper.is_usable
    monkeypatch.setattr(wrapper, "is_usable", lambda: asked.append(1) or real())
    return clock, asked


def _next_request():
    connections["default"].close_if_unusable_or_obsolete()  # what Django runs as a request starts


def _select_one():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


def _drop_on_the_server():
    wrapper = connections["default"]
    pid = wrapper.connection.info.backend_pid
    params = wrapper.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_connection_that_just_answered_is_not_asked_again(checked):
    clock, asked = checked
    _select_one()
    _next_request()
    clock[0] += 0.5

    assert _select_one() == 1
    assert asked == []


def _dropped_then_next_request_after(checked, seconds):
    clock, asked = checked
    _select_one()
    _drop_on_the_server()
    _next_request()
    clock[0] += seconds
    return asked


def test_after_a_pause_it_is_asked_and_a_dropped_one_replaced(checked):
    asked = _dropped_then_next_request_after(checked, 1.5)

    assert _select_one() == 1
    assert asked == [1]


def test_within_the_second_a_dropped_connection_fails_one_request_then_is_replaced(checked):
    _dropped_then_next_request_after(checked, 0.2)

    with pytest.raises(OperationalError):
        _select_one()
    _next_request()  # the failed request's end: Django asks it, finds it dead and closes it

    assert _select_one() == 1
