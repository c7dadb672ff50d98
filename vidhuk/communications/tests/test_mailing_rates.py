"""Rate limits of mailings (issue 13, point 4): per recipient domain and for all mailings
together, held without skipping or repeating anyone — read back from the real SMTP server, on a
frozen clock that only the sending loop's waits move."""

import datetime as dt
from collections import Counter

import pytest
import time_machine

from vidhuk.communications.models import DeliveryState, MailingDelivery, MailingState, Subscriber
from vidhuk.communications.services.mailings import (
    MailingIntake,
    mailing_create,
    mailing_recover,
    mailing_start,
    mailing_work,
)

pytestmark = pytest.mark.django_db
BASE = "https://cnap.example"
NOW = dt.datetime.fromisoformat("2027-03-01 09:00:00+02:00")


@pytest.fixture(autouse=True)
def _rates(settings):
    settings.COMMS_MAIL_RATE_PER_MINUTE = 600  # one message every 0.1 s in all
    settings.COMMS_MAILING_RATE_PER_DOMAIN = 6  # one message every 10 s per domain
    settings.DEFAULT_FROM_EMAIL = "ЦНАП <news@cnap.example>"


def _subscribers(centre, addresses):
    Subscriber.objects.bulk_create(
        [Subscriber(centre=centre, email=a, confirmed_at=NOW) for a in addresses]
    )


def _mailing(centre, subject="Нові години роботи", rate=600):
    intake = MailingIntake(subject=subject, body="Текст.", segment={}, rate_per_minute=rate)
    mailing = mailing_create(centre=centre, intake=intake)
    mailing_start(mailing=mailing)
    return mailing


def _send_all(clock):
    """The worker's loop until nothing is left; each wait moves the frozen clock instead."""
    return _send_all_with(clock.shift)


def _send_all_with(sleep):
    return mailing_work(base_url=BASE, until_idle=True, sleep=sleep)


def _seconds_by_domain(mailings):
    rows = MailingDelivery.objects.filter(mailing__in=mailings).order_by("sent_at")
    times: dict[str, list[float]] = {}
    for email, sent_at in rows.values_list("email", "sent_at"):
        times.setdefault(email.split("@")[1], []).append((sent_at - NOW).total_seconds())
    return times


def test_each_domain_gets_one_message_per_interval_and_other_domains_are_not_held_back(
    centre, smtp_mailbox
):
    big = [f"r{n}@big.example" for n in range(4)]
    _subscribers(centre, [*big, "a@small.example", "b@small.example", "c@other.example"])
    mailing = _mailing(centre)

    with time_machine.travel(NOW, tick=False) as clock:
        sent = _send_all(clock)

    assert sent == 7
    received = Counter(str(m["To"]) for m in smtp_mailbox.messages)
    assert received == Counter([*big, "a@small.example", "b@small.example", "c@other.example"])
    times = _seconds_by_domain([mailing])
    assert [round(b - a, 3) for a, b in zip(times["big.example"], times["big.example"][1:],
                                            strict=False)] == [10.0, 10.0, 10.0]  # fmt: skip
    assert round(times["small.example"][1] - times["small.example"][0], 3) == 10.0
    # every domain's first message goes at once, not behind big.example's queue
    assert max(t[0] for t in times.values()) < 1.0
    mailing.refresh_from_db()
    assert mailing.state == MailingState.DONE
    assert set(mailing.deliveries.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_two_mailings_at_once_share_the_domains_rate(centre, smtp_mailbox):
    _subscribers(centre, ["r1@big.example", "r2@big.example"])
    first = _mailing(centre, subject="Перша")
    second = _mailing(centre, subject="Друга")

    with time_machine.travel(NOW, tick=False) as clock:
        _send_all(clock)

    assert len(smtp_mailbox.messages) == 4
    assert Counter((str(m["To"]), str(m["Subject"])) for m in smtp_mailbox.messages) == Counter(
        [(a, s) for a in ("r1@big.example", "r2@big.example") for s in ("Перша", "Друга")]
    )
    times = _seconds_by_domain([first, second])["big.example"]
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 10.0 - 1e-6


def test_the_global_rate_holds_across_mailings(centre, smtp_mailbox, settings):
    settings.COMMS_MAILING_RATE_PER_DOMAIN = 0  # no per-domain limit
    settings.COMMS_MAIL_RATE_PER_MINUTE = 60  # one message a second in all
    _subscribers(centre, [f"r{n}@d{n}.example" for n in range(3)])
    first = _mailing(centre, subject="Перша", rate=6000)
    second = _mailing(centre, subject="Друга", rate=6000)

    with time_machine.travel(NOW, tick=False) as clock:
        _send_all(clock)

    assert len(smtp_mailbox.messages) == 6
    sent = sorted(
        (s - NOW).total_seconds()
        for s in MailingDelivery.objects.filter(mailing__in=[first, second]).values_list(
            "sent_at", flat=True
        )
    )
    assert sent == pytest.approx([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], abs=0.05)


def test_a_slow_mailings_batch_is_never_taken_for_a_dead_workers(centre, smtp_mailbox, settings):
    """A batch reserves send times only within half the stale time: another worker recovering
    claims meanwhile finds none of this live worker's (before: a batch of a slow mailing held
    claims for minutes and the other worker took them back as a dead worker's)."""
    settings.COMMS_MAILING_STALE_SECONDS = 60
    settings.COMMS_MAILING_RATE_PER_DOMAIN = 0
    _subscribers(centre, ["a@one.example", "b@two.example", "c@three.example"])
    mailing = _mailing(centre, rate=1)  # one message a minute
    taken_back = []

    with time_machine.travel(NOW, tick=False) as clock:

        def wait_while_another_worker_recovers(seconds):
            clock.shift(seconds)
            taken_back.append(mailing_recover())

        _send_all_with(wait_while_another_worker_recovers)

    assert sorted(str(m["To"]) for m in smtp_mailbox.messages) == [
        "a@one.example", "b@two.example", "c@three.example",
    ]  # fmt: skip
    assert set(taken_back) == {0}
    assert not mailing.deliveries.filter(state=DeliveryState.AMBIGUOUS).exists()
    sent_at = mailing.deliveries.values_list("sent_at", flat=True)
    sent = sorted((at - NOW).total_seconds() for at in sent_at)
    assert sent == pytest.approx([0.0, 60.0, 120.0], abs=0.05)
