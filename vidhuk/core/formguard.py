"""The abuse checks of a public form, defined once (core/antiabuse.py has the parts).

`GuardedForm` is the base of every form a resident sends without an account — an appeal, a
booking's contact, a questionnaire, a registration for a hearing. It carries three fields:

- ``submission_key``: a random key issued with the form, so a double submit is the same form and
  the service makes one record of it;
- ``form_stamp``: a signed note of when and to which client the form was shown; a form sent back
  within seconds, a day later, from another connection, or a stamp replayed with other data is
  refused with a message saying so (checked only when nothing else is wrong: a person correcting
  mistakes needs no more);
- ``website``: the honeypot, hidden from people (see each template), that scripts fill in.

A subclass names its stamp's salt (``stamp_salt``) and calls `guard_clean()` at the end of its
``clean``. `refresh_stamp()` gives a re-shown form a new stamp, so a refused person can simply
send again.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django import forms
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import antiabuse
from .pageholes import hole

# A person needs more than this to read and fill in a form; a script does not (issue 3, §7).
FORM_MIN_SECONDS = 3
# A form left open longer than this is refused and re-issued, so a signed stamp cannot be reused.
FORM_MAX_SECONDS = 24 * 60 * 60

FORM_MESSAGES: dict[str, Promise] = {
    "honeypot": _(
        "Форму не надіслано: заповнено службове поле, яке має лишатися порожнім. "
        "Якщо ви людина, очистьте поле «Залиште це поле порожнім» і надішліть ще раз."
    ),
    "stale": _(
        "Форма застаріла: її відкрили понад добу тому. Перевірте відповіді й надішліть ще раз."
    ),
    "fast": _(
        "Форму надіслано надто швидко — так роблять автоматичні програми. Перевірте "
        "відповіді й надішліть ще раз."
    ),
}
QUESTIONNAIRE_MESSAGES: dict[str, Promise] = {
    "honeypot": _(
        "Анкету не надіслано: заповнено службове поле, яке має лишатися порожнім. "
        "Якщо ви людина, очистьте поле «Залиште це поле порожнім» і надішліть ще раз."
    ),
    "stale": _(
        "Анкета застаріла: її відкрили понад добу тому. Перевірте відповіді й надішліть ще раз."
    ),
    "fast": _(
        "Анкету надіслано надто швидко — так роблять автоматичні програми. "
        "Перевірте відповіді й надішліть ще раз."
    ),
}


class GuardedForm(forms.Form):
    stamp_salt: ClassVar[str] = ""
    stamp_min_seconds: ClassVar[int] = FORM_MIN_SECONDS
    guard_messages: ClassVar[dict[str, Promise]] = FORM_MESSAGES

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    form_stamp = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Залиште це поле порожнім"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(
        self,
        *args: Any,
        client: str = "",
        check_timing: bool = True,
        rate: antiabuse.RateTake | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        if not self.stamp_salt:
            raise TypeError(f"{type(self).__name__} names no stamp_salt")
        self.client = client  # antiabuse.client_address: the stamp is bound to it
        # The client's rate-limit count, taken with the stamp once nothing else is wrong:
        # `rate_taken` then (give it back if nothing is saved), `over_rate_limit` past it.
        if rate is not None and not check_timing:
            raise TypeError("a rate limit is taken with the stamp: check_timing must be on")
        self.rate = rate
        self.rate_taken = self.over_rate_limit = False
        # Staff previews and typed-in paper forms check the answers only.
        self.check_timing = check_timing
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        self.initial["form_stamp"] = self.issue_stamp(client=client)

    @classmethod
    def issue_stamp(cls, *, client: str = "") -> str:
        return antiabuse.issue_form_stamp(salt=cls.stamp_salt, client=client)

    @classmethod
    def stamp_age(cls, stamp: str) -> float | None:
        """Seconds since the form was shown, or None when missing, forged or too old."""
        return antiabuse.form_stamp_age(stamp, salt=cls.stamp_salt, max_age=FORM_MAX_SECONDS)

    def guard_clean(self) -> None:
        if self.cleaned_data.get("website"):
            self.add_error(None, str(self.guard_messages["honeypot"]))
        if self.check_timing and not self.errors:
            self._check_stamp()

    def _check_stamp(self) -> None:
        stamp = self.cleaned_data.get("form_stamp", "")
        age = self.stamp_age(stamp)
        if age is None:
            self.add_error(None, str(self.guard_messages["stale"]))
        elif age < self.stamp_min_seconds:
            self.add_error(None, str(self.guard_messages["fast"]))
        else:  # good once, for one submission key, from the client it was shown to
            checked = antiabuse.form_stamp_check(
                stamp,
                salt=self.stamp_salt,
                max_age=FORM_MAX_SECONDS,
                client=self.client,
                once_for=str(self.cleaned_data.get("submission_key", "")),
                rate=self.rate,
            )
            self.rate_taken, self.over_rate_limit = checked.rate_taken, checked.over_rate_limit
            if checked.refusal:
                self.add_error(None, checked.refusal)

    def open_page_holes(self) -> None:
        """The key and the stamp as holes (vidhuk/core/pageholes.py): for a page kept in the
        page cache, each visitor's answer gets its own, filled in as the page goes out."""
        self.initial["submission_key"] = hole("uuid")
        self.initial["form_stamp"] = hole("form-stamp", self.stamp_salt)

    def refresh_stamp(self) -> None:
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix("form_stamp")] = self.issue_stamp(client=self.client)
        self.data = data
