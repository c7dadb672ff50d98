"""What one appeal submission costs the database (issue 15, part 4: ≤ 12 statements).

Counted as production runs it (`transaction=True`, so no test savepoints are counted). The
rate limit and the spent stamp are one statement (core/antiabuse.py), the case is numbered
and written with its event and audit record in one statement (services/numbering.py), atomic on
its own when there are no files (with files, they and the case are one transaction), and the
receipt rides in the redirect, so no session is read or written.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vidhuk.appeals.choices import Kind
from vidhuk.appeals.models import Appeal, AppealAttachment, AppealEvent, RegistrationCounter
from vidhuk.appeals.tests import public_form
from vidhuk.appeals.tests.public_form import CLIENT_ADDRESS, PDF, form_data, form_url, send
from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import CentreFactory

_isolated = public_form._isolated
pytestmark = pytest.mark.django_db(transaction=True)

ANONYMOUS = {"full_name": None, "address": None, "email": None, "phone": None, "consent": None}


@pytest.fixture
def verbivka():
    return CentreFactory(slug="verbivka", name="ЦНАП Вербівської міської ради")


def _statements(client: Client, kind: str, **data) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            form_url(kind, anonymous=bool(data.pop("anonymous", False))),
            form_data(**data),
            REMOTE_ADDR=CLIENT_ADDRESS,
        )
    assert response.status_code == 302
    return len(captured), [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (Kind.COMPLAINT, {"email": ""}),
        (Kind.QUALITY_REMARK, {"anonymous": True, **ANONYMOUS}),
    ],
    ids=["named-appeal", "anonymous-feedback"],
)
def test_a_submission_runs_at_most_four_statements(client, verbivka, kind, data):
    count, statements = _statements(client, kind, **data)

    # The centre with its settings, the rate limit with the stamp, the calendar (a deadline),
    # the numbered insert: 4 (3 for feedback, which has no deadline). The goal is 12.
    assert count <= 4, "\n".join(statements)
    assert [sql for sql in statements if "core_ratecount" in sql and "core_spentstamp" in sql]
    assert not any("SAVEPOINT" in sql for sql in statements)
    assert not any("django_session" in sql for sql in statements)
    assert not any("vidhuk_cache" in sql for sql in statements)


def test_the_next_submission_reads_the_calendar_no_more(client, verbivka):
    """The centre's calendar is kept after the first deadline computed (core/workdays.py): the
    next appeal is the centre, the rate limit with the stamp, and the numbered insert."""
    _statements(client, Kind.COMPLAINT, email="")

    count, statements = _statements(client, Kind.COMPLAINT, email="")

    assert count <= 3, "\n".join(statements)
    assert not any("core_calendarday" in sql for sql in statements)


def test_the_number_is_given_by_the_last_statement_on_its_own(client, verbivka):
    _count, statements = _statements(client, Kind.COMPLAINT, email="")

    # Case, event, audit record and number in one statement, atomic by itself: the centre's
    # counter is locked only while it runs.
    assert "appeals_registrationcounter" in statements[-1]
    assert not any("appeals_registrationcounter" in sql for sql in statements[:-1])
    assert not {"BEGIN", "COMMIT"} & set(statements)
    appeal = Appeal.objects.get()
    index = f"Ш-1/{timezone.localdate().year}"
    assert (appeal.registration_number, appeal.registration_index) == (1, index)
    event = AppealEvent.objects.get(appeal=appeal)
    assert event.public_text == f"Зареєстровано за номером {index}."
    assert AuditEvent.objects.get(object_id=str(appeal.pk)).object_repr == (
        f"{index} — {appeal.get_kind_display()}"
    )


def test_a_case_with_files_is_written_with_them_in_one_transaction(client, verbivka):
    files = [SimpleUploadedFile("скан.pdf", PDF)]
    _count, statements = _statements(client, Kind.COMPLAINT, email="", attachments=files)

    begin, commit = statements.index("BEGIN"), statements.index("COMMIT")
    assert any("appeals_appealattachment" in sql for sql in statements[begin:commit])
    assert "appeals_registrationcounter" in statements[commit - 1]
    assert AppealAttachment.objects.get().appeal == Appeal.objects.get()


def test_a_repeated_submit_uses_no_number(client, verbivka):
    data = form_data(email="")
    first = client.post(form_url(Kind.COMPLAINT), data, REMOTE_ADDR=CLIENT_ADDRESS)
    second = client.post(form_url(Kind.COMPLAINT), data, REMOTE_ADDR=CLIENT_ADDRESS)
    send(client, Kind.COMPLAINT, email="")

    assert (first.status_code, second.status_code) == (302, 302)
    numbers = list(Appeal.objects.order_by("pk").values_list("registration_number", flat=True))
    assert numbers == [1, 2]
    assert RegistrationCounter.objects.get().last_number == 2


def test_concurrent_posts_of_one_form_make_one_case_and_numbers_stay_without_gaps(verbivka):
    """Seven residents send their forms at once, one of them twice (a double click)."""
    repeated = form_data(email="")
    posts = [repeated, repeated, *(form_data(email="") for _ in range(6))]
    statuses: list[int] = []

    def worker(data) -> None:
        try:
            response = Client().post(form_url(Kind.COMPLAINT), data, REMOTE_ADDR=CLIENT_ADDRESS)
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(data,)) for data in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302] * 8
    numbers = sorted(Appeal.objects.values_list("registration_number", flat=True))
    assert numbers == list(range(1, 8))
    assert Appeal.objects.filter(submission_key=uuid.UUID(repeated["submission_key"])).count() == 1
    assert RegistrationCounter.objects.get().last_number == 7
