"""The send times of a mailing's batch under three rate limits (issue 13, point 4):

- the mailing's own ``rate_per_minute``;
- ``COMMS_MAIL_RATE_PER_MINUTE`` — all mailings of all centres together (the sending host);
- ``COMMS_MAILING_RATE_PER_DOMAIN`` — per recipient domain, all mailings together (what a
  receiving provider accepts before it defers or marks the sender as spam; 0 = no limit).

The next free time of each shared limit is a ``MailingPace`` row, locked (in key order, after the
mailing's row) by the worker reserving a batch, so workers in parallel share every limit. A row
whose domain has no free time soon is not taken: it stays pending in the ledger and is claimed
when its domain is free again — held back, never skipped; a claimed row is sent once (the ledger
and its SKIP LOCKED claim stay the truth, this module only decides *when*)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q

from ..models import Mailing, MailingDelivery, MailingPace

GLOBAL = "*"


def claim_window() -> dt.timedelta:
    """How far ahead a batch may reserve send times: half the time after which another worker
    takes a claim back as stale (``COMMS_MAILING_STALE_SECONDS``), so a slow mailing's batch is
    never mistaken for a dead worker's. Rows that would go later wait (pending) for a later
    batch; rows of a domain booked beyond it are not claimed at all."""
    stale = float(getattr(settings, "COMMS_MAILING_STALE_SECONDS", 120))
    return dt.timedelta(seconds=stale / 2)


def global_rate() -> int:
    return max(int(getattr(settings, "COMMS_MAIL_RATE_PER_MINUTE", 600)), 1)


def domain_rate() -> int:
    """Messages per minute per recipient domain; 0 means no per-domain limit."""
    return max(int(getattr(settings, "COMMS_MAILING_RATE_PER_DOMAIN", 0)), 0)


def domain_key(email: str) -> str:
    return "@" + email.rsplit("@", 1)[-1].lower()


def booked_domains_q(*, now: dt.datetime) -> Q:
    """Rows of domains whose next free time is beyond the horizon (to exclude from a claim)."""
    if not domain_rate():
        return Q(pk__in=[])
    booked = MailingPace.objects.filter(key__startswith="@", next_slot_at__gt=now + claim_window())
    q = Q(pk__in=[])
    for key in booked.values_list("key", flat=True):
        q |= Q(email__iendswith=key)
    return q


def pace_schedule(
    *, mailing: Mailing, candidates: list[MailingDelivery], now: dt.datetime, batch_size: int
) -> list[tuple[MailingDelivery, dt.datetime]]:
    """Choose up to ``batch_size`` of the candidates (in ledger order where the limits allow)
    and give each its send time; move the limits' next free times on. Runs inside the claim's
    transaction with the mailing's row locked."""
    if not candidates:
        return []
    mailing_step = 60.0 / max(mailing.rate_per_minute, 1)
    global_step = 60.0 / global_rate()
    domain_step = 60.0 / domain_rate() if domain_rate() else 0.0
    step = dt.timedelta(seconds=max(mailing_step, global_step))
    domains = sorted({domain_key(row.email) for row in candidates}) if domain_step else []
    keys = [GLOBAL, *domains]  # "*" sorts before "@…": every worker locks in one order
    MailingPace.objects.bulk_create(
        [MailingPace(key=key, next_slot_at=now) for key in keys], ignore_conflicts=True
    )
    locked = MailingPace.objects.select_for_update().filter(key__in=keys).order_by("key")
    free = {pace.key: max(pace.next_slot_at, now) for pace in locked}
    slot = max(now, mailing.next_slot_at or now, free[GLOBAL])
    latest = now + claim_window()
    chosen: list[tuple[MailingDelivery, dt.datetime]] = []
    waiting = list(candidates)
    while waiting and len(chosen) < batch_size and slot <= latest:
        ready = next((r for r in waiting if free.get(domain_key(r.email), now) <= slot), None)
        if ready is None:  # every waiting row's domain is busy: jump to the first free one
            slot = max(slot, min(free[domain_key(r.email)] for r in waiting))
            continue
        waiting.remove(ready)
        chosen.append((ready, slot))
        if domain_step:
            free[domain_key(ready.email)] = slot + dt.timedelta(seconds=domain_step)
        slot += step
    if chosen:
        last = chosen[-1][1]
        Mailing.objects.filter(pk=mailing.pk).update(
            next_slot_at=last + dt.timedelta(seconds=mailing_step)
        )
        free[GLOBAL] = last + dt.timedelta(seconds=global_step)
        MailingPace.objects.bulk_update(
            [MailingPace(key=key, next_slot_at=free[key]) for key in keys], ["next_slot_at"]
        )
    return chosen
