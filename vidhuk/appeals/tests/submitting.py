"""An appeal submitted as the web form does, for the appeals service tests: the applicant
Maria (or an anonymous one), the consent text and the end of a day in Kyiv; an appeal
registered by staff from another channel; a small PDF to attach."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from vidhuk.appeals import services
from vidhuk.appeals.choices import (
    Kind,
)
from vidhuk.appeals.services import Applicant

KYIV = ZoneInfo("Europe/Kyiv")
CONSENT = "Згода на обробку персональних даних, версія 1 (2026-01-01)."
MARIA = Applicant(
    full_name="Шевченко  Марія Петрівна",
    address="м. Вербівка, вул. Садова, 5",
    email="maria@example.com",
    phone="067 123 45 67",
    consent_text=CONSENT,
)
ANONYMOUS = Applicant(is_anonymous=True)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=KYIV)


def submit(centre, *, kind=Kind.COMPLAINT, applicant=MARIA, key=None, **extra):
    return services.appeal_submit(
        centre=centre,
        kind=kind,
        text="Біля входу немає пандуса.",
        submission_key=key or uuid.uuid4(),
        applicant=applicant,
        base_url="https://vidhuk.example",
        **extra,
    )


def register(centre, actor, *, channel, kind=Kind.STATEMENT, applicant=MARIA, **extra):
    return services.appeal_register(
        centre=centre,
        actor=actor,
        channel=channel,
        kind=kind,
        text="Прошу подовжити графік роботи у суботу.",
        applicant=applicant,
        **extra,
    )
