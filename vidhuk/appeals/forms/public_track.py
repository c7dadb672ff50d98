"""Finding one's case without the tracker link: the registration index and the e-mail or phone
given in the appeal (issue 9). Shapes and messages only; the lookup is
`vidhuk.appeals.selectors.appeal_get_by_index_and_contact`."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..services import normalise_phone

# Said the same whether no case has the number or the contact does not match: guessing tells
# nothing about which cases exist.
NOT_FOUND = _(
    "Не знайшли звернення з таким номером і контактом. Перевірте номер і вкажіть ту саму "
    "електронну пошту чи телефон, що й у зверненні."
)

# A well-formed link or code that opens no case (mistyped, or of another centre).
LINK_NOT_FOUND = _(
    "За цим посиланням звернення не знайдено. Скопіюйте посилання з листа повністю або знайдіть "
    "звернення за номером і контактом."
)


class TrackByIndexForm(forms.Form):
    """The registration index and a contact; both go in the POST body, never in an address."""

    index = forms.CharField(
        label=_("Реєстраційний номер"),
        max_length=40,
        help_text=_("Наприклад, Ж-17/2026. Він є в листі-підтвердженні й на квитанції."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Вкажіть реєстраційний номер звернення.")},
    )
    contact = forms.CharField(
        label=_("Електронна пошта або телефон"),
        max_length=254,
        help_text=_("Ті, що ви вказали у зверненні."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Вкажіть електронну пошту або телефон зі звернення.")},
    )

    def clean_index(self) -> str:
        return "".join(self.cleaned_data["index"].split()).removeprefix("№")

    def clean_contact(self) -> str:
        contact = self.cleaned_data["contact"].strip()
        if "@" in contact:
            return contact.lower()
        try:
            return normalise_phone(contact)
        except ValidationError:
            raise ValidationError(
                _("Вкажіть електронну пошту (з «@») або номер телефону, наприклад 067 123 45 67."),
                code="invalid",
            ) from None

    @property
    def email(self) -> str:
        contact: str = self.cleaned_data["contact"]
        return contact if "@" in contact else ""

    @property
    def phone(self) -> str:
        contact: str = self.cleaned_data["contact"]
        return "" if "@" in contact else contact

    def refuse(self) -> None:
        """No such case, or the contact does not match: one message for both."""
        self.add_error("index", NOT_FOUND)


TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
# The mailed link holds the token in its query (`/track/?t=…`); older ones in the path.
_TRACK_IN_LINK = re.compile(r"/track/(?:\?(?:[^#]*&)?t=)?([A-Za-z0-9_-]+)/?(?:[?&#].*)?$")


class FindCaseForm(forms.Form):
    govuk_page_heading_field = "link"

    link = forms.CharField(
        label=_("Знайти своє звернення"),
        max_length=500,
        help_text=_(
            "Вставте посилання з листа-підтвердження або з екрана після надсилання — повністю "
            "або лише довгий код у його кінці."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Вставте посилання для відстеження.")},
    )

    def clean_link(self) -> str:
        text = "".join(self.cleaned_data["link"].split())
        found = _TRACK_IN_LINK.search(text)
        token = found.group(1) if found else text
        if not TOKEN_PATTERN.match(token):
            raise ValidationError(
                _(
                    "Це не схоже на посилання для відстеження. Скопіюйте його повністю з листа "
                    "або з екрана підтвердження."
                ),
                code="invalid",
            )
        return token
