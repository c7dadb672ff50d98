from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "vidhuk.catalog"
    label = "catalog"
    verbose_name = _("Каталог адміністративних послуг")

    def ready(self) -> None:
        from vidhuk.core.keyfigures import KeyFigure, register

        from .portal_tiles import register as register_portal_tiles
        from .selectors import service_count_published

        register(
            KeyFigure(
                key="services_published",
                label=_("Послуг опубліковано"),
                compute=lambda centre: service_count_published(centre=centre),
                url_name="catalog_staff:list",
                order=10,
            )
        )
        register_portal_tiles()
