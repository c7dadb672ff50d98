"""Long free text with a limit that is said, not enforced by cutting.

A browser's ``maxlength`` counts UTF-16 units (an emoji is two) and silently cuts a paste at the
limit, so a 25,000-character complaint arrived as 20,000 with no word to the resident. The limit is
checked on the server in characters, the field keeps everything typed, and the hint tells the
limit before anything is sent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class LongTextField(forms.CharField):
    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages["max_length"] = _(
            "Текст задовгий: %(show_value)s символів, можна до %(limit_value)s. Скоротіть його "
            "або перенесіть частину у вкладення — нічого з написаного не втрачено."
        )

    @property
    def limit_hint(self) -> Any:
        # Grouped with a no-break space, as Ukrainian writes thousands: «20 000».
        limit = f"{self.max_length or 0:,}".replace(",", "\u00a0")
        return format_lazy(_("До {limit} символів."), limit=limit)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # never cut by the browser: the server says it instead
        return attrs
