"""Background tasks of core: the worker's heartbeat (the mail send task is in core/mail.py)."""

from __future__ import annotations

from django_tasks import task


@task()
def worker_heartbeat() -> bool:
    """Does nothing: `manage.py worker_health` queues it, so a live worker has always run a
    task lately, even on a quiet night."""
    return True
