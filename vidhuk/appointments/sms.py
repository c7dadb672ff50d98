"""The private link of a phone-only booking, by SMS (``vidhuk.core.sms`` picks the backend)."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from vidhuk.core.sms import sms_is_configured, sms_send

from .choices import AppointmentStatus
from .mail import manage_url
from .models import Appointment
from .tokens import link_token_for


def link_sms_text(*, visit: Appointment, link: str) -> str:
    starts = timezone.localtime(visit.starts_at)
    return _(
        "%(centre)s: запис %(day)s о %(time)s, код %(code)s. Перенести чи скасувати: %(link)s"
    ) % {
        "centre": visit.centre.name,
        "day": starts.strftime("%d.%m"),
        "time": starts.strftime("%H:%M"),
        "code": visit.code,
        "link": link,
    }


@task()
def appointment_send_link_sms(appointment_id: int, base_url: str = "") -> bool:
    """Once per visit: the row is marked before sending, so two runs send one SMS; a refused
    send takes the mark back and raises, for the task runner to retry."""
    if not sms_is_configured() or not base_url:
        return False
    claimed = (
        Appointment.objects.filter(
            pk=appointment_id,
            status=AppointmentStatus.BOOKED,
            anonymised_at__isnull=True,
            link_sms_sent_at__isnull=True,
        )
        .exclude(phone="")
        .update(link_sms_sent_at=timezone.now())
    )
    if not claimed:
        return False
    visit = Appointment.objects.select_related("centre").get(pk=appointment_id)
    token = link_token_for(salt=visit.link_salt) if visit.link_salt else ""
    link = manage_url(base_url=base_url, appointment=visit, token=token)
    try:
        with translation.override("uk"):
            sms_send(to=visit.phone, body=link_sms_text(visit=visit, link=link))
    except Exception:
        Appointment.objects.filter(pk=visit.pk).update(link_sms_sent_at=None)
        raise
    return True
