"""A resident's browser for benchmarks/reliability.py: opens the public feedback form, fills it
as a person would (with a unique marker in its text), waits the seconds the form stamp asks for,
and sends it, resending the same POST after a failure on the wire or a 5xx (as a reload does)."""

from __future__ import annotations

import html
import html.parser
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

CENTRE = "verbivka"
FORM_PATH = f"/{CENTRE}/appeals/new/quality_remark/"
STAMP_WAIT = 3.3  # the form stamp refuses a form sent back within 3 s
# After a failure on the wire or a 5xx the resident reloads (the form page, or resends the same
# POST): sooner at first, then every 5 s, for about 40 s in all; then they give up.
RELOAD_PAUSES = (1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 0)


class _FormReader(html.parser.HTMLParser):
    """The fields of the page's main form, filled as a resident would fill them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.action = ""
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if (
            tag == "form"
            and a.get("method", "").lower() == "post"
            and "setlang" not in a.get("action", "")
        ):
            self._in_form, self.action = True, a.get("action", "")
        if not self._in_form:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("hidden", "text", "email", "tel", "date", "number"):
                self.fields.setdefault(name, a.get("value", ""))
            elif kind == "checkbox" and name == "consent":  # the optional questions stay blank
                self.fields[name] = a.get("value", "on")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            self.fields.setdefault(self._select, a.get("value", ""))  # "not stated" comes first

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class _BehindTLS(http.cookiejar.DefaultCookiePolicy):
    """The production profile marks cookies Secure; the browser talks HTTPS to nginx, which
    talks plain HTTP to gunicorn (X-Forwarded-Proto: https), so the cookies do come back."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return True


@dataclass
class Resident:
    address: str
    base: str
    jar: http.cookiejar.CookieJar = field(
        default_factory=lambda: http.cookiejar.CookieJar(policy=_BehindTLS())
    )
    failed_attempts: int = 0  # requests that met a dead server or a 5xx, before any retry

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 — http only
        request.add_header("X-Forwarded-For", self.address)  # as nginx appends it
        request.add_header("X-Forwarded-Proto", "https")
        request.add_header("Referer", self.base.replace("http://", "https://") + FORM_PATH)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:  # a redirect, 4xx or 5xx
            location = error.headers.get("Location", "")
            return error.code, location or error.read().decode(errors="replace")

    def open_form(self, marker: str, email: str) -> tuple[str, dict[str, str]]:
        status, page = self.request(FORM_PATH)
        if status != 200:
            raise RuntimeError(f"form answered {status}: {_first_error(page)}")
        reader = _FormReader()
        reader.feed(page)
        fields = reader.fields
        for name in list(fields):
            lowered = name.lower()
            if "email" in lowered:
                fields[name] = email
            elif "phone" in lowered or name == "website":  # `website` is the honeypot
                fields[name] = ""
            elif lowered.endswith("name") and not fields[name]:
                fields[name] = "Коваль Олена Петрівна"
            elif ("address" in lowered or "residence" in lowered) and not fields[name]:
                fields[name] = "м. Вербівка, вул. Соборна, 1"
            elif name in ("text", "body", "message") or (not fields[name] and "text" in lowered):
                fields[name] = f"Відгук про чергу в офісі. Позначка {marker}."
        return reader.action or FORM_PATH, fields

    def submit(self, marker: str, email: str = "") -> str:
        """'saved', 'refused' (429) or 'error …'; reloads the form page, and resends the same
        POST, after a failure on the wire or a 5xx."""
        why = ""
        for pause in RELOAD_PAUSES:
            try:
                action, fields = self.open_form(marker, email)
                break
            except (OSError, RuntimeError) as error:
                self.failed_attempts += 1
                why = str(error) if isinstance(error, RuntimeError) else type(error).__name__
                time.sleep(pause)
        else:
            return f"error opening the form ({why})"
        time.sleep(STAMP_WAIT)
        outcome = "error"
        for pause in RELOAD_PAUSES:
            try:
                status, page = self.request(action, fields)
            except OSError as error:
                self.failed_attempts += 1
                outcome = f"error {type(error).__name__}"
                time.sleep(pause)
                continue
            if status in (302, 303):  # the body is the Location here
                return "saved" if page.endswith("/appeals/sent/") else f"error redirect {page}"
            if status == 429:
                return "refused"
            if status >= 500:
                self.failed_attempts += 1
                outcome = f"error {status}"
                time.sleep(pause)
                continue
            return f"error {status}: {_first_error(page)}"
        return outcome


def _first_error(page: str) -> str:
    """The first item of the form's error summary (or of a field's message), as text."""
    found = re.search(r'govuk-error-summary__list">\s*<li>(.*?)</li>', page, re.S) or re.search(
        r'class="govuk-error-message"[^>]*>(.*?)</p>', page, re.S
    )
    if not found:
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        return " ".join(title.group(1).split())[:120] if title else "?"
    return html.unescape(" ".join(re.sub("<[^>]+>", " ", found.group(1)).split()))[:160]
