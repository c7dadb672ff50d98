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
    Tile,
    register_block,
    register_nav_link,
    register_tile,
)

from .selectors import category_list, service_count_published


def _state(centre: Centre, now: dt.datetime) -> str:
    count = service_count_published(centre=centre)
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
            url=lambda centre: reverse("catalog:list", args=[centre.slug]),
            state=_state,
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
            context=lambda centre, now: {
                "centre": centre,
                "categories": category_list(centre=centre),
            },
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
