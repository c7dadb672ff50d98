"""The confirmation mail of a web submission is queued by the statement that writes the case
(core/taskrows.py), when the task queue is the database's, as in production: both are saved or
neither, in one round trip. The worker the deployment runs (`db_worker`) then sends the mail.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from vidhuk.appeals import tasks
from vidhuk.appeals.choices import Kind
from vidhuk.appeals.models import Appeal
from vidhuk.appeals.tests import public_form
from vidhuk.appeals.tests.public_form import CLIENT_ADDRESS, PDF, form_data, form_url
from vidhuk.appeals.tokens import tracker_token_for
from vidhuk.core.tests.factories import CentreFactory

_isolated = public_form._isolated
pytestmark = pytest.mark.django_db(transaction=True)

QUEUE_TABLE = DBTaskResult._meta.db_table
# What a row says beyond its key, its time and its arguments.
ROW_FIELDS = (
    "status",
    "priority",
    "task_path",
    "queue_name",
    "backend_name",
    "run_after",
    "worker_ids",
    "return_value",
    "exception_class_path",
    "traceback",
)


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def verbivka():
    return CentreFactory(slug="verbivka", name="ЦНАП Вербівської міської ради")


def _post(client, data, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(form_url(Kind.COMPLAINT), data, REMOTE_ADDR=CLIENT_ADDRESS, **extra)
    assert response.status_code == 302
    return [query["sql"] for query in captured.captured_queries]


def test_the_confirmation_is_queued_by_the_statement_that_writes_the_case(client, verbivka):
    statements = _post(client, form_data())

    appeal = Appeal.objects.get()
    [numbered] = [sql for sql in statements if "appeals_registrationcounter" in sql]
    assert QUEUE_TABLE in numbered
    assert [sql for sql in statements if QUEUE_TABLE in sql] == [numbered]
    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs == {"args": [appeal.pk, "http://testserver/"], "kwargs": {}}
    # The same row as the library's own enqueue stores.
    enqueued = tasks.appeal_send_registration_confirmation.enqueue(appeal.pk, "http://testserver/")
    stored = DBTaskResult.objects.get(pk=enqueued.id)
    assert [getattr(queued, name) for name in ROW_FIELDS] == [
        getattr(stored, name) for name in ROW_FIELDS
    ]
    stored.delete()

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    [sent] = mail.outbox
    assert sent.to == ["maria@example.com"]
    assert appeal.registration_index in sent.body
    assert tracker_token_for(salt=appeal.tracker_salt) in sent.body
    assert DBTaskResult.objects.get(pk=queued.pk).status == "SUCCESSFUL"


def test_a_case_with_files_queues_it_in_the_same_transaction(client, verbivka):
    files = [SimpleUploadedFile("скан.pdf", PDF)]
    statements = _post(client, form_data(attachments=files))

    begin, commit = statements.index("BEGIN"), statements.index("COMMIT")
    assert QUEUE_TABLE in statements[commit - 1]
    assert not [sql for sql in statements[:begin] + statements[commit:] if QUEUE_TABLE in sql]
    assert DBTaskResult.objects.get().args_kwargs["args"][0] == Appeal.objects.get().pk


def test_a_double_submit_queues_one_mail(client, verbivka):
    data = form_data()

    _post(client, data)
    _post(client, data)

    assert Appeal.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_without_an_address_nothing_is_queued(client, verbivka):
    statements = _post(client, form_data(email="", phone="067 123 45 67"))

    assert not [sql for sql in statements if QUEUE_TABLE in sql]
    assert not DBTaskResult.objects.exists()


def test_another_queue_gets_it_after_commit_as_before(client, verbivka, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    statements = _post(client, form_data())

    assert not [sql for sql in statements if QUEUE_TABLE in sql]
    [sent] = mail.outbox
    assert Appeal.objects.get().registration_index in sent.body
