"""Atom feed of the board, /<centre>/decisions/feed/: one entry per published decision, the most
recently changed first, so a subscriber (a journalist, a deputy, a resident's feed reader) sees
each decision as it moves. Entries hold what the board shows, nothing more."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre
from vidhuk.core.selectors import centre_get_public

from .models import Decision
from .selectors.public import decision_list_public
from .templatetags.decisions_public import in_language

FEED_ITEMS = 50


class DecisionsFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, centre_slug: str) -> Centre:  # type: ignore[override]
        return centre_get_public(slug=centre_slug)

    def title(self, centre: Centre) -> str:
        return _("Ви сказали — ми зробили: %(centre)s") % {"centre": centre.name}

    def subtitle(self, centre: Centre) -> str:
        return _("Рішення центру за відгуками мешканців і хід їх виконання.")

    def link(self, centre: Centre) -> str:
        return reverse("decisions:board", args=[centre.slug])

    def items(self, centre: Centre) -> list[Decision]:
        today = timezone.localdate()
        decisions = (
            decision_list_public(centre=centre, today=today)
            .select_related("centre")
            .order_by("-updated_at", "-number")
        )
        return list(decisions[:FEED_ITEMS])

    def item_title(self, item: Decision) -> str:
        return _("Рішення № %(number)s: %(title)s — %(state)s") % {
            "number": item.number,
            "title": in_language(item, "title"),
            "state": item.get_state_display(),
        }

    def item_description(self, item: Decision) -> str:
        lines = [in_language(item, "summary")]
        if item.order_number:
            lines.append(_("Документ: № %(number)s") % {"number": item.order_number})
        if item.owner_unit:
            lines.append(_("Відповідальний: %(unit)s") % {"unit": item.owner_unit})
        if item.due_on:
            lines.append(_("Виконати до: %(date)s") % {"date": item.due_on.strftime("%d.%m.%Y")})
        if item.is_overdue:
            lines.append(_("Строк минув, рішення ще не виконано."))
        lines.append(_("Виконано: %(percent)s %%") % {"percent": item.progress_percent})
        if item.state_reason:
            lines.append(item.state_reason)
        return "\n".join(line for line in lines if line)

    def item_link(self, item: Decision) -> str:
        return reverse("decisions:decision", args=[item.centre.slug, item.number])

    def item_guid(self, item: Decision) -> str:
        # Stable across edits and languages: the entry is the decision.
        return f"tag:vidhuk,2026:decisions:{item.centre_id}:{item.number}"

    item_guid_is_permalink = False

    def item_updateddate(self, item: Decision) -> dt.datetime:
        return item.updated_at

    def item_pubdate(self, item: Decision) -> dt.datetime:
        return item.created_at
