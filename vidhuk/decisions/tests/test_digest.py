"""The head's daily digest: findings past their term and decisions past their due date, mailed
once a day to each head of the centre, like the appeals digest for overdue cases."""

import datetime as dt

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.core.dailyjobs import daily_job_get, daily_job_run
from vidhuk.core.models import OutgoingMail

from ..choices import DecisionState
from .factories import DecisionFactory, FindingFactory

TODAY = dt.date(2026, 3, 2)


def _run() -> list[str]:
    job = daily_job_get("decisions_digest")
    assert job is not None
    return daily_job_run(job, today=TODAY, base_url="https://vidhuk.example")


def test_each_head_gets_the_overdue_findings_and_decisions_once_a_day(centre):
    head = MembershipFactory(centre=centre, role=Role.HEAD, user__email="head@cnap.example")
    MembershipFactory(centre=centre, role=Role.ADMINISTRATOR)
    FindingFactory(
        centre=centre, title="Мало місць", number=12, opened_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 2, 16),
    )  # fmt: skip
    FindingFactory(centre=centre, title="Ще вчасно", due_on=dt.date(2026, 3, 20))
    DecisionFactory(
        centre=centre, title="Лави в зал", number=4, state=DecisionState.IN_PROGRESS,
        due_on=dt.date(2026, 3, 1),
    )  # fmt: skip

    _run()
    _run()

    mail = OutgoingMail.objects.get()
    assert mail.to == head.user.email
    assert "висновків понад строк 1, прострочених рішень 1" in mail.subject
    assert "№ 12. Мало місць — рішення мало бути до 16.02.2026" in mail.body_text
    assert "№ 4. Лави в зал — виконати до 01.03.2026" in mail.body_text
    assert "https://vidhuk.example/staff/verbivka/decisions/findings/" in mail.body_text
    assert "Ще вчасно" not in mail.body_text


@pytest.mark.usefixtures("centre")
def test_nothing_overdue_sends_nothing():
    FindingFactory(due_on=dt.date(2026, 3, 20))

    _run()

    assert OutgoingMail.objects.count() == 0
