"""A centre with a quarter's worth of queue, survey and booking figures for the dashboard's
tests: some groups large, some of 1–4 people (which must never show publicly)."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from vidhuk.appointments.choices import AppointmentStatus
from vidhuk.appointments.tests.factories import AppointmentFactory, WindowFactory
from vidhuk.queue.tests.factories import open_office, served
from vidhuk.surveys.choices import Channel
from vidhuk.surveys.models import Answer, Question, Response

KYIV = ZoneInfo("Europe/Kyiv")
# Sunday 15 November 2026: the last complete quarter is III 2026.
TODAY = dt.datetime(2026, 11, 15, 12, 0, tzinfo=KYIV)
Q3 = dt.date(2026, 8, 4)  # a Tuesday
Q2 = dt.date(2026, 5, 5)
Q3_2025 = dt.date(2025, 8, 5)


def answer(version, *, on, office, overall, recommend, sex, rating=None):
    """One visitor's response to the standard questionnaire."""
    response = Response.objects.create(
        centre=version.questionnaire.centre,
        version=version,
        office=office,
        channel=Channel.WEB,
        submitted_on=on,
        submission_key=uuid.uuid4().hex,
    )
    questions = {q.code: q for q in Question.objects.filter(version=version)}
    Answer.objects.create(response=response, question=questions["overall"], choice=overall)
    Answer.objects.create(response=response, question=questions["recommend"], number=recommend)
    Answer.objects.create(response=response, question=questions["sex"], choice=sex)
    if rating is not None:
        Answer.objects.create(
            response=response, question=questions["rate_politeness"], number=rating
        )
    return response


def tickets(office, day, count, *, wait, hour=9):
    for index in range(count):
        issued = dt.datetime.combine(day, dt.time(hour, index % 60), tzinfo=KYIV)
        served(office, issued=issued, wait=wait, service_minutes=5)


def seed_dashboard(centre, version):
    """Queue: III 2026 30 tickets at the main office and 3 at the remote one (10 and 20 minutes'
    wait), II 2026 12, III 2025 8. Survey in III 2026: 20 visitors — 12 «чудово», 4 «добре», 2
    «прийнятно», 2 «жахливо»; 17 women, 3 men; 10 promoters, 5 passives, 5 detractors (index
    +25). Bookings in III 2026: 6, of which 2 no-shows."""
    main = open_office(centre, name="Головний офіс")
    remote = open_office(centre, name="Віддалене місце Лугове")
    tickets(main, Q3, 30, wait=10)
    tickets(remote, Q3, 3, wait=20, hour=14)
    tickets(main, Q2, 12, wait=12)
    tickets(main, Q3_2025, 8, wait=15)
    levels = ["excellent"] * 12 + ["good"] * 4 + ["acceptable"] * 2 + ["terrible"] * 2
    scores = [10] * 10 + [8] * 5 + [3] * 5
    for index, (level, score) in enumerate(zip(levels, scores, strict=True)):
        answer(
            version,
            on=Q3,
            office=main,
            overall=level,
            recommend=score,
            sex="male" if index < 3 else "female",
            rating=5 if index < 15 else 2,
        )
    window = WindowFactory(centre=centre, office=main)
    for index in range(6):
        AppointmentFactory(
            window=window,
            starts_at=dt.datetime.combine(Q3, dt.time(10, 10 * index), tzinfo=KYIV),
            status=AppointmentStatus.NO_SHOW if index < 2 else AppointmentStatus.SERVED,
        )
    return main, remote
