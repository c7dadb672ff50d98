"""Form fields that read numbers and dates in ASCII digits only.

Python's ``int()`` and ``strptime`` take any Unicode decimal digit («٣», «３») and ``isdigit()``
passes «²», which ``int()`` refuses: a form field built on them either picks a record by a
number the resident never typed or fails with a 500. Every number booking reads from a request
goes through one of these fields or ``is_ascii_number``.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model

from vidhuk.core.forms import ModelChoiceField, ModelMultipleChoiceField

_ASCII_INTEGER = re.compile(r"[+-]?[0-9]+")


def is_ascii_number(value: object) -> bool:
    """True for a non-negative whole number written in ASCII digits only («0930», «12»)."""
    text = str(value)
    return text.isascii() and text.isdigit()


class AsciiIntegerField(forms.IntegerField):
    def to_python(self, value: Any) -> int | None:
        if (
            value not in self.empty_values
            and not isinstance(value, int)
            and not _ASCII_INTEGER.fullmatch(str(value).strip())
        ):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class AsciiDateField(forms.DateField):
    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and not value.isascii():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class AsciiModelChoiceField(ModelChoiceField):
    """A choice by primary key: only ASCII digits can name one."""

    def to_python(self, value: Any) -> Any:
        if (
            value not in self.empty_values
            and not isinstance(value, Model)
            and not is_ascii_number(value)
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class AsciiModelMultipleChoiceField(ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for item in value:
            if not is_ascii_number(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)  # type: ignore[misc]
