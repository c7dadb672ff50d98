"""The board's filter form: office, service, topic and state, sent by GET (works without
JavaScript). A value that is not among the choices is dropped with a message, never an error
page: an old bookmarked address still opens the board."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import Centre

from ..selectors.public import (
    OVERDUE,
    PUBLIC_STATES,
    BoardFilters,
    board_offices,
    board_services,
    board_topics,
)


class BoardFilterForm(forms.Form):
    office = forms.TypedChoiceField(label=_("Офіс"), required=False, coerce=int, empty_value=None)
    service = forms.TypedChoiceField(
        label=_("Послуга"), required=False, coerce=int, empty_value=None
    )
    topic = forms.ChoiceField(label=_("Тема"), required=False)
    state = forms.ChoiceField(label=_("Стан"), required=False)

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything: list[tuple[str, Any]] = [("", _("Усі"))]
        choices: dict[str, list[tuple[str, Any]]] = {
            "office": [(str(o.pk), o.name) for o in board_offices(centre=centre)],
            "service": [(str(s.pk), s.name) for s in board_services(centre=centre)],
            "topic": [(t, t) for t in board_topics(centre=centre)],
            "state": [
                (OVERDUE, _("Прострочені")),
                *[(state.value, state.label) for state in PUBLIC_STATES],
            ],
        }
        for name, options in choices.items():
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                field.choices = everything + options

    def filters(self) -> BoardFilters:
        """The valid filters; an invalid field counts as not chosen."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return BoardFilters(
            office_id=data.get("office"),
            service_id=data.get("service"),
            topic=data.get("topic") or "",
            state=data.get("state") or "",
        )
