"""One mailing message for one delivery row: HTML and plain text from one template (CSS inlined
with css-inline, the centre's name and colours), a deterministic Message-ID, RFC 8058 headers and
a VERP return path that names the delivery (``bounces+<delivery-token>@domain``)."""

from __future__ import annotations

from email.utils import parseaddr

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from vidhuk.core.tokens import token_equal, token_link

from ..models import Mailing, MailingDelivery
from .subscriptions import subscriber_link_token

TEMPLATE = "communications/mailings/email/mailing"
VERP_PURPOSE = "communications.bounce"


def mail_domain() -> str:
    configured = getattr(settings, "COMMS_MAIL_DOMAIN", "")
    return configured or parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def delivery_message_id(delivery: MailingDelivery) -> str:
    """The same for every attempt of a delivery: a resent ambiguous row is recognisable."""
    return f"<mailing-{delivery.mailing_id}.delivery-{delivery.pk}@{mail_domain()}>"


def delivery_token(delivery_id: int) -> str:
    return f"{delivery_id}-{token_link(VERP_PURPOSE, str(delivery_id))[:16]}"


def delivery_id_from_token(token: str) -> int | None:
    """The delivery a VERP token names, or None when it is forged."""
    pk, _dash, _sig = token.partition("-")
    if not pk.isdigit() or not token_equal(delivery_token(int(pk)), token):
        return None
    return int(pk)


def verp_address(delivery: MailingDelivery) -> str:
    return f"bounces+{delivery_token(delivery.pk)}@{mail_domain()}"


def subscriber_urls(*, base_url: str, centre_slug: str, subscriber: object) -> dict[str, str]:
    args = [centre_slug, subscriber.pk, subscriber_link_token(subscriber)]  # type: ignore[attr-defined,arg-type]
    return {
        "unsubscribe_url": base_url + reverse("communications_subscribe:unsubscribe", args=args),
        "preferences_url": base_url + reverse("communications_subscribe:preferences", args=args),
    }


def delivery_message(
    *, mailing: Mailing, delivery: MailingDelivery, base_url: str = ""
) -> tuple[EmailMultiAlternatives, str, str]:
    """The message, its Message-ID and its envelope sender."""
    base_url = (base_url or getattr(settings, "VIDHUK_BASE_URL", "")).rstrip("/")
    subscriber = delivery.subscriber
    centre = mailing.centre
    urls = subscriber_urls(base_url=base_url, centre_slug=centre.slug, subscriber=subscriber)
    text, html = _bodies(mailing, subscriber.language or "uk", base_url)
    for name, url in urls.items():
        text = text.replace(_placeholder(name), url)
        html = html.replace(_placeholder(name), url)
    message_id = delivery_message_id(delivery)
    envelope_from = verp_address(delivery)
    unsubscribe = f"<{urls['unsubscribe_url']}>"
    headers = {
        "From": settings.DEFAULT_FROM_EMAIL,
        "Message-ID": message_id,
        "List-Unsubscribe": unsubscribe,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{centre.name} <{centre.slug}.{mail_domain()}>",
        "Precedence": "bulk",
    }
    message = EmailMultiAlternatives(
        subject=mailing.subject,
        body=text,
        from_email=envelope_from,
        to=[delivery.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message, message_id, envelope_from


def _placeholder(name: str) -> str:
    return f"https://per-recipient.invalid/{name}"


_rendered: dict[tuple[int, str, str, object], tuple[str, str]] = {}


def _bodies(mailing: Mailing, language: str, base_url: str) -> tuple[str, str]:
    """The bodies of a mailing in one language, rendered and inlined once per worker; the
    per-recipient links are filled in afterwards."""
    key = (mailing.pk, language, base_url, mailing.updated_at)
    if key not in _rendered:
        context = {
            "centre": mailing.centre,
            "mailing": mailing,
            "paragraphs": [part.strip() for part in mailing.body.split("\n\n") if part.strip()],
            "publication_url": _publication_url(mailing, base_url),
            "unsubscribe_url": _placeholder("unsubscribe_url"),
            "preferences_url": _placeholder("preferences_url"),
        }
        with translation.override(language):
            text = render_to_string(f"{TEMPLATE}.txt", context)
            html = css_inline.inline(render_to_string(f"{TEMPLATE}.html", context))
        if len(_rendered) > 100:
            _rendered.clear()
        _rendered[key] = (text, html)
    return _rendered[key]


def _publication_url(mailing: Mailing, base_url: str) -> str:
    publication = mailing.publication
    if publication is None or not publication.slug:
        return ""
    try:
        path = reverse("communications:item", args=[mailing.centre.slug, publication.slug])
    except Exception:  # the news pages' name may differ; the mail still goes without a link
        return ""
    return base_url + path
