"""Contacts of a booking: a phone normalised with ``phonenumbers`` (region UA) and the HMAC keys
under which the per-person limit counts visits without keeping a second copy of the contact."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from vidhuk.core.tokens import token_digest

# Notes people add to a number: «(дом.)», «моб.», «дод. 12», «вн. 3», «ext. 4». A note in
# brackets holds no digit (so «(067)» stays); an extension comes last. E.164 keeps no extension.
_NOTE_IN_BRACKETS = re.compile(r"\([^()0-9]*\)")
_EXTENSION = re.compile(
    r"[\s,;]*\(?\s*(?:дод|доб|вн|внутр|ext|x)\.?\s*[0-9]+\s*\)?\s*$", re.IGNORECASE
)
_NOTE_WORD = re.compile(
    r"(?<![^\W\d_])(?:дом|домашній|моб|мобільний|роб|робочий|тел|телефон)(?![^\W\d_])\.?:?",
    re.IGNORECASE,
)


def strip_phone_notes(value: str) -> str:
    """«067 123 45 67 (дом.)» → «067 123 45 67»; «044 123 45 67, дод. 12» → «044 123 45 67»."""
    value = _NOTE_IN_BRACKETS.sub(" ", value)
    value = _EXTENSION.sub("", value)
    value = _NOTE_WORD.sub(" ", value)
    return " ".join(value.split()).strip(" ,;:-")


def normalise_phone(value: str) -> str:
    """The phone in E.164 (+380…); a ``ValidationError`` for anything that is not a valid number.
    Notes beside the number (see ``strip_phone_notes``) are dropped first."""
    value = strip_phone_notes(value)
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "UA")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Введіть номер телефону повністю, наприклад 067 123 45 67 або +380 67 123 45 67."),
            code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str) -> str:
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "UA")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def contact_key(value: str) -> str:
    if not value:
        return ""
    return token_digest("booking-contact", value.lower(), key_in_message=True)
