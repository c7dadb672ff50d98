"""The same page in another language: `/en/<path>` for English, the bare path for Ukrainian
(the default language has no prefix: config/urls.py)."""

from __future__ import annotations

from django.conf import settings


def path_in_language(path: str, language: str) -> str:
    """`path` (of this site, with or without a language prefix) in `language`."""
    codes = {code for code, _name in settings.LANGUAGES}
    first, _, rest = path.lstrip("/").partition("/")
    bare = "/" + rest if first in codes else path
    if language == settings.LANGUAGE_CODE:
        return bare
    return f"/{language}{bare}"


def link_in_language(full_path: str, language: str) -> str:
    """A link to the page `full_path` (path and query, as `request.get_full_path()` gives it)
    in `language`. Never leaves the site: leading slashes and backslashes collapse to one."""
    path, mark, query = full_path.partition("?")
    target = path_in_language(path, language)
    target = "/" + target.lstrip("/\\")
    return target + mark + query
