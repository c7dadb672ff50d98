"""What the catalog adds to the extension points (docs/decisions/0006-extension-points.md)."""

from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.choices import Role
from vidhuk.core.capabilities import register_capability
from vidhuk.core.keyfigures import KeyFigure
from vidhuk.core.keyfigures import register as register_key_figure
from vidhuk.core.staffmenu import MenuEntry, register_menu_entry

from . import portal_tiles
from .selectors import service_count_published

register_capability(
    "catalog.edit",
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
