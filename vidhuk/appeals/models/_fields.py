"""Field declarations several appeals models make alike: what an item is about (an office, a
service, both optional) and the staff member behind a row (kept when the account goes)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.models import Office


def optional_office() -> models.ForeignKey[Office | None, Office | None]:
    return models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("офіс"),
    )


def optional_service() -> models.ForeignKey[Service | None, Service | None]:
    return models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("послуга"),
    )


def staff_member(verbose_name: Any) -> models.ForeignKey[Any, Any]:
    """A staff member's row; set to empty, not deleted with it, when the account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )
