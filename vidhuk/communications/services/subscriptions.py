"""Subscriptions without an account (issue 13, point 3).

- Double opt-in: ``subscriber_subscribe`` records the wish and mails a confirmation link; the
  link works for 7 days (a signed timestamp) and only the newest link works (its random part's
  hash is kept). Nobody unconfirmed is ever mailed (``subscriber_mailable_q``).
- A consent log: every subscribe, confirm, change and unsubscribe is a ``ConsentRecord`` with the
  version of the consent text the person saw and where it happened (Law of Ukraine «On Personal
  Data Protection», Art. 11: consent is the ground, and it must be provable).
- Every mail carries a permanent signed link to the preferences page and a one-click unsubscribe
  (``subscriber_link_token``: HMAC of the subscriber's id, no state kept).
- Suppressed addresses (hard bounces, complaints) are never mailed, whatever they subscribed to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.core.mail import mail_enqueue
from vidhuk.core.models import Centre
from vidhuk.core.tokens import token_equal, token_hash, token_link, token_new

from ..models import (
    ConsentAction,
    ConsentRecord,
    ConsentSource,
    Subscriber,
    Subscription,
    Suppression,
    SuppressionReason,
)

CONSENT_TEXT_VERSION = "2026-12-v1"
CONFIRM_FOR = dt.timedelta(days=7)
CONFIRM_SALT = "vidhuk.communications.subscribe.confirm"
LINK_PURPOSE = "communications.subscriber"
CONFIRM_TEMPLATE = "communications/subscriptions/email/confirm"


@dataclass(frozen=True)
class Interests:
    """What a subscriber wants: ids of topics, services and offices; all empty is everything."""

    topics: list[int] = field(default_factory=list)
    services: list[int] = field(default_factory=list)
    offices: list[int] = field(default_factory=list)


def email_normalise(email: str) -> str:
    return email.strip().lower()


def subscriber_link_token(subscriber: Subscriber) -> str:
    """The signature of a subscriber's preferences and unsubscribe links (never expires: a mail
    read a year later must still let its reader leave)."""
    return token_link(LINK_PURPOSE, str(subscriber.pk))


def subscriber_get_by_link(*, centre: Centre, pk: int, signature: str) -> Subscriber | None:
    subscriber = Subscriber.objects.filter(centre=centre, pk=pk).first()
    if subscriber is None or not token_equal(subscriber_link_token(subscriber), signature):
        return None
    return subscriber


@transaction.atomic
def subscriber_subscribe(
    *,
    centre: Centre,
    email: str,
    interests: Interests,
    source: str = ConsentSource.PORTAL,
    language: str = "uk",
    base_url: str,
) -> Subscriber:
    """Record a wish to subscribe and mail the confirmation link (double opt-in). A confirmed
    subscriber's interests are not changed from an unauthenticated form: only through the
    signed preferences link, so nobody can alter someone else's subscription by typing their
    address."""
    address = email_normalise(email)
    if not address:
        raise ValidationError({"email": _("Вкажіть адресу електронної пошти.")})
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
        centre=centre, email=address, defaults={"language": language}
    )
    is_active = subscriber.confirmed_at is not None and subscriber.unsubscribed_at is None
    if not is_active:
        _interests_set(subscriber=subscriber, interests=interests)
    secret = token_new(16)
    subscriber.token_hash = token_hash(secret)
    subscriber.save(update_fields=["token_hash"])
    _consent(subscriber, ConsentAction.SUBSCRIBE, source)
    token = signing.TimestampSigner(salt=CONFIRM_SALT).sign(f"{subscriber.pk}.{secret}")
    mail_enqueue(
        key=f"comms-confirm:{subscriber.pk}:{subscriber.token_hash[:24]}",
        to=address,
        template=CONFIRM_TEMPLATE,
        context={
            "centre": centre,
            "confirm_url": f"{base_url}/{centre.slug}/subscribe/confirm/{token}/",
            "days": CONFIRM_FOR.days,
        },
        centre=centre,
        about=f"subscriber:{subscriber.pk}",
    )
    return subscriber


def subscriber_check_confirm(*, centre: Centre, token: str) -> Subscriber | None:
    """The subscriber a confirmation link is for, or None when it is forged, older than 7 days
    or replaced by a newer link."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=CONFIRM_FOR)
    except signing.BadSignature:
        return None
    pk, _dot, secret = value.partition(".")
    subscriber = Subscriber.objects.filter(centre=centre, pk=int(pk)).first()
    if subscriber is None or not token_equal(subscriber.token_hash, token_hash(secret)):
        return None
    return subscriber


