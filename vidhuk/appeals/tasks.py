"""Background work of appeals: mail and the retention schedule. Each task is idempotent: a mail
is queued in the one mail ledger (vidhuk/core/mail.py) under a key and never sent twice;
anonymisation skips what is done."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django_tasks import task

from vidhuk.core.mail import mail_enqueue
from vidhuk.core.models import Centre

from .mail import tracker_url
from .models import Appeal
from .tokens import tracker_token_for


def _send_once(
    *, key: str, template: str, to: str, context: dict[str, object], centre: Centre, about: str
) -> bool:
    """Queue the mail in the ledger, which sends it once and retries a refusal. True when this
    run queued it (False: queued before, or nobody to send it to)."""
    if not to:
        return False
    with translation.override("uk"):
        mail = mail_enqueue(
            key=key,
            to=to,
            template=f"appeals/email/{template}",
            context=context,
            centre=centre,
            about=about,
        )
    return bool(mail.is_new)  # type: ignore[attr-defined]


def _appeal(appeal_id: int) -> Appeal | None:
    return (
        Appeal.objects.select_related("centre", "office", "service")
        .filter(pk=appeal_id, anonymised_at__isnull=True)
        .first()
    )


@task()
def appeal_send_registration_confirmation(appeal_id: int, base_url: str) -> bool:
    """The case number and the private tracker link, to the applicant's e-mail.

    The link is derived here from the case's salt (tokens.py): nothing secret is queued."""
    appeal = _appeal(appeal_id)
    if appeal is None or not appeal.tracker_salt:
        return False
    link = tracker_url(
        base_url=base_url, centre=appeal.centre, token=tracker_token_for(salt=appeal.tracker_salt)
    )
    return _send_once(
        key=f"registered:{appeal.pk}",
        template="registered",
        to=appeal.email,
        context={"appeal": appeal, "centre": appeal.centre, "tracker_url": link},
        centre=appeal.centre,
        about=f"appeal:{appeal.pk}",
    )


@task()
def appeal_send_extension_notice(appeal_id: int) -> bool:
    """Notice of the extended term (Art. 20 of Law 393/96-ВР; Art. 20 part 4 of Law 2939-VI)."""
    appeal = _appeal(appeal_id)
    if appeal is None or appeal.due_at is None:
        return False
    return _send_once(
        key=f"extension:{appeal.pk}:{appeal.due_at.date().isoformat()}",
        template="extended",
        to=appeal.email,
        context={"appeal": appeal, "centre": appeal.centre},
        centre=appeal.centre,
        about=f"appeal:{appeal.pk}",
    )


@task()
def appeal_send_answer(appeal_id: int) -> bool:
    appeal = _appeal(appeal_id)
    if appeal is None or not appeal.answer_text:
        return False
    return _send_once(
        key=f"answer:{appeal.pk}",
        template="answer",
        to=appeal.email,
        context={"appeal": appeal, "centre": appeal.centre},
        centre=appeal.centre,
        about=f"appeal:{appeal.pk}",
    )


@task()
def appeals_send_daily_digest(day: str = "") -> int:
    """Each executor's due-soon and overdue open cases, once a day per centre where the digest
    is on. `day` (ISO date) names the run; the default is today in Kyiv."""
    from .selectors import appeal_digest_entries

    now = timezone.now()
    day = day or timezone.localdate(now).isoformat()
    sent = 0
    for entry in appeal_digest_entries(now=now):
        sent += _send_once(
            key=f"digest:{entry.centre.pk}:{entry.executor.pk}:{day}",
            template="digest",
            to=entry.executor.email,
            context={
                "executor": entry.executor,
                "centre": entry.centre,
                "overdue": entry.overdue,
                "due_soon": entry.due_soon,
                "day": dt.date.fromisoformat(day),
            },
            centre=entry.centre,
            about=f"digest:{entry.executor.pk}",
        )
    return sent


@task()
def appeals_anonymise_expired_task() -> int:
    """The retention schedule: anonymise every case past its centre's retention period."""
    from .services import appeals_anonymise_expired

    return appeals_anonymise_expired(now=timezone.now())
