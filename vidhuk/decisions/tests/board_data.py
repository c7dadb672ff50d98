"""A centre's board as residents would find it on Monday 15 June 2026, built through the
services (dates moved with time-machine as the months pass), shared by the public board's tests.

It holds what must show — an overdue decision in progress with a slipped milestone, a done
one, an open finding past its term, a finding closed without action — and what must never
show: a draft decision, an internal finding, an internal progress update, the responsible
member's name, and the residents' names, contacts and words behind the evidence (PERSONAL).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.core.choices import OfficeKind
from vidhuk.core.models import Centre, Office
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.decisions.choices import DecisionKind, DecisionState
from vidhuk.decisions.models import Decision, Finding
from vidhuk.decisions.services import (
    decision_create,
    decision_transition,
    evidence_add,
    finding_close_no_action,
    finding_create,
    milestone_done,
    milestone_save,
    progress_update_add,
)

KYIV = ZoneInfo("Europe/Kyiv")
TODAY = dt.date(2026, 6, 15)

# What residents wrote and who they are: none of it may reach a public page, feed or file.
PERSONAL = {
    "name": "Ковальчук Ганна Іванівна",
    "email": "hanna.kovalchuk@example.org",
    "phone": "+380671112233",
    "text": "Стояла сорок хвилин біля вікна три, сісти ніде, а в мене хворі ноги",
    "address": "вул. Липова, 17, кв. 4",
    "owner": "Секретенко",  # the responsible member's surname: the board names the unit
    "draft": "Таємна чернетка рішення",
    "internal_finding": "Внутрішній висновок для керівника",
    "internal_update": "Службова примітка про постачальника",
}


@dataclass
class Board:
    centre: Centre
    main: Office
    remote: Office
    waiting: Finding  # decided by `seats`
    queue_finding: Finding  # decided by `queue`
    overdue_finding: Finding  # open, past its term
    no_action: Finding
    seats: Decision  # in progress, overdue, one milestone slipped and done late, one slipped
    queue: Decision  # done
    draft: Decision


def at(time_machine, day: dt.date) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(10, 0), tzinfo=KYIV), tick=False)


def build_board(centre: Centre, time_machine) -> Board:
    head = MembershipFactory(
        centre=centre, user__first_name="Ігор", user__last_name=PERSONAL["owner"]
    )
    actor = head.user
    # The browser tests' centre has these offices already.
    main = Office.objects.filter(centre=centre, slug="main").first() or OfficeFactory(
        centre=centre, slug="main", name="Головний офіс", kind=OfficeKind.MAIN
    )
    remote = Office.objects.filter(centre=centre, slug="luhove").first() or OfficeFactory(
        centre=centre, slug="luhove", name="Віддалене місце в Луговому"
    )

    at(time_machine, dt.date(2026, 3, 2))
    waiting = finding_create(
        centre=centre,
        actor=actor,
        title="Мало місць для очікування",
        title_en="Too few seats in the waiting area",
        summary="У березні 14 мешканців написали, що в залі очікування бракує місць; "
        "оцінка «Місця очікування» — 2,9 з 5 (n = 214).",
        summary_en="In March 14 residents wrote that the waiting area lacks seats.",
        topic="Зал очікування",
        offices=[main],
    )
    appeal = AppealFactory(
        centre=centre,
        full_name=PERSONAL["name"],
        email=PERSONAL["email"],
        phone=PERSONAL["phone"],
        text=PERSONAL["text"],
        address=PERSONAL["address"],
    )
    evidence_add(
        finding=waiting,
        actor=actor,
        source="appeal",
        object_id=str(appeal.pk),
        label=f"Звернення № {appeal.registration_index}",
        channel="web",
        occurred_on=dt.date(2026, 3, 1),
        office=main,
    )
    queue_finding = finding_create(
        centre=centre,
        actor=actor,
        title="Довго чекати в Луговому",
        summary="Мешканці Лугового скаржаться на черги по понеділках.",
        topic="Черги",
        offices=[remote],
    )
    internal = finding_create(
        centre=centre,
        actor=actor,
        title=PERSONAL["internal_finding"],
        summary=PERSONAL["internal_finding"],
        topic="Службове",
        is_public=False,
    )
    evidence_add(
        finding=internal,
        actor=actor,
        source="appeal",
        object_id=str(appeal.pk),
        label=f"Звернення № {appeal.registration_index}",
    )

    at(time_machine, dt.date(2026, 3, 20))
    seats = decision_create(
        centre=centre,
        actor=actor,
        kind=DecisionKind.HEAD_ORDER,
        title="Додаткові місця в залі очікування",
        findings=[waiting],
        offices=[main],
        data={
            "title_en": "More seats in the waiting area",
            "order_number": "45-од",
            "order_date": dt.date(2026, 3, 20),
            "signed_by": "Начальник ЦНАП",
            "owner": head,
            "owner_unit": "Відділ господарського забезпечення",
            "due_on": dt.date(2026, 5, 29),
            "summary": "Закуповуємо й встановлюємо 12 крісел у залі очікування.",
            "summary_en": "We are buying and installing 12 chairs in the waiting area.",
        },
    )
    decision_transition(decision=seats, to_state=DecisionState.ADOPTED, actor=actor)
    bought = milestone_save(
        decision=seats,
        actor=actor,
        title="Закупівля крісел",
        planned_on=dt.date(2026, 4, 15),
        title_en="Buying the chairs",
    )
    milestone_save(
        decision=seats, actor=actor, title="Встановлення крісел", planned_on=dt.date(2026, 5, 15)
    )
    queue = decision_create(
        centre=centre,
        actor=actor,
        kind=DecisionKind.ORGANISATIONAL,
        title="Запис на час у Луговому",
        findings=[queue_finding],
        offices=[remote],
        data={
            "owner_unit": "Віддалене робоче місце в Луговому",
            "due_on": dt.date(2026, 4, 30),
            "summary": "У Луговому можна записатися на час: черги по понеділках зникли.",
        },
    )
    decision_transition(decision=queue, to_state=DecisionState.ADOPTED, actor=actor)
    draft = decision_create(
        centre=centre,
        actor=actor,
        kind=DecisionKind.ORGANISATIONAL,
        title=PERSONAL["draft"],
        data={"owner_unit": "Відділ", "due_on": dt.date(2026, 9, 1)},
    )

    at(time_machine, dt.date(2026, 4, 1))
    overdue_finding = finding_create(
        centre=centre,
        actor=actor,
        title="Незрозумілі вказівники",
        summary="Відвідувачі не знаходять вікно реєстрації місця проживання.",
        topic="Навігація",
        offices=[main],
    )
    no_action = finding_create(
        centre=centre,
        actor=actor,
        title="Прохання працювати в неділю",
        summary="Кілька мешканців просять відкривати центр у неділю.",
        topic="Графік",
    )
    decision_transition(decision=seats, to_state=DecisionState.IN_PROGRESS, actor=actor)
    decision_transition(decision=queue, to_state=DecisionState.IN_PROGRESS, actor=actor)

    at(time_machine, dt.date(2026, 4, 20))
    milestone_done(milestone=bought, actor=actor, done_on=dt.date(2026, 4, 20))
    progress_update_add(
        decision=seats, actor=actor, text="Крісла закуплено, чекаємо доставку.", is_public=True
    )
    progress_update_add(
        decision=seats, actor=actor, text=PERSONAL["internal_update"], is_public=False
    )
    finding_close_no_action(
        finding=no_action,
        actor=actor,
        reason="Неділя — вихідний за регламентом; з травня центр працює до 20:00 у вівторок.",
    )
    decision_transition(decision=queue, to_state=DecisionState.DONE, actor=actor)

    at(time_machine, TODAY)
    return Board(
        centre=centre,
        main=main,
        remote=remote,
        waiting=waiting,
        queue_finding=queue_finding,
        overdue_finding=overdue_finding,
        no_action=no_action,
        seats=Decision.objects.get(pk=seats.pk),
        queue=Decision.objects.get(pk=queue.pk),
        draft=draft,
    )


@pytest.fixture(name="board")
def board_fixture(centre, time_machine) -> Board:
    return build_board(centre, time_machine)
