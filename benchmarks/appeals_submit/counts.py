"""Counted in the database afterwards, and the lock waits sampled during the POSTs."""

from __future__ import annotations

import collections
import threading

from .form import CENTRE


class LockSampler:
    """Every 50 ms during the POST phase: how many of this database's backends are running a
    statement, and how many of those wait for a lock (the registration counter's row lock
    serialises registrations in one centre and year)."""

    def __init__(self, url: str) -> None:
        self.url = url.replace("postgres://", "postgresql://", 1)
        self.samples: list[tuple[int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.is_set():
                row = conn.execute(
                    "SELECT count(*) FILTER (WHERE state = 'active'), "
                    "count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock') "
                    "FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                ).fetchone()
                self.samples.append((int(row[0]), int(row[1])))  # type: ignore[index]
                self._stop.wait(0.05)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join(timeout=5)
        n = len(self.samples) or 1
        return {
            "samples": len(self.samples),
            "mean_active": sum(a for a, _ in self.samples) / n,
            "mean_waiting_for_lock": sum(w for _, w in self.samples) / n,
            "share_of_samples_with_a_lock_wait": sum(1 for _, w in self.samples if w) / n,
        }


def count_afterwards(keys: set[str], rows_before: int, year: int) -> dict[str, object]:
    from django.db.models import Count, Max, Min

    from vidhuk.appeals.models import Appeal, AppealEvent, RegistrationCounter
    from vidhuk.core.models import Centre

    centre = Centre.objects.get(slug=CENTRE)
    sent = Appeal.objects.filter(centre=centre, submission_key__in=list(keys))
    per_key = sent.values("submission_key").annotate(n=Count("id")).filter(n__gt=1).count()
    rows_after = Appeal.objects.filter(centre=centre).count()
    duplicate_indexes = (
        Appeal.objects.values("centre_id", "registration_year", "registration_index")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    numbers = sent.filter(registration_year=year).aggregate(
        low=Min("registration_number"), high=Max("registration_number"), n=Count("id")
    )
    counter = RegistrationCounter.objects.get(centre=centre, year=year).last_number
    year_max = Appeal.objects.filter(centre=centre, registration_year=year).aggregate(
        m=Max("registration_number")
    )["m"]
    events = (
        AppealEvent.objects.filter(appeal__in=sent, stage="registered")
        .values("appeal_id")
        .annotate(n=Count("id"))
    )
    events_per_case = collections.Counter(row["n"] for row in events)
    found = sent.count()
    result = {
        "unique_keys_sent": len(keys),
        "rows_with_those_keys": found,
        "new_rows_in_centre": rows_after - rows_before,
        "keys_with_more_than_one_row": per_key,
        "duplicate_registration_indexes": duplicate_indexes,
        "numbers_this_run": numbers,
        "numbers_without_gaps": numbers["high"] - numbers["low"] + 1 == numbers["n"]
        if numbers["n"]
        else True,
        "counter_equals_last_number": counter == year_max,
        "registered_events_per_case": dict(events_per_case),
    }
    result["ok"] = (
        found == len(keys)
        and rows_after - rows_before == len(keys)
        and per_key == 0
        and duplicate_indexes == 0
        and result["numbers_without_gaps"]
        and result["counter_equals_last_number"]
        and set(events_per_case) == {1}
        and sum(events_per_case.values()) == found
    )
    return result
