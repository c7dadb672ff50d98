"""``{{ question|in_language:"text" }}`` and ``<span{{ question|lang_attr:"text" }}>``: a
questionnaire's own words in the page's language, Ukrainian marked ``lang="uk"`` on English
pages (see ``vidhuk.surveys.language``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from .. import language

register = template.Library()


@register.filter
def in_language(item: Any, name: str) -> str:
    return language.in_language(item, name)


@register.filter
def lang_attr(item: Any, name: str) -> SafeString:
    return mark_safe(' lang="uk"') if language.lang_of(item, name) else SafeString("")