@transaction.atomic
def subscriber_confirm(*, centre: Centre, token: str) -> Subscriber | None:
    """Confirm by the mailed link; confirming twice is once."""
    found = subscriber_check_confirm(centre=centre, token=token)
    if found is None:
        return None
    subscriber = Subscriber.objects.select_for_update().get(pk=found.pk)
    if subscriber.confirmed_at is None or subscriber.unsubscribed_at is not None:
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
        _consent(subscriber, ConsentAction.CONFIRM, ConsentSource.MAIL)
    return subscriber


@transaction.atomic
def subscriber_update_interests(
    *, subscriber: Subscriber, interests: Interests, source: str = ConsentSource.MAIL
) -> Subscriber:
    locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    _interests_set(subscriber=locked, interests=interests)
    _consent(locked, ConsentAction.CHANGE, source)
    return locked


@transaction.atomic
def subscriber_unsubscribe(
    *, subscriber: Subscriber, source: str = ConsentSource.MAIL
) -> Subscriber:
    """Stop all mail to this subscriber (RFC 8058 one-click, or the preferences page); twice is
    once."""
    locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if locked.unsubscribed_at is None:
        locked.unsubscribed_at = timezone.now()
        locked.save(update_fields=["unsubscribed_at"])
        _consent(locked, ConsentAction.UNSUBSCRIBE, source)
    return locked


def subscriber_interests(subscriber: Subscriber) -> Interests:
    rows = list(subscriber.subscriptions.all())
    return Interests(
        topics=[row.topic_id for row in rows if row.topic_id],
        services=[row.service_id for row in rows if row.service_id],
        offices=[row.office_id for row in rows if row.office_id],
    )


@transaction.atomic
def suppression_add(*, centre: Centre, email: str, reason: str) -> Suppression:
    """Never mail this address again in this centre (a complaint is added in every centre by
    the bounce processing)."""
    suppression, _created = Suppression.objects.get_or_create(
        centre=centre,
        email=email_normalise(email),
        defaults={"reason": reason or SuppressionReason.MANUAL},
    )
    return suppression


def subscriber_mailable_q() -> Q:
    """Confirmed, not unsubscribed and not suppressed: the only subscribers ever mailed."""
    suppressed = Suppression.objects.filter(centre=OuterRef("centre"), email=OuterRef("email"))
    return Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True) & ~Q(Exists(suppressed))


def subscriber_segment_q(segment: dict[str, list[int]]) -> Q:
    """Subscribers a segment reaches: those who want everything, and those with a subscription to
    one of its topics, services or offices. An empty segment reaches every subscriber."""
    topics, services = segment.get("topics") or [], segment.get("services") or []
    offices = segment.get("offices") or []
    if not (topics or services or offices):
        return Q()
    everything = Subscription.objects.filter(
        subscriber=OuterRef("pk"), topic__isnull=True, service__isnull=True, office__isnull=True
    )
    matching = Subscription.objects.filter(subscriber=OuterRef("pk")).filter(
        Q(topic_id__in=topics) | Q(service_id__in=services) | Q(office_id__in=offices)
    )
    return Q(Exists(everything)) | Q(Exists(matching))


def _interests_set(*, subscriber: Subscriber, interests: Interests) -> None:
    subscriber.subscriptions.all().delete()
    rows: Iterable[Subscription] = [
        *(Subscription(subscriber=subscriber, topic_id=pk) for pk in interests.topics),
        *(Subscription(subscriber=subscriber, service_id=pk) for pk in interests.services),
        *(Subscription(subscriber=subscriber, office_id=pk) for pk in interests.offices),
    ]
    rows = list(rows) or [Subscription(subscriber=subscriber)]
    Subscription.objects.bulk_create(rows)


def _consent(subscriber: Subscriber, action: str, source: str) -> None:
    ConsentRecord.objects.create(
        subscriber=subscriber, action=action, text_version=CONSENT_TEXT_VERSION, source=source
    )
