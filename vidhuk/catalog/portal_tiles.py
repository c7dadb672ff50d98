"""The catalog on the portal (registered by extensions.py): its tile, the search and the services
by topic on the home page, and «Послуги» in the site's navigation."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vidhuk.core.models import Centre
from vidhuk.core.portal import (
    Block,
    NavLink,
    Reads,
    Tile,
    register_block,
    register_nav_link,
    register_tile,
)
from vidhuk.core.readtogether import Count, Rows

from .selectors import category_list, service_queryset_published


def _state(centre: Centre, now: dt.datetime, reads: Reads) -> str:
    count = reads.values["published"]
    return ngettext("%(count)s послуга в каталозі", "%(count)s послуг у каталозі", count) % {
        "count": count
    }


def register() -> None:
    register_tile(
        Tile(
            key="catalog",
            order=10,
            label=_("Знайти послугу"),
            description=_("Що потрібно, скільки коштує, скільки чекати і де отримати."),
            url=lambda centre, reads: reverse("catalog:list", args=[centre.slug]),
            state=_state,
            reads=lambda centre, now: {
                "published": Count(service_queryset_published(centre=centre))
            },
        )
    )
    register_block(
        Block(
            key="catalog_search",
            order=10,
            place="main",
            template="catalog/public/_home_search.html",
            context=lambda centre, now: {"centre": centre},
        )
    )
    register_block(
        Block(
            key="catalog_categories",
            order=10,
            place="main_end",
            template="catalog/public/_home_categories.html",
            context=lambda centre, now, reads: {
                "centre": centre,
                "categories": reads.values["categories"],
            },
            reads=lambda centre, now: {"categories": Rows(category_list(centre=centre))},
        )
    )
    register_nav_link(
        NavLink(
            key="catalog",
            order=10,
            label=_("Послуги"),
            url_name="catalog:list",
            section="catalog",
        )
    )
