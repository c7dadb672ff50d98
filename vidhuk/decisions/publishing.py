"""What the public board adds to the portal (registered from extensions.py): the latest
«ми зробили» on the home page, and a link to the board in every residents' page's footer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from vidhuk.core.models import Centre
from vidhuk.core.portal import Block, FooterLink, Reads, register_block, register_footer_link
from vidhuk.core.readtogether import Rows

from .selectors.public import decision_list_latest_done

LATEST_ON_HOME = 3


def _board_url(centre: Centre) -> str:
    return reverse("decisions:board", args=[centre.slug])


def _latest_done(centre: Centre, now: dt.datetime, reads: Reads) -> dict[str, Any] | None:
    """Read with the rest of the home page; no block at all until the centre has done
    something."""
    decisions = reads.values["latest"]
    if not decisions:
        return None
    return {"decisions": decisions, "board_url": _board_url(centre)}


def register() -> None:
    register_block(
        Block(
            key="decisions_latest",
            order=50,
            template="decisions/public/portal_block.html",
            context=_latest_done,
            reads=lambda centre, now: {
                "latest": Rows(decision_list_latest_done(centre=centre, limit=LATEST_ON_HOME))
            },
        )
    )
    register_footer_link(
        FooterLink(
            key="decisions_board",
            order=50,
            label=gettext_lazy("Ви сказали — ми зробили"),
            url=_board_url,
        )
    )
