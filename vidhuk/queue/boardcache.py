"""The board's poll, and its whole page, answered without the database while nothing it shows
has changed.

Every screen in the hall asks ``board/calls/?v=<state>`` every 2 seconds, and nearly always the
answer is "204, nothing new". The state a screen shows is kept in the page cache under the
versions of what can change it, and a poll whose ``v`` is that state is answered from there:

- the office's board version, new whenever a ticket of the office or a window changes
  (`board_changed`: a signal receiver for saves and deletes, and the numbered insert of a new
  ticket, which sends no signal) — set at once and again after the commit, so a poll that read
  the rows before the commit cannot keep them;
- the centre's page version (``core.pagecache``), new when its offices, hours, special days or
  calendar change;
- the clock: the state is kept until the office next opens or closes, and 30 seconds at most
  (2 seconds when the reads came from a replica, which may lag behind).

Only the signals of ``connect`` and ``ticket_insert_numbered`` tell it about changes:
a write to tickets by ``QuerySet.update()`` sends none. The one there is closes tickets of past
days (``queue.services``), which no board shows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from vidhuk.core.dbrouter import reads_from_replica
from vidhuk.core.models import Window
from vidhuk.core.opening import OpeningState
from vidhuk.core.pagecache import ALIAS, centre_version_key, current_centre_version

from .models import Ticket

KEEP_SECONDS = 30
KEEP_SECONDS_FROM_REPLICA = 2


def _cache() -> Any:
    return caches[ALIAS]


def _version_key(office_id: int) -> str:
    return f"queue:board:version:{office_id}"


def _state_key(centre_slug: str, office_slug: str) -> str:
    return f"queue:board:state:{centre_slug}:{office_slug}"


@dataclass(frozen=True)
class Kept:
    office_id: int
    board_version: str
    centre_version: str
    state: str
    until: float  # a timestamp


def board_changed(office_id: int) -> None:
    """What the office's board shows may have changed."""

    def bump() -> None:
        _cache().set(_version_key(office_id), uuid.uuid4().hex, None)

    bump()
    # Inside a transaction, again once the change is committed (a poll in between may keep the
    # old state under the first bump); outside one, the change is committed already.
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def _page_key(centre_slug: str, office_slug: str, language: str) -> str:
    return f"queue:board:page:{language}:{centre_slug}:{office_slug}"


def unchanged(*, centre_slug: str, office_slug: str, shown: str) -> Kept | None:
    """The state kept, when `shown` (a screen's ``v``) is still what the board would show."""
    kept = _cache().get(_state_key(centre_slug, office_slug))
    if isinstance(kept, Kept) and kept.state == shown and _still(kept, centre_slug):
        return kept
    return None


def kept_page(*, centre_slug: str, office_slug: str, language: str) -> Kept | None:
    """The board's whole page as last rendered in `language` (its clock holes unfilled: the
    `state`), while nothing it shows has changed: what a screen without JavaScript asks every
    2 seconds."""
    kept = _cache().get(_page_key(centre_slug, office_slug, language))
    return kept if isinstance(kept, Kept) and _still(kept, centre_slug) else None


def board_version_key(office_id: int) -> str:
    """The key of the office's board version in the pages cache."""
    return _version_key(office_id)


def _still(kept: Kept, centre_slug: str) -> bool:
    if timezone.now().timestamp() >= kept.until:
        return False
    board, centre = _version_key(kept.office_id), centre_version_key(centre_slug)
    versions = _cache().get_many([board, centre])
    return (versions.get(board), versions.get(centre)) == (kept.board_version, kept.centre_version)


def versions_before_reading(*, centre_slug: str, office_id: int) -> tuple[str, str]:
    """The versions to keep a state under, read before the rows it is made of."""
    key = _version_key(office_id)
    _cache().add(key, uuid.uuid4().hex, None)
    return str(_cache().get(key)), current_centre_version(centre_slug)


def keep(
    *,
    centre_slug: str,
    office_slug: str,
    office_id: int,
    versions: tuple[str, str],
    state: str,
    open_state: OpeningState,
    now: dt.datetime,
    page_language: str = "",
) -> Kept:
    """Keep the board's `state`; with `page_language`, `state` is the whole page's HTML."""
    seconds = KEEP_SECONDS_FROM_REPLICA if reads_from_replica() else KEEP_SECONDS
    until = now + dt.timedelta(seconds=seconds)
    turn = _next_turn(open_state, now)
    if turn is not None and turn > now:  # an interval closing at midnight reads as 00:00 today
        until = min(until, turn)
    kept = Kept(office_id, versions[0], versions[1], state, until.timestamp())
    key = (
        _page_key(centre_slug, office_slug, page_language)
        if page_language
        else _state_key(centre_slug, office_slug)
    )
    _cache().set(key, kept, seconds)
    return kept


def _next_turn(open_state: OpeningState, now: dt.datetime) -> dt.datetime | None:
    """When the office next opens or closes, if that is known."""
    if open_state.is_open and open_state.until is not None:
        local = timezone.localtime(now)
        return local.replace(
            hour=open_state.until.hour, minute=open_state.until.minute, second=0, microsecond=0
        )
    return open_state.next_opening


def _ticket_changed(sender: Any, instance: Ticket, **kwargs: Any) -> None:
    board_changed(instance.office_id)


def _window_changed(sender: Any, instance: Window, **kwargs: Any) -> None:
    board_changed(instance.office_id)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_ticket_changed, sender=Ticket, dispatch_uid=f"queue-board-ticket-{signal}")
        signal.connect(_window_changed, sender=Window, dispatch_uid=f"queue-board-window-{signal}")
