"""Publications' rich text, sanitised with nh3 (issue 13: "rich text sanitised"): a small set of
tags a news item needs — paragraphs, headings, lists, emphasis, links, quotes, simple tables —
and nothing that runs (no script, style, event handlers, iframes, images inside the text: the
publication's one image goes through the upload check with its alt text). Links keep only
http(s) and mailto and get rel="noopener noreferrer"."""

from __future__ import annotations

import html

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "ul", "ol", "li",
        "a", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "abbr",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitise(value: str) -> str:
    """The HTML kept from ``value``: disallowed tags dropped with their script content, the
    text of other disallowed tags kept."""
    if not value.strip():
        return ""
    return nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
    ).strip()


def plain_text(value: str) -> str:
    """The text of sanitised HTML, for the feed's summary and mail's plain part."""
    return html.unescape(nh3.clean(value, tags=set())).strip()
