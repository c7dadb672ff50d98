"""What events add to the extension points: the daily jobs (reminders the day before, erasing
registrants' personal data 30 days after the event), the privacy page's row, the portal's
footer link and the decisions register's evidence source «remark at a hearing»."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from vidhuk.core.dailyjobs import register_daily_job
from vidhuk.core.models import Centre
from vidhuk.core.portal import (
    FooterLink,
    PersonalDataKind,
    register_footer_link,
    register_personal_data,
)
from vidhuk.decisions.evidence import EvidenceDraft, EvidenceSource, register_source

from .models import Event
from .services.events import KEEP_REGISTRANTS_DAYS, registrants_erase_daily, reminders_daily
from .services.hearings import HEARING_REMARK, minutes_remarks, remark_label


def _events_url(centre: Centre) -> str:
    return reverse("communications_events:list", args=[centre.slug])


def _retention(centre: Centre) -> str:
    return str(
        gettext_lazy("%(days)s днів після заходу, потім ім’я, контакти й потреби видаляються.")
        % {"days": KEEP_REGISTRANTS_DAYS}
    )


def _hearing_remark(centre: Centre, object_id: str) -> EvidenceDraft | None:
    """«<event id>:<remark number>» of the centre's own event, whose minutes hold the remark."""
    event_id, _sep, number = object_id.partition(":")
    event = Event.objects.filter(centre=centre, pk=int(event_id)).first()
    if event is None or not 1 <= int(number) <= len(minutes_remarks(event.minutes)):
        return None
    return EvidenceDraft(
        source=HEARING_REMARK,
        object_id=f"{event.pk}:{int(number)}",
        label=remark_label(event, int(number)),
        channel="hearing",
        occurred_on=timezone.localtime(event.starts_at).date(),
    )


def register() -> None:
    register_daily_job("communications_event_reminders", reminders_daily, order=80, per_centre=True)
    register_daily_job(
        "communications_event_registrants_erase", registrants_erase_daily, order=81, per_centre=True
    )
    register_personal_data(
        PersonalDataKind(
            key="communications_events",
            order=60,
            title=gettext_lazy("Реєстрація на заходи та громадські слухання"),
            what=gettext_lazy(
                "Ім’я, електронна пошта або телефон, за бажанням — потреби доступності й тема "
                "виступу."
            ),
            purpose=gettext_lazy(
                "Тримати місце, надіслати підтвердження й нагадування, скласти список "
                "промовців, відмітити прибулих, повідомити про зміни."
            ),
            retention=_retention,
        )
    )
    register_footer_link(
        FooterLink(
            key="communications_events",
            order=55,
            label=gettext_lazy("Заходи та громадські слухання"),
            url=_events_url,
        )
    )
    register_source(
        EvidenceSource(
            HEARING_REMARK, gettext_lazy("Зауваження на громадських слуханнях"), _hearing_remark
        )
    )
