"""The board's texts in the visitor's language: a record's English field where staff filled it,
else the Ukrainian one (which an English page marks ``lang="uk"``, WCAG 3.1.2)."""

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
