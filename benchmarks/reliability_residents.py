"""A resident's browser for benchmarks/reliability.py: opens the public feedback form, fills it
as a person would (with a unique marker in its text), waits the seconds the form stamp asks for,
and sends it, resending the same POST after a failure on the wire (as a reload does)."""

from __future__ import annotations

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
            if kind in ("hidden", "text", "email", "tel", "date", "number", "radio"):
                self.fields.setdefault(name, a.get("value", ""))
            elif kind == "checkbox":
                self.fields[name] = a.get("value", "on")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and a.get("value"):
            self.fields.setdefault(self._select, a["value"])

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


@dataclass
class Resident:
    address: str
    base: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 — http only
        request.add_header("X-Forwarded-For", self.address)
        request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def open_form(self, marker: str, email: str) -> tuple[str, dict[str, str]]:
        status, page = self.request(FORM_PATH)
        if status != 200:
            raise RuntimeError(f"form answered {status}")
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
                fields[name] = "Олена"
            elif ("address" in lowered or "residence" in lowered) and not fields[name]:
                fields[name] = "м. Вербівка, вул. Соборна, 1"
            elif name in ("text", "body", "message") or (not fields[name] and "text" in lowered):
                fields[name] = f"Відгук про чергу в офісі. Позначка {marker}."
        return reader.action or FORM_PATH, fields

    def submit(self, marker: str, email: str = "") -> str:
        """'saved', 'refused' (429) or 'error …'; resends the same POST after a wire failure."""
        for _attempt in range(3):
            try:
                action, fields = self.open_form(marker, email)
                break
            except (OSError, RuntimeError):
                time.sleep(1)
        else:
            return "error opening the form"
        time.sleep(STAMP_WAIT)
        outcome = "error"
        for _attempt in range(8):
            try:
                status, page = self.request(action, fields)
            except OSError as error:
                outcome = f"error {type(error).__name__}"
                time.sleep(1)
                continue
            if status in (302, 303):
                return "saved"
            if status == 429:
                return "refused"
            if status >= 500:
                outcome = f"error {status}"
                time.sleep(1)
                continue
            return f"error {status}: {_first_error(page)}"
        return outcome


def _first_error(page: str) -> str:
    found = re.search(r'class="govuk-error-message"[^>]*>(.*?)</', page, re.S)
    return " ".join(re.sub("<[^>]+>", " ", found.group(1)).split())[:120] if found else "?"
