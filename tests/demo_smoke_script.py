"""Runs inside `manage.py shell` of the SQLite demo (tests/test_demo_smoke.py reads it as text).

A resident's browser through Django's test client: every form is fetched first and sent back with
what the page gave it (hidden fields, the form stamp, the submission key, checked radios), plus the
answers a person would choose. The form guard's minimum age is set to 0 here (a person needs
seconds, the test does not wait). Prints one JSON object on the last line.
"""

import json
import os
import re
from html import unescape
from html.parser import HTMLParser

from django.apps import apps
from django.test import Client

from vidhuk.appointments import forms as booking_forms
from vidhuk.core import formguard


def _guarded(form_class):
    yield form_class
    for subclass in form_class.__subclasses__():
        yield from _guarded(subclass)


for form_class in _guarded(formguard.GuardedForm):  # the booking form names its own minimum
    form_class.stamp_min_seconds = 0
booking_forms.FORM_MIN_SECONDS = 0
CENTRE = "/verbivka/"


class Forms(HTMLParser):
    """The page's forms: action, method, fields sent as they are, and the choices offered."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action", ""),
                    "method": a.get("method", "get").lower(),
                    "data": {},
                    "choices": {},
                    "text": [],
                }
            )
        if not self.forms:
            return
        form, name = self.forms[-1], a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                form["choices"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form["data"][name] = a.get("value", "on")
            elif kind != "submit":
                form["data"].setdefault(name, a.get("value", ""))
                if kind not in ("hidden",):
                    form["text"].append(name)
            elif name:
                form["choices"].setdefault(name, []).append(a.get("value", ""))
        elif tag == "textarea" and name:
            form["data"].setdefault(name, "")
            form["text"].append(name)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            form["choices"].setdefault(self._select, []).append(a.get("value", ""))
            if "selected" in a:
                form["data"][self._select] = a.get("value", "")
        elif tag == "button" and name:
            form["choices"].setdefault(name, []).append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(response) -> list[dict]:
    return Forms(response.content.decode()).forms


def post_form(client, response, form, answers=None, url=None):
    """Send `form` of the page `response` came from, as the browser would."""
    data = dict(form["data"])
    data.update(answers or {})
    return client.post(url or form["action"] or response.wsgi_request.path, data)


def summary(response) -> dict:
    html = response.content.decode() if hasattr(response, "content") else ""
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    errors = re.findall(r'class="govuk-error-message"[^>]*>(.*?)</', html, re.S)
    summary_box = re.findall(
        r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S
    )
    return {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "h1": unescape(re.sub(r"<[^>]+>", "", " ".join(h1.group(1).split()))) if h1 else None,
        "errors": [unescape(re.sub(r"<[^>]+>", "", " ".join(e.split()))) for e in errors]
        + [unescape(re.sub(r"<[^>]+>", " ", " ".join(s.split()))) for s in summary_box],
    }


def count(label: str) -> int:
    return apps.get_model(label).objects.count()


result: dict = {}
client = Client()


def follow(response):
    while response.status_code == 302:
        response = client.get(response["Location"])
    return response


def twice(page, form, answers, model):
    """The form sent twice (a double click): both answers, and how many records it made."""
    before = count(model)
    url = form["action"] or page.wsgi_request.path
    first = post_form(client, page, form, answers, url=url)
    second = post_form(client, page, form, answers, url=url)
    return first, second, count(model) - before


RESIDENT = {"name": "Олена Петренко", "email": "olena@example.org", "phone": "+380671234567"}

# (1) An appeal through the public e-appeal form: the group, the kind, who writes, the form.
page = client.get(CENTRE + "appeals/")
step = post_form(client, page, forms_of(page)[0], {"group": "appeal"})
page = client.get(step["Location"])
step = post_form(client, page, forms_of(page)[0], {"kind": "proposal"})
page = client.get(step["Location"])
step = post_form(client, page, forms_of(page)[0], {"identity": "named"})
page = client.get(step["Location"])
form = forms_of(page)[0]
form["data"].pop("attachments", None)  # no file chosen: the browser sends no part
first, second, made = twice(
    page,
    form,
    {
        "full_name": RESIDENT["name"],
        "email": RESIDENT["email"],
        "consent": "on",
        "address": "м. Вербівка, вул. Садова, 1",
        "office": form["choices"]["office"][1],
        "text": "Пропоную поставити лавки біля входу до центру: люди чекають стоячи.",
    },
    "appeals.Appeal",
)
sent = client.get(first["Location"]) if first.status_code == 302 else first
track_links = re.findall(
    r'href="(?:http://testserver)?(/[^"]*/appeals/track/\?t=[^"]+)"', sent.content.decode()
)
tracker = client.get(unescape(track_links[0])) if track_links else None
result["appeal"] = {
    "form": summary(page),
    "first": summary(first),
    "second": summary(second),
    "made": made,
    "sent": summary(sent),
    "tracker": summary(tracker) if tracker else None,
}
# The case's number, as the tracker heads it (№ О-13/2026), is on the receipt too.
reference = (result["appeal"]["tracker"] or {}).get("h1") or "—"
result["appeal"]["reference"] = reference.removeprefix("№ ")
result["appeal"]["reference_on_sent"] = reference.removeprefix("№ ") in sent.content.decode()

# (2) The demo's public visitor survey: the first answer of every question.
page = client.get(CENTRE + "survey/visitor-survey/")
form = forms_of(page)[0]
answers = {name: values[0] for name, values in form["choices"].items()}
answers["q_improve"] = "Більше місць для очікування."
first, second, made = twice(page, form, answers, "surveys.Response")
result["survey"] = {
    "form": summary(page),
    "first": summary(first),
    "second": summary(second),
    "made": made,
    "thanks": summary(follow(first)),
}

# (3) A ticket at the kiosk: the browser set up with the demo's kiosk code, then two taps.
code = os.environ.get("DEMO_KIOSK_CODE", "")
page = client.get(CENTRE + "queue/device/", {"code": code})
setup = post_form(client, page, forms_of(page)[0], url=CENTRE + "queue/device/")
kiosk_url = setup.get("Location", "")
start = client.get(kiosk_url) if kiosk_url else setup
page = client.get(kiosk_url, {"purpose": "consultation"}) if kiosk_url else setup
kiosk_forms = [f for f in forms_of(page) if "service" in f["choices"]]
if kiosk_forms:
    form = kiosk_forms[0]
    first, second, made = twice(
        page, form, {"service": form["choices"]["service"][1]}, "queue.Ticket"
    )
    issued = client.get(first["Location"]) if first.status_code == 302 else first
else:
    first = second = issued = page
    made = 0
result["kiosk"] = {
    "setup": summary(setup),
    "start": summary(start),
    "services": summary(page),
    "first": summary(first),
    "second": summary(second),
    "made": made,
    "issued": summary(issued),
    "board": kiosk_url + "board/",
}

# (4) A visit booked through the public steps: a service, an office, the first day and time.
page = follow(client.get(CENTRE + "booking/"))
steps = [summary(page)]
form = None
for _ in range(6):
    form = next(f for f in forms_of(page) if f["method"] == "post" or f["choices"])
    if form["method"] == "post":
        break
    name, values = next(iter(form["choices"].items()))
    page = follow(
        client.get(form["action"] or page.wsgi_request.path, {**form["data"], name: values[0]})
    )
    steps.append(summary(page))
first, second, made = twice(page, form, RESIDENT, "appointments.Appointment")
result["booking"] = {
    "steps": steps,
    "first": summary(first),
    "second": summary(second),
    "made": made,
    "booked": summary(follow(first)),
}

# (5) The public pages that read what was written.
result["pages"] = {
    name: summary(client.get(url))
    for name, url in {
        "board": result["kiosk"]["board"],
        "booking": CENTRE + "booking/",
        "results": CENTRE + "survey/visitor-survey/results/",
        "home": CENTRE,
    }.items()
}
results = client.get(CENTRE + "survey/visitor-survey/results/").content.decode()
result["respondents"] = re.findall(r"Відповіли (\d+)", results)[:1]
print(json.dumps(result, ensure_ascii=False))
