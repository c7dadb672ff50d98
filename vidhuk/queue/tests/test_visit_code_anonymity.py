"""A queue ticket cannot be paired with the survey answer given with its visit code.

The visit code is issued in the transaction that finishes the ticket, so its token row shares
the ticket's ``xmin`` (the id of the transaction that wrote a row); a ticket may point to an
appointment, a named person. The answer must therefore leave no row that shares a transaction id
with the token or the ticket. On PostgreSQL, in committed transactions.
"""

import pytest
from django.db import connection

from vidhuk.queue.choices import Outcome, Purpose
from vidhuk.queue.models import Ticket
from vidhuk.queue.services import ticket_call_next, ticket_finish, ticket_issue
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import Response, VisitToken
from vidhuk.surveys.services import response_submit
from vidhuk.surveys.tests.factories import QuestionFactory, SectionFactory, VersionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _xmin(table: str, pk: int | None = None) -> set[int]:
    where = " WHERE id = %s" if pk is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text::bigint FROM {table}{where}",  # noqa: S608 — our own names
            [pk] if pk is not None else [],
        )
        return {row[0] for row in cursor.fetchall()}


def test_the_answer_by_a_tickets_visit_code_shares_no_transaction_with_the_ticket(
    centre, office, window_1, now
):
    version = VersionFactory(questionnaire__centre=centre)
    QuestionFactory(section=SectionFactory(version=version), code="speed")
    ticket = ticket_issue(office=office, purpose=Purpose.SUBMIT)
    ticket_call_next(window=window_1)
    visit = ticket_finish(ticket=ticket, window=window_1, outcome=Outcome.SERVED, actor=None)
    [ticket_written_in] = _xmin("queue_ticket", ticket.pk)
    [token_written_in] = _xmin("surveys_visittoken")
    # The link the token carries: written in the ticket's transaction (in its savepoint).
    assert token_written_in - ticket_written_in in (0, 1)
    finishing = {ticket_written_in, token_written_in}

    response = response_submit(
        version=version,
        channel=Channel.VISIT_TOKEN,
        answers={"speed": 5},
        submission_key="form-1",
        visit_token=visit.visit_code,
    )

    assert VisitToken.objects.count() == 0
    answer_rows = _xmin("surveys_response") | _xmin("surveys_answer")
    answer_rows |= _xmin("surveys_spentvisitcode")
    assert answer_rows.isdisjoint(finishing)
    assert _xmin("queue_ticket", ticket.pk) == {ticket_written_in}  # the ticket is not touched
    assert Ticket.objects.get().status == "done"
    assert Response.objects.get() == response
