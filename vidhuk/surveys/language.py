"""The questionnaire's own words in the visitor's language: English where staff wrote it, else
Ukrainian — which an English page then marks ``lang="uk"`` (WCAG 3.1.2), so a screen reader
reads it with the right voice."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def english_active() -> bool:
    return (get_language() or "uk").startswith("en")


def in_language(item: Any, name: str) -> str:
    """The English text when English is active and the text exists, else the Ukrainian one."""
    english = _get(item, f"{name}_en")
    if english_active() and english:
        return str(english)
    return str(_get(item, f"{name}_uk") or "")


def lang_of(item: Any, name: str) -> str:
    """``"uk"`` when ``in_language`` falls back to Ukrainian on an English page, else ``""``."""
    return "uk" if english_active() and not _get(item, f"{name}_en") else ""


def _get(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, "")
