"""Sessions in the database, but a lost connection is not a deleted session.

Django's database store turns any database error while updating a session into `UpdateError`,
which the session middleware answers with 400 «the session was deleted»: a resident whose appeal
was saved just before PostgreSQL went away would be told it was refused and write it again. Here
an error of the connection itself (PostgreSQL stopped or restarting) goes on as what it is, a
server error; the resident reloads and lands on the page of what they sent. A session that is
really gone (the update touched no row) is still `UpdateError`.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import InterfaceError, OperationalError


class SessionStore(db.SessionStore):
    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            cause = error.__context__
            if isinstance(cause, (OperationalError, InterfaceError)):
                raise cause from None
            raise
