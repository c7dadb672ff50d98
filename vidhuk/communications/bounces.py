"""Bounces and complaints of mailings (issue 13, point 4).

A mailing's envelope sender is ``bounces+<delivery-token>@domain`` (VERP), so a bounce names its
delivery even when the server's report is unreadable. ``bounce_process(raw=...)`` reads a DSN
(RFC 3464) with flufl.bounce (its detectors also read the many non-standard formats) or an ARF
complaint (RFC 5965, ``multipart/report; report-type=feedback-report``):

- a hard bounce (permanent failure, 5.x.x) suppresses the address in the centre;
- a soft bounce (temporary, 4.x.x) is scored: the third soft bounce of an address suppresses it;
- a complaint unsubscribes and suppresses the address in every centre.

Run by ``manage.py comms_bounce < message`` (the mail server pipes bounces to it).
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass

from django.db import transaction
from flufl.bounce import all_failures

from .models import (
    DeliveryState,
    MailingDelivery,
    Subscriber,
    SuppressionReason,
)
from .services.mailing_message import delivery_id_from_token
from .services.subscriptions import email_normalise, subscriber_unsubscribe, suppression_add

SOFT_LIMIT = 3
VERP = re.compile(r"bounces\+([0-9]+-[A-Za-z0-9_-]+)@", re.IGNORECASE)


@dataclass(frozen=True)
class BounceResult:
    kind: str  # "hard", "soft", "complaint" or "unknown"
    delivery_id: int | None
    suppressed: bool


def _delivery_from_verp(message: email.message.Message, raw: str) -> MailingDelivery | None:
    for name in ("Delivered-To", "X-Original-To", "To", "Envelope-To"):
        found = VERP.search(str(message.get(name, "")))
        if found:
            break
    else:
        found = VERP.search(raw)
    if not found:
        return None
    pk = delivery_id_from_token(found.group(1))
    if pk is None:
        return None
    return MailingDelivery.objects.select_related("mailing__centre").filter(pk=pk).first()


def _kind(message: email.message.Message) -> str:
    report_type = str(message.get_param("report-type") or "").lower()
    if message.get_content_type() == "multipart/report" and report_type == "feedback-report":
        return "complaint"
    temporary, permanent = all_failures(message)
    if permanent:
        return "hard"
    if temporary:
        return "soft"
    statuses = re.findall(r"^Status:\s*([245])\.", message.as_string(), re.MULTILINE)
    if "5" in statuses:
        return "hard"
    return "soft" if "4" in statuses else "unknown"


@transaction.atomic
def bounce_process(*, raw: bytes) -> BounceResult:
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    text = raw.decode("utf-8", "replace")
    delivery = _delivery_from_verp(message, text)
    kind = _kind(message)
    if delivery is None or kind == "unknown":
        return BounceResult(
            kind=kind, delivery_id=delivery.pk if delivery else None, suppressed=False
        )
    centre = delivery.mailing.centre
    address = email_normalise(delivery.email)
    suppressed = False
    if kind == "complaint":
        for subscriber in Subscriber.objects.filter(email=address).select_related("centre"):
            subscriber_unsubscribe(subscriber=subscriber)
            suppression_add(
                centre=subscriber.centre, email=address, reason=SuppressionReason.COMPLAINT
            )
        suppressed = True
    elif kind == "hard":
        suppression_add(centre=centre, email=address, reason=SuppressionReason.HARD_BOUNCE)
        suppressed = True
    MailingDelivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.BOUNCED, error=f"{kind}: bounce"
    )
    if kind == "soft":
        soft = MailingDelivery.objects.filter(
            mailing__centre=centre, email__iexact=address, error__startswith="soft:"
        ).count()
        if soft >= SOFT_LIMIT:
            suppression_add(centre=centre, email=address, reason=SuppressionReason.HARD_BOUNCE)
            suppressed = True
    return BounceResult(kind=kind, delivery_id=delivery.pk, suppressed=suppressed)
