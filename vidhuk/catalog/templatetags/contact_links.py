"""Filters that turn a card's contact text into links: `phones` splits a list of numbers,
`tel` makes the href of one (digits and a leading plus only)."""

from __future__ import annotations

import re

from django import template

register = template.Library()


@register.filter
def phones(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", value or "") if part.strip()]


@register.filter
def tel(value: str) -> str:
    value = (value or "").strip()
    digits = re.sub(r"\D", "", value)
    return f"tel:+{digits}" if value.startswith("+") else f"tel:{digits}"
