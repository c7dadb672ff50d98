"""A resident whose request lost PostgreSQL while saving the session is not told «deleted»."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from vidhuk.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _request_with_changed_session() -> tuple[SessionMiddleware, object]:
    store = SessionStore()
    store["step"] = 1
    store.save()
    middleware = SessionMiddleware(lambda request: HttpResponse("ok"))
    request = RequestFactory().post("/verbivka/appeals/new/quality_remark/")
    request.session = SessionStore(session_key=store.session_key)
    request.session["step"] = 2
    return middleware, request


def test_the_settings_use_this_store():
    from django.conf import settings

    assert settings.SESSION_ENGINE == "vidhuk.core.sessions"


def test_a_lost_connection_while_saving_is_a_server_error_not_a_deleted_session():
    middleware, request = _request_with_changed_session()
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(Session, "save", side_effect=lost), pytest.raises(OperationalError):
        middleware.process_response(request, HttpResponse("ok"))


def test_a_session_really_deleted_meanwhile_is_still_interrupted():
    middleware, request = _request_with_changed_session()
    Session.objects.all().delete()
    with pytest.raises(SessionInterrupted):
        middleware.process_response(request, HttpResponse("ok"))


def test_a_deleted_row_is_still_an_update_error_for_the_store():
    store = SessionStore()
    store["a"] = 1
    store.save()
    Session.objects.all().delete()
    store["a"] = 2
    with pytest.raises(UpdateError):
        store.save()
