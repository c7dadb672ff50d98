"""What the catalog adds to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.keyfigures import KeyFigure
from vidhuk.core.keyfigures import register as register_key_figure
from vidhuk.core.metrics import register_dimension
from vidhuk.core.models import Centre
from vidhuk.core.staffmenu import HomeTask, MenuEntry, register_home_task, register_menu_entry
from vidhuk.core.urlmounts import register_urls

from . import portal_tiles
from .capabilities import Capability
from .selectors import service_count_published

register_capability(
    Capability.CATALOG_EDIT,
    _("Редагувати каталог послуг"),
    roles=[Role.HEAD, Role.ADMINISTRATOR, Role.COMMUNICATIONS],
    order=10,
)

register_key_figure(
    KeyFigure(
        key="services_published",
        label=_("Послуг опубліковано"),
        compute=lambda centre: service_count_published(centre=centre),
        url_name="catalog_staff:list",
        order=10,
    )
)
portal_tiles.register()

# Every member reads the catalog; editing it needs catalog.edit.
register_menu_entry(
    MenuEntry(
        key="catalog",
        label=_("Каталог"),
        url_name="catalog_staff:list",
        order=20,
        sections=("catalog_staff",),
    )
)

# Its pages, under the centre's slug: residents' and the back office's.
register_urls(
    "catalog_staff", "vidhuk.catalog.urls_staff", prefix="services", is_staff=True, order=10
)
register_urls("catalog", "vidhuk.catalog.urls", prefix="services", order=10)

# Back-office home, «Що можна зробити».
register_home_task(
    HomeTask(
        key="catalog",
        label=_("Переглянути й оновити інформаційні картки послуг"),
        url_name="catalog_staff:list",
        order=20,
    )
)


# Analytics' figures split by service read the service's name (core/metrics.py).
def _service_labels(centre: Centre, codes: list[str]) -> dict[str, str]:
    from .selectors import service_names

    names = service_names(centre=centre, pks=[int(code) for code in codes if code.isdecimal()])
    return {str(pk): name for pk, name in names.items()}


register_dimension("service", labels=_service_labels)

# Its open dataset, published by the open-data app (core/datasets.py).
from . import datasets as open_datasets  # noqa: E402

open_datasets.register()
