"""Social networks (issue 13, point 7). The Telegram Bot API and the Facebook Graph API cannot
be reached from here, so a local stand-in HTTP server (stdlib http.server in a thread) answers
``/bot<token>/sendMessage`` and ``/<page-id>/feed`` as they do; the code calls it over HTTP
through the configurable API base addresses."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

from vidhuk.communications.firing import register_firing_action
from vidhuk.communications.models import PublicationState, SocialPost
from vidhuk.communications.services.publications import publication_publish
from vidhuk.communications.social import social_posts_queue

from .publication_factories import NOW, PublicationFactory

pytestmark = pytest.mark.django_db


class StandIn(BaseHTTPRequestHandler):
    received: list[tuple[str, dict]] = []
    facebook_fails = False

    def do_POST(self):  # noqa: N802 — http.server's name
        length = int(self.headers["Content-Length"])
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        StandIn.received.append((self.path, form))
        if self.path.endswith("/sendMessage"):
            self._answer(200, {"ok": True, "result": {"message_id": 42}})
        elif StandIn.facebook_fails:
            self._answer(400, {"error": {"message": "Invalid OAuth access token."}})
        else:
            self._answer(200, {"id": "1234_5678"})

    def _answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def networks(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    settings.COMMS_TELEGRAM_API_BASE = base
    settings.COMMS_FACEBOOK_API_BASE = base
    settings.COMMS_TELEGRAM_BOT_TOKEN = "123:abc"
    settings.COMMS_TELEGRAM_CHAT_ID = "@cnap_verbivka"
    settings.COMMS_FACEBOOK_PAGE_ID = "1234"
    settings.COMMS_FACEBOOK_PAGE_TOKEN = "page-token"
    StandIn.received, StandIn.facebook_fails = [], False
    yield StandIn
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _frozen_and_registered():
    register_firing_action("social", social_posts_queue, order=70)  # as extensions.py does
    with time_machine.travel(NOW, tick=False):
        yield


def _publish(centre, django_capture_on_commit_callbacks):
    publication = PublicationFactory(
        centre=centre, state=PublicationState.REVIEW, title="Новий графік", slug="hrafik"
    )
    with django_capture_on_commit_callbacks(execute=True):
        publication_publish(publication=publication, actor=None, now=NOW)
    return publication


def test_a_published_item_is_posted_to_telegram_and_facebook_once(
    centre, networks, django_capture_on_commit_callbacks
):
    publication = _publish(centre, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        social_posts_queue(publication)  # a second firing

    paths = [path for path, _form in networks.received]
    telegram = dict(networks.received)["/bot123:abc/sendMessage"]
    states = dict(SocialPost.objects.values_list("network", "state"))
    assert sorted(paths) == ["/1234/feed", "/bot123:abc/sendMessage"]
    assert telegram["chat_id"] == "@cnap_verbivka"
    assert telegram["text"].startswith("Новий графік")
    assert "/verbivka/news/hrafik/" in telegram["text"]
    assert states == {"telegram": "published", "facebook": "published"}
    assert SocialPost.objects.get(network="telegram").external_id == "42"


def test_a_refused_post_keeps_the_networks_reason(
    centre, networks, django_capture_on_commit_callbacks
):
    networks.facebook_fails = True

    _publish(centre, django_capture_on_commit_callbacks)

    facebook = SocialPost.objects.get(network="facebook")
    assert (facebook.state, facebook.error) == ("failed", "Invalid OAuth access token.")
    assert SocialPost.objects.get(network="telegram").state == "published"


def test_without_a_token_the_post_waits_for_manual_posting(
    centre, settings, django_capture_on_commit_callbacks
):
    settings.COMMS_TELEGRAM_BOT_TOKEN = ""
    settings.COMMS_FACEBOOK_PAGE_TOKEN = ""

    _publish(centre, django_capture_on_commit_callbacks)

    assert dict(SocialPost.objects.values_list("network", "state")) == {
        "telegram": "manual",
        "facebook": "manual",
    }


def test_staff_see_each_networks_status_and_reason(
    centre, networks, staff_client, django_capture_on_commit_callbacks
):
    client, _membership = staff_client("communications")
    networks.facebook_fails = True
    publication = _publish(centre, django_capture_on_commit_callbacks)

    html = client.get(f"/staff/verbivka/communications/press/{publication.pk}/").content.decode()

    assert "Telegram: <strong>Опубліковано</strong>" in html
    assert "Facebook: <strong>Помилка</strong> — Invalid OAuth access token." in html
