"""The open dataset «service catalog» (issue 14, point 6): the centre's published administrative
services with what a resident needs to know — snapshot as of the release. The subject's own
contacts stay on the service page: the dataset carries institutions' names, never a person."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from vidhuk.core.datasets import Column, Dataset, register_dataset
from vidhuk.core.models import Centre, Office

from .selectors import service_queryset_published

KEY = "service-catalog"
COLUMNS = (
    Column("code", "string", _("Код послуги")),
    Column("name", "string", _("Назва послуги")),
    Column("category", "string", _("Категорія")),
    Column("provider", "string", _("Суб’єкт надання")),
    Column("is_free", "boolean", _("Безоплатна")),
    Column("fee_amount", "number", _("Розмір плати, грн")),
    Column("max_term_days", "integer", _("Строк надання, днів")),
    Column("online_url", "string", _("Електронна послуга")),
    Column("offices", "string", _("Офіси, де надається")),
)


def service_catalog_rows(centre: Centre) -> Iterator[Sequence[Any]]:
    services = (
        service_queryset_published(centre=centre)
        .select_related("category")
        .prefetch_related(Prefetch("offices", queryset=Office.objects.order_by("position", "name")))
        .order_by("code", "name", "pk")
    )
    for service in services:
        yield (
            service.code,
            service.name,
            service.category.name if service.category else "",
            service.provider_name,
            service.is_free,
            service.fee_amount,
            service.max_term_days,
            service.online_url,
            "; ".join(office.name for office in service.offices.all()),
        )


def register() -> None:
    register_dataset(
        Dataset(
            key=KEY,
            title=_("Перелік адміністративних послуг, що надаються через центр"),
            columns=COLUMNS,
            rows=service_catalog_rows,
            description=_(
                "Адміністративні послуги, які надає центр: код, назва, категорія, суб’єкт "
                "надання, платність, строк, посилання на електронну послугу й офіси."
            ),
            keywords=(_("адміністративні послуги"), _("ЦНАП"), _("перелік послуг")),
            update_frequency="quarterly",
            purpose=_(
                "Оприлюднення переліку адміністративних послуг (ст. 12 Закону України "
                "«Про адміністративні послуги»)"
            ),
        )
    )
