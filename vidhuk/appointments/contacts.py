"""Contacts of a booking: a phone normalised with ``phonenumbers`` (region UA) and the HMAC keys
under which the per-person limit counts visits without keeping a second copy of the contact."""

from __future__ import annotations

import hashlib
import hmac

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_phone(value: str) -> str:
    """The phone in E.164 (+380…); a ``ValidationError`` for anything that is not a valid number."""
    value = value.strip()
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
    return hmac.new(
        settings.SECRET_KEY.encode(), f"booking-contact:{value.lower()}".encode(), hashlib.sha256
    ).hexdigest()
