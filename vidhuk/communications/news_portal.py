"""What the news adds to the platform (registered from extensions.py): the latest news on the
portal's home page, «Новини» in the site's navigation, a notice of a change in legislation on
the card of each service it affects, the firing of the feed action, and the scheduler's job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.core.dailyjobs import DailyRun, register_daily_job
from vidhuk.core.models import Centre
from vidhuk.core.objectslots import SlotEntry, register_slot_entry
from vidhuk.core.portal import Block, NavLink, Reads, register_block, register_nav_link
from vidhuk.core.readtogether import Rows

from .firing import register_firing_action
from .models import Publication
from .selectors.publications import legislation_notices_for_service, news_latest_queryset
from .services.publications import publications_publish_due

LATEST_ON_HOME = 3
SERVICE_NOTICE_SLOT = "catalog.service.notices"


def _latest_news(centre: Centre, now: dt.datetime, reads: Reads) -> dict[str, Any] | None:
    """Read with the rest of the home page; no block at all until the centre has published
    something."""
    publications = reads.values["latest"]
    if not publications:
        return None
    return {
        "publications": publications,
        "news_url": reverse("communications:news", args=[centre.slug]),
    }


def _service_notices(request: HttpRequest | None, service: Any) -> dict[str, Any] | None:
    notices = legislation_notices_for_service(service=service, now=timezone.now())
    if not notices:
        return None
    return {"notices": notices}


def _feed(publication: Publication) -> None:
    """The feed reads visible publications itself; the firing row records when the item
    entered it (shown to staff), and that it did so once."""


def _publish_due(run: DailyRun) -> str:
    """A safety net beside `manage.py communications_publish_due` (every minute): a site
    without the minute timer still publishes once a day."""
    return str(publications_publish_due(now=timezone.now()))


def register() -> None:
    register_block(
        Block(
            key="communications_news",
            order=20,
            template="communications/news/portal_block.html",
            context=_latest_news,
            reads=lambda centre, now: {
                "latest": Rows(news_latest_queryset(centre=centre, now=now, limit=LATEST_ON_HOME))
            },
        )
    )
    register_nav_link(
        NavLink(
            key="communications_news",
            order=40,
            label=_("Новини"),
            url_name="communications:news",
            section="communications",
        )
    )
    register_slot_entry(
        SlotEntry(
            slot=SERVICE_NOTICE_SLOT,
            key="communications_legislation",
            template="communications/news/service_notices.html",
            context=_service_notices,
            order=10,
        )
    )
    register_firing_action("feed", _feed, order=10)
    register_daily_job("communications_publish_due", _publish_due, order=15)
