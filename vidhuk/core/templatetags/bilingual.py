"""A record's texts in the visitor's language, for any app's public pages: the record's English
field (``<name>_en``) where staff filled it, else the Ukrainian one — which an English page then
marks ``lang="uk"`` (WCAG 3.1.2). Usage::

    {% load bilingual %}
    <h1{% if item|lang_of:"title" %} lang="uk"{% endif %}>{{ item|in_language:"title" }}</h1>
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


def english_active() -> bool:
    return (get_language() or "uk").startswith("en")


@register.filter
def in_language(item: Any, name: str) -> str:
    """``item.<name>_en`` on an English page when it is filled, else ``item.<name>``."""
    english = getattr(item, f"{name}_en", "")
    if english_active() and english:
        return str(english)
    return str(getattr(item, name, "") or "")


@register.filter
def lang_of(item: Any, name: str) -> str:
    """``uk`` when an English page shows the Ukrainian text of ``name``, else nothing."""
    return "uk" if english_active() and not getattr(item, f"{name}_en", "") else ""
