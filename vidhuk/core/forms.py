"""Form pieces every app shares.

`add_service_error` (and `ServiceErrorsMixin` for forms) puts a service's refusal on a form: on the
field it is about when the form has that field, else at the top of the error summary.

`ModelChoiceField` is Django's, its choices read as one plain query (see the class).

`shared_fields` and `SharedFieldsForm`: a public form's fields built once per process for what
they depend on (an appeal's kind and the language, a questionnaire's version read) and shared by
every form of that shape, instead of Django's deep copy of every field for every form.

`PeriodFilterForm` is a period filter of two optional dates, typed as 31.12.2026 or picked
(2026-12-31). Dates outside 2000–2100 are refused at the field: a filter with 9999-12-31 would
otherwise overflow when the end of its last day is computed.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def filter_date_field(label: Any, *, invalid: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={"invalid": invalid},
    )


class PeriodFilterForm(forms.Form):
    """Subclasses declare `date_from` and `date_to` with `filter_date_field`."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Вкажіть дату між 2000 і 2100 роком."))
                data.pop(name, None)
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Кінець періоду не може бути раніше його початку."))
        return data


class ListedChoiceIterator(ModelChoiceIterator):
    """A select's choices read as one plain query, once per form. Django's iterator reads them
    through ``QuerySet.iterator()``, which on PostgreSQL is a server-side cursor (DECLARE, FETCH
    and CLOSE: three round trips for a list that fits in one), again each time the choices are
    walked (a radio group walks them three times), and counts them with one more query. It reads
    the field's queryset only when walked, so a query given later (`give_query`) is not built
    by making it."""

    def __init__(self, field: Any) -> None:
        self.field = field

    # Read from the field when walked, not when the iterator is made.
    @property
    def queryset(self) -> Any:  # type: ignore[override]
        return self.field.queryset

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in listed_choices(self.field):
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(listed_choices(self.field)) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(listed_choices(self.field))


def listed_choices(field: forms.ModelChoiceField) -> list[Any]:  # type: ignore[type-arg]
    """The rows of the field's queryset, read once for this field (a form's own copy) and this
    queryset; setting another queryset reads again."""
    given = field.__dict__.get("_given_rows")
    if given is not None:
        return cast(list[Any], given)
    kept = field.__dict__.get("_listed_rows")
    if kept is None or kept[0] is not field.queryset:
        queryset = field.queryset
        kept = (queryset, list(queryset.all()) if queryset is not None else [])
        field.__dict__["_listed_rows"] = kept
    return kept[1]


def _fresh_copy(field: Any, memo: dict[int, Any], base: Any) -> Any:
    """A form's copy of the field, without the rows the original read (if it read any)."""
    result = base.__deepcopy__(field, memo)
    result.__dict__.pop("_listed_rows", None)
    result.__dict__.pop("_given_rows", None)
    return result


class ModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Choices by `ListedChoiceIterator`; a form's copy of the field reads its own rows.

    `give_rows` hands it rows already read (kept, say) instead of a queryset: its choices are
    those rows and a choice is checked against them, without a query. `give_query` hands it a
    function that makes its queryset, called only when the choices are listed or a choice is
    checked: a form sent without this field (most are) builds none."""

    iterator = ListedChoiceIterator

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return _fresh_copy(self, memo, forms.ModelChoiceField)

    def give_rows(self, rows: Sequence[Any]) -> None:
        self.__dict__["_given_rows"] = list(rows)
        self.queryset = None  # the widget's choices: these rows

    def give_query(self, build: Callable[[], Any]) -> None:
        self.__dict__.pop("_given_rows", None)  # the last given wins, rows or query
        self.queryset = None
        self.__dict__["_build_query"] = build

    def _get_queryset(self) -> Any:
        build = self.__dict__.pop("_build_query", None)
        if build is not None:
            self._queryset = build().all()
        return self._queryset

    def _set_queryset(self, queryset: Any) -> None:
        self.__dict__.pop("_build_query", None)
        forms.ModelChoiceField._set_queryset(self, queryset)  # type: ignore[attr-defined]

    queryset = property(_get_queryset, _set_queryset)

    def to_python(self, value: Any) -> Any:
        rows = self.__dict__.get("_given_rows")
        if rows is None:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        for row in rows:
            if str(getattr(row, key)) == str(value):
                return row
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """`ModelChoiceField`'s listed choices for several."""

    iterator = ListedChoiceIterator

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return _fresh_copy(self, memo, forms.ModelMultipleChoiceField)


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: on a field the form has, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
        return
    form.add_error(None, error)


class ServiceErrorsMixin:
    """`form.add_service_error(error)` for forms whose views call a service."""

    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(cast(forms.BaseForm, self), error)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one control; each is checked by its content afterwards (core/uploads.py:
    ``uploads_check``, called by the form's clean or the service)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [file for file in files if file]


SHARED_FIELDS_MAX = 128
_shared: OrderedDict[tuple[Any, ...], dict[str, forms.Field]] = OrderedDict()
_shared_lock = threading.Lock()


def shared_fields(
    key: tuple[Any, ...], build: Callable[[], dict[str, forms.Field]]
) -> dict[str, forms.Field]:
    """The fields `build` returns, built once per `key` in this process (the last
    SHARED_FIELDS_MAX keys) and shared by every form that asks with it. The key must name all
    they depend on, the language too when a text is translated as they are built. Nothing may
    change a shared field once built (a label, a queryset, its widget's choices): a form that
    must, copies that field first (`SharedFieldsForm.own_field`)."""
    with _shared_lock:
        built = _shared.get(key)
        if built is not None:
            _shared.move_to_end(key)
            return built
    built = build()
    with _shared_lock:
        _shared[key] = built
        while len(_shared) > SHARED_FIELDS_MAX:
            _shared.popitem(last=False)
    return built


class SharedFieldsForm(forms.Form):
    """A form whose fields are `shared_fields(self.fields_key(), self.build_fields)`: the
    class's fields are not deep-copied for each form. A subclass that shapes them overrides
    `build_fields` (starting from `copied_class_fields()`) and `fields_key`, and sets what
    `fields_key` reads before calling ``super().__init__``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.base_fields = {}  # type: ignore[misc]  # what Django deep-copies for each form: none
        try:
            super().__init__(*args, **kwargs)
        finally:
            del self.base_fields
        self.fields = dict(shared_fields(self.fields_key(), self.build_fields))

    def fields_key(self) -> tuple[Any, ...]:
        """What the fields depend on: by default the class alone."""
        return (type(self).__module__, type(self).__qualname__)

    def build_fields(self) -> dict[str, forms.Field]:
        """The class's fields, copied once; a subclass shapes them."""
        return self.copied_class_fields()

    @classmethod
    def copied_class_fields(cls) -> dict[str, forms.Field]:
        return copy.deepcopy(cls.base_fields)

    def own_field(self, name: str) -> forms.Field:
        """This form's own copy of a shared field, to change."""
        self.fields[name] = copy.deepcopy(self.fields[name])
        return self.fields[name]
