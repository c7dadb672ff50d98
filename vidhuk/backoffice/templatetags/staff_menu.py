"""`{% load staff_menu %}{% staff_menu as links %}`: the member's back-office menu."""

from __future__ import annotations

from typing import Any

from django import template

from ..menu import MenuLink, staff_menu

register = template.Library()


@register.simple_tag(takes_context=True, name="staff_menu")
def staff_menu_tag(context: dict[str, Any]) -> list[MenuLink]:
    request = context["request"]
    membership = getattr(request, "membership", None)
    if membership is None:
        return []
    return staff_menu(membership=membership, match=request.resolver_match)
