"""`{% object_slot "name" obj %}`: what other apps registered for a slot of this page
(vidhuk.core.objectslots)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from vidhuk.core.objectslots import slot_render

register = template.Library()


@register.simple_tag(takes_context=True)
def object_slot(context: template.Context, slot: str, obj: Any) -> SafeString:
    return slot_render(slot=slot, obj=obj, request=context.get("request"))
