"""Atom feed of a centre's news, /<centre>/news/feed/: the latest published publications past
their embargo, newest first, in the visitor's language where an English text is filled."""

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
from vidhuk.core.templatetags.bilingual import in_language

from .models import Publication
from .richtext import plain_text
from .selectors.publications import news_list_public

FEED_ITEMS = 30


class NewsFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, centre_slug: str) -> Centre:  # type: ignore[override]
        return centre_get_public(slug=centre_slug)

    def title(self, centre: Centre) -> str:
        return _("Новини: %(centre)s") % {"centre": centre.name}

    def subtitle(self, centre: Centre) -> str:
        return _(
            "Новини, оголошення та зміни законодавства центру надання адміністративних послуг."
        )

    def link(self, centre: Centre) -> str:
        return reverse("communications:news", args=[centre.slug])

    def items(self, centre: Centre) -> list[Publication]:
        found = news_list_public(centre=centre, now=timezone.now()).select_related("centre")
        return list(found.prefetch_related(None)[:FEED_ITEMS])

    def item_title(self, item: Publication) -> str:
        return in_language(item, "title")

    def item_description(self, item: Publication) -> str:
        lead = in_language(item, "lead")
        if item.effective_on:
            effective = _("Набирає чинності %(date)s.") % {
                "date": item.effective_on.strftime("%d.%m.%Y")
            }
            lead = f"{effective} {lead}".strip()
        return lead or plain_text(in_language(item, "body"))[:500]

    def item_link(self, item: Publication) -> str:
        return reverse("communications:item", args=[item.centre.slug, item.slug])

    def item_guid(self, item: Publication) -> str:
        # Stable across edits and languages: the entry is the publication.
        return f"tag:vidhuk,2026:news:{item.centre_id}:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Publication) -> dt.datetime | None:
        # A press release under embargo appeared when the embargo ended: readers see that.
        return item.shown_at  # type: ignore[attr-defined, no-any-return]

    def item_updateddate(self, item: Publication) -> dt.datetime:
        return max(item.updated_at, item.shown_at)  # type: ignore[attr-defined]
