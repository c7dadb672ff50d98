"""Model fields every database runs (PostgreSQL in production, SQLite for ``make run``)."""

from __future__ import annotations

from typing import Any

from django.db import models


class CodeListField(models.CharField):  # type: ignore[type-arg]
    """A short list of codes kept as one text, «,2,8,»: a list in Python, and any database finds
    the rows holding a code with ``<field>__contains=CodeListField.needle(code)``. Codes must not
    contain commas."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    @staticmethod
    def needle(code: str) -> str:
        return f",{code},"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> list[str]:
        return self.to_python(value)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            return [str(code) for code in value]
        if not value:
            return []
        return [code for code in str(value).strip(",").split(",") if code]

    def get_prep_value(self, value: Any) -> str:
        if isinstance(value, str):  # a lookup's needle, or the stored text itself
            return value
        codes = self.to_python(value)
        return f",{','.join(codes)}," if codes else ""

    def value_to_string(self, obj: Any) -> str:
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(
        self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any
    ) -> Any:
        return None  # edited through the app's own form, never as raw text
