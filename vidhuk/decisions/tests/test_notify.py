"""Residents are told, once, on their channel: every public change of a decision reaches each
resident whose appeal is its evidence and who asked to be told — by e-mail through the mail
ledger, read back at a real SMTP server, or on the printable letter list. Jobs run twice, two
at once (PostgreSQL, two threads with their own connections) or cut off midway send each notice
once."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.appeals.tests.factories import AppealFactory
from vidhuk.core.choices import MailStatus
from vidhuk.core.models import OutgoingMail
from vidhuk.core.tests.factories import CentreFactory
from vidhuk.decisions import notify
from vidhuk.decisions.choices import DecisionState, NoticeChannel, NoticeState
from vidhuk.decisions.models import DecisionNotice
from vidhuk.decisions.selectors.evidence import NoticeContact, letter_list
from vidhuk.decisions.services import decision_transition
from vidhuk.decisions.tests.factories import DecisionFactory, EvidenceFactory, FindingFactory


def _recipients(mailbox) -> Counter[str]:
    return Counter(str(message["To"]) for message in mailbox.messages)


def _contact(appeal):
    return NoticeContact(
        pk=appeal.pk,
        registration_index=appeal.registration_index,
        full_name=appeal.full_name,
        email=appeal.email,
        address=appeal.address,
    )


def _decision_with_evidence(centre, appeals, **fields):
    finding = FindingFactory(centre=centre)
    for appeal in appeals:
        EvidenceFactory(finding=finding, source="appeal", object_id=str(appeal.pk))
    decision = DecisionFactory(centre=centre, **fields)
    decision.findings.add(finding)
    return decision


@pytest.fixture
def head(centre):
    return MembershipFactory(centre=centre, role=Role.HEAD).user


@pytest.fixture
def residents(centre):
    """Who asked to be told (by e-mail, by post), who did not, and one anonymised since."""
    return {
        "email": AppealFactory(
            centre=centre, email="olha@example.com", wants_decision_updates=True
        ),
        "silent": AppealFactory(centre=centre, email="petro@example.com"),
        "post": AppealFactory(
            centre=centre,
            email="",
            phone="+380671112233",
            full_name="Коваль Ірина Степанівна",
            address="с. Лугове, вул. Миру, 3",
            wants_decision_updates=True,
        ),
        "gone": AppealFactory(
            centre=centre,
            email="",
            full_name="",
            address="",
            wants_decision_updates=True,
            anonymised_at=timezone.now(),
        ),
    }


def test_each_public_change_is_mailed_once_to_who_asked_and_listed_for_the_post(
    centre, head, residents, smtp_mailbox, django_capture_on_commit_callbacks
):
    decision = _decision_with_evidence(centre, residents.values())

    with django_capture_on_commit_callbacks(execute=True):
        decision_transition(decision=decision, to_state=DecisionState.ADOPTED, actor=head)
    with django_capture_on_commit_callbacks(execute=True):
        decision_transition(decision=decision, to_state=DecisionState.IN_PROGRESS, actor=head)

    assert _recipients(smtp_mailbox) == {"olha@example.com": 2}
    subjects = sorted(smtp_mailbox.header(m, "Subject") for m in smtp_mailbox.messages)
    assert subjects == [
        f"Рішення № {decision.number} за вашим зверненням: Виконується",
        f"Рішення № {decision.number} за вашим зверненням: Ухвалено",
    ]
    body = smtp_mailbox.bodies(smtp_mailbox.messages[0])["text/plain"]
    assert f"/verbivka/decisions/{decision.number}/" in body
    assert residents["email"].text not in body
    letters = letter_list(centre=centre)
    assert [(item.full_name, item.address, item.state_label) for item in letters] == [
        ("Коваль Ірина Степанівна", "с. Лугове, вул. Миру, 3", "Виконується"),
        ("Коваль Ірина Степанівна", "с. Лугове, вул. Миру, 3", "Ухвалено"),
    ]


def test_running_the_jobs_again_tells_nobody_twice(
    centre, head, residents, smtp_mailbox, django_capture_on_commit_callbacks
):
    decision = _decision_with_evidence(centre, residents.values(), state=DecisionState.ADOPTED)

    with django_capture_on_commit_callbacks(execute=True):
        for _run in range(2):
            notify.decision_notices_record(decision=decision, revision=1)
            notify.decision_notices_deliver(decision_id=decision.pk, revision=1)
        notify.decision_notices_resume(now=timezone.now() + dt.timedelta(minutes=5))

    assert _recipients(smtp_mailbox) == {"olha@example.com": 1}
    assert sorted(
        DecisionNotice.objects.values_list("recipient_key", "channel", "state")
    ) == sorted(
        [
            (
                notify.recipient_key(_contact(residents["email"])),
                NoticeChannel.EMAIL,
                NoticeState.SENT,
            ),
            (f"appeal:{residents['post'].pk}", NoticeChannel.LETTER, NoticeState.LETTER),
        ]
    )


def test_a_resident_with_two_appeals_in_a_finding_gets_one_message_per_change_naming_both(
    centre, head, smtp_mailbox, django_capture_on_commit_callbacks
):
    first, second = (
        AppealFactory(centre=centre, email=email, wants_decision_updates=True)
        for email in ("olha@example.com", " Olha@Example.com ")
    )
    decision = _decision_with_evidence(centre, [first, second])

    with django_capture_on_commit_callbacks(execute=True):
        decision_transition(decision=decision, to_state=DecisionState.ADOPTED, actor=head)

    assert len(smtp_mailbox.messages) == 1
    body = smtp_mailbox.bodies(smtp_mailbox.messages[0])["text/plain"]
    assert f"№ {first.registration_index}, {second.registration_index}" in body
    assert DecisionNotice.objects.get().state == NoticeState.SENT


def test_a_resident_of_another_centre_is_never_told(
    centre, residents, smtp_mailbox, django_capture_on_commit_callbacks
):
    stranger = AppealFactory(
        centre=CentreFactory(slug="luhove"),
        email="stranger@example.com",
        wants_decision_updates=True,
    )
    decision = _decision_with_evidence(centre, [residents["email"], stranger])

    with django_capture_on_commit_callbacks(execute=True):
        notify.decision_notices_record(decision=decision, revision=1)
        notify.decision_notices_deliver(decision_id=decision.pk, revision=1)

    assert _recipients(smtp_mailbox) == {"olha@example.com": 1}


def test_a_job_cut_off_midway_is_finished_by_the_resume_without_duplicates(
    centre, smtp_mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    appeals = [
        AppealFactory(centre=centre, email=f"r{i}@example.com", wants_decision_updates=True)
        for i in range(notify.BATCH + 30)
    ]
    decision = _decision_with_evidence(centre, appeals, state=DecisionState.ADOPTED)
    notify.decision_notices_record(decision=decision, revision=1)
    real_mail, calls = notify._mail, []

    def dies_in_second_batch(*args, **kwargs):
        # Stands in for the worker's process being killed: the open batch's transaction is lost.
        calls.append(1)
        if len(calls) == notify.BATCH + 10:
            raise KeyboardInterrupt
        return real_mail(*args, **kwargs)

    monkeypatch.setattr(notify, "_mail", dies_in_second_batch)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(KeyboardInterrupt),
    ):
        notify.decision_notices_deliver(decision_id=decision.pk, revision=1)
    told_before_resume = len(smtp_mailbox.messages)
    monkeypatch.setattr(notify, "_mail", real_mail)
    with django_capture_on_commit_callbacks(execute=True):
        report = notify.decision_notices_resume(now=timezone.now() + dt.timedelta(minutes=5))

    assert told_before_resume == notify.BATCH
    assert report.handed_over == 30
    assert set(_recipients(smtp_mailbox).values()) == {1}
    assert len(smtp_mailbox.messages) == len(appeals)


def test_a_mail_a_dead_worker_was_sending_is_marked_ambiguous_and_listed(centre, residents):
    decision = _decision_with_evidence(centre, residents.values(), state=DecisionState.ADOPTED)
    notify.decision_notices_record(decision=decision, revision=1)
    notify.decision_notices_deliver(decision_id=decision.pk, revision=1)
    OutgoingMail.objects.update(
        status=MailStatus.SENDING, claimed_at=timezone.now() - dt.timedelta(minutes=10)
    )

    report = notify.decision_notices_resume()

    assert report.marked_ambiguous == 1
    assert [n.mail.to for n in notify.notices_ambiguous()] == ["olha@example.com"]


@pytest.mark.django_db(transaction=True)
def test_two_jobs_at_once_send_each_notice_once(smtp_mailbox):
    centre = CentreFactory(slug="verbivka")
    appeals = [
        AppealFactory(centre=centre, email=f"r{i}@example.com", wants_decision_updates=True)
        for i in range(60)
    ]
    decision = _decision_with_evidence(centre, appeals, state=DecisionState.ADOPTED)
    start = threading.Barrier(2)
    handed: list[int] = []

    def job():
        try:
            start.wait()
            notify.decision_notices_record(decision=decision, revision=1)
            handed.append(notify.decision_notices_deliver(decision_id=decision.pk, revision=1))
        finally:
            connection.close()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(handed) == 60
    assert len(smtp_mailbox.messages) == 60
    assert set(_recipients(smtp_mailbox).values()) == {1}
    assert DecisionNotice.objects.filter(state=NoticeState.SENT).count() == 60
