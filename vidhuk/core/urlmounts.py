"""Registry of where each app's URLs are mounted: an app declares its public and staff URL
modules in its `extensions.py`, and `config/urls.py` builds the site's URLs from what is
registered, so it names no domain app (Wagtail's `register_admin_urls`, Decidim's engines).

A **public** mount sits under the centre's slug (``<centre_slug>/<prefix>/``), a **staff** one
under the back office's (``staff/<centre_slug>/<prefix>/``). Every public mount comes before the
portal's catch-all ``<slug:centre_slug>/``, which would otherwise answer for it. The module
names its own namespace with ``app_name``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLResolver, include, path


@dataclass(frozen=True)
class UrlMount:
    key: str
    module: str  # dotted path of the URLconf module
    prefix: str  # the path segment after the centre's slug, without slashes: "appeals"
    is_staff: bool = False
    order: int = 100


_registry: dict[str, UrlMount] = {}


def register_urls(
    key: str, module: str, *, prefix: str, is_staff: bool = False, order: int = 100
) -> None:
    _registry[key] = UrlMount(
        key=key, module=module, prefix=prefix.strip("/"), is_staff=is_staff, order=order
    )


def unregister_urls(key: str) -> None:
    _registry.pop(key, None)


def url_mounts(*, is_staff: bool) -> list[UrlMount]:
    found = [m for m in _registry.values() if m.is_staff == is_staff]
    return sorted(found, key=lambda m: (m.order, m.key))


def mounted_patterns() -> list[URLResolver]:
    """The staff mounts, then the public ones: to be placed before the portal's catch-all."""
    patterns = [
        path(f"staff/<slug:centre_slug>/{m.prefix}/", include(m.module))
        for m in url_mounts(is_staff=True)
    ]
    patterns += [
        path(f"<slug:centre_slug>/{m.prefix}/", include(m.module))
        for m in url_mounts(is_staff=False)
    ]
    return patterns
