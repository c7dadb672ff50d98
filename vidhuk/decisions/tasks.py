"""Background tasks of decisions (django-tasks): each is idempotent and calls a service."""

from __future__ import annotations

from django_tasks import task

from .notify import decision_notices_deliver


@task()
def decision_notices_send(decision_id: int, revision: int) -> int:
    """Hand the e-mails of one public change to the mail ledger (notify.py: once each)."""
    return decision_notices_deliver(decision_id=decision_id, revision=revision)
