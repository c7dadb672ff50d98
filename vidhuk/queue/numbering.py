"""A ticket's number and its row in one statement (issue 15, part 4).

The counter of a letter at an office on a day (``TicketCounter``) is the one row every kiosk of
the office writes; whoever holds its lock makes the others wait. So nothing is read or checked
while it is held: on PostgreSQL the counter is bumped and the ticket inserted by ONE statement,

    WITH n AS (INSERT INTO queue_ticketcounter … ON CONFLICT … DO UPDATE
               SET last_number = last_number + 1 RETURNING last_number)
    INSERT INTO queue_ticket (…, number, …) VALUES (…, (SELECT last_number FROM n), …)

and the lock lasts from that statement to the COMMIT right after it (a kiosk's ticket is that
statement alone, committed as it ends; a check-in's is the last before its COMMIT). Numbers have
no gaps: when the ticket's row is refused (its submission key already used — a double tap), the
statement fails whole, the bump with it. SQLite (``make run``) has no INSERT inside WITH; there
the bump (``… RETURNING last_number``) and the insert are two statements in a transaction, and
SQLite lets one writer in at a time anyway.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, router, transaction

from .models import Ticket, TicketCounter

_BUMP = (
    "INSERT INTO {counter} (office_id, day, letter, last_number) VALUES (%s, %s, %s, 1) "
    "ON CONFLICT (office_id, day, letter) DO UPDATE SET last_number = {counter}.last_number + 1 "
    "RETURNING last_number"
)


def ticket_insert_numbered(ticket: Ticket) -> None:
    """Insert the new ``ticket`` with the next number of its letter at its office that day
    (sets ``number`` and the primary key). Raises ``IntegrityError`` when a unique constraint
    refuses the ticket; no number is used up then."""
    using = router.db_for_write(Ticket, instance=ticket)
    connection = connections[using]
    qn = connection.ops.quote_name
    bump = _BUMP.format(counter=qn(TicketCounter._meta.db_table))
    bump_params: list[Any] = [ticket.office_id, ticket.day, ticket.letter]
    meta = Ticket._meta
    if connection.vendor != "postgresql":  # two statements: a transaction of their own
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(bump, bump_params)
            ticket.number = cursor.fetchone()[0]
            ticket.save(force_insert=True, using=using)
        return
    fields = [f for f in meta.local_concrete_fields if f is not meta.pk]
    columns: list[str] = []
    placeholders: list[str] = []
    params: list[Any] = []
    for field in fields:
        columns.append(qn(field.column))
        if field.attname == "number":
            placeholders.append("(SELECT last_number FROM n)")
        else:
            placeholders.append("%s")
            params.append(field.get_db_prep_save(field.pre_save(ticket, True), connection))
    statement = (
        f"WITH n AS ({bump}) "  # noqa: S608 — table and column names from the model, quoted
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(columns)}) "
        f"VALUES ({', '.join(placeholders)}) RETURNING {qn(meta.pk.column)}, {qn('number')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*bump_params, *params])
        ticket.pk, ticket.number = cursor.fetchone()
    ticket._state.adding = False
    ticket._state.db = using
