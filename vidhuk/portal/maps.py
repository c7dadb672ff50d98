"""An office's place on the map without any outside server at run time.

The page shows a static schematic shipped with the site (``portal/maps/<centre>-<office>.svg``
among the static files, drawn once — the demo ships one of Вербівка) and a plain outbound link
to OpenStreetMap at the office's coordinates. No tile, script or font is fetched from anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.templatetags.static import static

from vidhuk.core.models import Centre, Office

OSM_ZOOM = 17


@dataclass(frozen=True)
class OfficeMap:
    image_url: str  # "" when no schematic is shipped for the office
    osm_url: str  # "" without coordinates


def osm_url(latitude: Decimal | None, longitude: Decimal | None) -> str:
    if latitude is None or longitude is None:
        return ""
    lat, lon = f"{latitude:.6f}", f"{longitude:.6f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={OSM_ZOOM}/{lat}/{lon}"


def office_map(*, centre: Centre, office: Office) -> OfficeMap | None:
    path = f"portal/maps/{centre.slug}-{office.slug}.svg"
    image = static(path) if finders.find(path) else ""
    link = osm_url(office.latitude, office.longitude)
    if not image and not link:
        return None
    return OfficeMap(image_url=image, osm_url=link)
