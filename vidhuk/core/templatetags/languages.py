"""The header's language switch: a link to the same page in each other language.

A link, not a form: a page without a form that posts needs no CSRF cookie, so anonymous public
pages can be cached (vidhuk/core/pagecache.py). Usage::

    {% load languages %}
    {% language_links as links %}{% for link in links %}…{% endfor %}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

from vidhuk.core.languages import link_in_language

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool


@register.simple_tag(takes_context=True)
def language_links(context: Any) -> list[LanguageLink]:
    request = context.get("request")
    full_path = request.get_full_path() if request is not None else "/"
    current = get_language() or settings.LANGUAGE_CODE
    return [
        LanguageLink(
            code=code,
            name=capfirst(get_language_info(code)["name_local"]),
            url=link_in_language(full_path, code),
            is_current=code == current,
        )
        for code, _name in settings.LANGUAGES
    ]
