"""Where residents are offered a subscription (issue 13, point 3): the end of an appeal, a booking
and a survey (object slots of those pages), and every portal page (a footer link)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from vidhuk.core.objectslots import SlotEntry, register_slot_entry
from vidhuk.core.portal import FooterLink, register_footer_link

OFFER = "communications/subscriptions/_offer.html"
SLOTS = {
    "appeals.sent.offers": "appeal",
    "appointments.booked.offers": "booking",
    "surveys.thanks.offers": "survey",
}


def _offer(source: str):  # type: ignore[no-untyped-def]
    def context(request: Any, centre: Any) -> dict[str, Any] | None:
        if centre is None or not getattr(centre, "slug", ""):
            return None
        url = reverse("communications_subscribe:subscribe", args=[centre.slug])
        return {"subscribe_url": f"{url}?{urlencode({'from': source})}"}

    return context


def register() -> None:
    for slot, source in SLOTS.items():
        register_slot_entry(
            SlotEntry(
                slot=slot, key="communications_subscribe", template=OFFER, context=_offer(source)
            )  # fmt: skip
        )
    register_footer_link(
        FooterLink(
            key="communications_subscribe",
            order=56,
            label=gettext_lazy("Підписка на новини"),
            url=lambda centre: reverse("communications_subscribe:subscribe", args=[centre.slug]),
        )
    )
