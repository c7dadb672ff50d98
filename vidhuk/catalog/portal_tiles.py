"""The catalog's tile on the portal's home page (registered by extensions.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vidhuk.core.models import Centre
from vidhuk.core.portal import Tile, register_tile

from .selectors import service_count_published


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
