"""A publication posted to the centre's Telegram channel (Bot API ``sendMessage``) and Facebook
page (Graph API ``/{page-id}/feed``) with a delivery status per network (issue 13, point 7).

The firing action "social" only writes: one ``SocialPost`` per network (unique per publication
and network) — queued when the network's token is configured, "needs manual posting" when not —
and queues the HTTP call for after the commit. A failed call keeps the network's reason; the
daily job tries queued posts again. The API addresses are settings (``COMMS_TELEGRAM_API_BASE``,
``COMMS_FACEBOOK_API_BASE``): the real APIs cannot be reached from the test machine, so the tests
run a local stand-in HTTP server of both endpoints and point these settings at it."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from .models import Publication, SocialNetwork, SocialPost, SocialPostState

TIMEOUT_SECONDS = 10


def _setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, default) or default)


def _configured(network: str) -> bool:
    if network == SocialNetwork.TELEGRAM:
        return bool(_setting("COMMS_TELEGRAM_BOT_TOKEN") and _setting("COMMS_TELEGRAM_CHAT_ID"))
    return bool(_setting("COMMS_FACEBOOK_PAGE_TOKEN") and _setting("COMMS_FACEBOOK_PAGE_ID"))


def _message(publication: Publication) -> str:
    link = _setting("COMMS_SITE_URL") + reverse(
        "communications:item", args=[publication.centre.slug, publication.slug]
    )
    return f"{publication.title}\n\n{publication.lead}\n\n{link}".strip()


def social_posts_queue(publication: Publication) -> None:
    """The firing action "social": one post per network, sent after the commit."""
    for network in SocialNetwork.values:
        state = SocialPostState.QUEUED if _configured(network) else SocialPostState.MANUAL
        post, created = SocialPost.objects.get_or_create(
            publication=publication, network=network, defaults={"state": state}
        )
        if created and state == SocialPostState.QUEUED:
            transaction.on_commit(partial(social_post_deliver, post_id=post.pk))


def _post(url: str, data: dict[str, str]) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 — a setting
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return dict(json.loads(response.read()))
    except urllib.error.HTTPError as error:
        answer = json.loads(error.read() or b"{}")
        reason = answer.get("description") or answer.get("error", {}).get("message")
        raise RuntimeError(reason or f"HTTP {error.code}") from error


def _send(post: SocialPost) -> str:
    text = _message(post.publication)
    if post.network == SocialNetwork.TELEGRAM:
        base = _setting("COMMS_TELEGRAM_API_BASE", "https://api.telegram.org")
        token = _setting("COMMS_TELEGRAM_BOT_TOKEN")
        answer = _post(
            f"{base}/bot{token}/sendMessage",
            {"chat_id": _setting("COMMS_TELEGRAM_CHAT_ID"), "text": text},
        )
        return str(answer["result"]["message_id"])
    base = _setting("COMMS_FACEBOOK_API_BASE", "https://graph.facebook.com/v19.0")
    answer = _post(
        f"{base}/{_setting('COMMS_FACEBOOK_PAGE_ID')}/feed",
        {"message": text, "access_token": _setting("COMMS_FACEBOOK_PAGE_TOKEN")},
    )
    return str(answer["id"])


def social_post_deliver(*, post_id: int) -> str:
    """Send one queued post now and record the outcome; a post already published is left."""
    with transaction.atomic():
        post = (
            SocialPost.objects.select_for_update(skip_locked=True)
            .select_related("publication__centre")
            .filter(pk=post_id, state=SocialPostState.QUEUED)
            .first()
        )
        if post is None:
            return ""
        post.attempts += 1
        try:
            post.external_id = _send(post)
        except (OSError, RuntimeError, KeyError, ValueError) as error:
            post.state, post.error = SocialPostState.FAILED, str(error)[:500]
        else:
            post.state, post.error = SocialPostState.PUBLISHED, ""
        post.save(update_fields=["attempts", "external_id", "state", "error", "updated_at"])
        return str(post.state)


def social_posts_retry() -> int:
    """The daily job: send what is still queued (the worker was away). Returns how many."""
    pending = list(
        SocialPost.objects.filter(state=SocialPostState.QUEUED).values_list("pk", flat=True)
    )
    for pk in pending:
        social_post_deliver(post_id=pk)
    return len(pending)
