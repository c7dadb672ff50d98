"""Input shape and messages of booking: the resident's steps, staff booking, schedules."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dates import MONTHS_ALT, WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vidhuk.catalog.models import Service
from vidhuk.core.choices import Weekday
from vidhuk.core.formguard import GuardedForm
from vidhuk.core.forms import ServiceErrorsMixin
from vidhuk.core.models import Office

from .contacts import normalise_phone
from .fields import (
    AsciiDateField,
    AsciiIntegerField,
    AsciiModelChoiceField,
    AsciiModelMultipleChoiceField,
)
from .schedule import Slot

FORM_STAMP_SALT = "vidhuk.appointments.form"
FORM_MIN_SECONDS = 2
INVALID_CHOICE = _("Оберіть один із варіантів у списку.")
CONTACT_REQUIRED = _("Вкажіть телефон або електронну пошту, щоб ми могли з вами зв’язатися.")


def day_label(day: dt.date, free: int | None = None) -> str:
    # date_format(day, "l, j E") without the format's parsing (a page labels a month of days)
    # (the first letter up only: str.capitalize() would lower the English month, «2 march»)
    label = f"{WEEKDAYS[day.weekday()]}, {day.day} {MONTHS_ALT[day.month]}"
    label = label[:1].upper() + label[1:]
    if free is None:
        return label
    count = ngettext("%(count)s вільне місце", "%(count)s вільних місць", free) % {"count": free}
    return f"{label} — {count}"


def time_label(slot: Slot) -> str:
    return f"{slot.local_start:%H:%M}"


class ServiceChoiceForm(forms.Form):
    govuk_page_heading_field = "service"

    service = AsciiModelChoiceField(
        label=_("На яку послугу ви хочете записатися?"),
        queryset=Service.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Оберіть послугу."), "invalid_choice": INVALID_CHOICE},
    )

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class OfficeChoiceForm(forms.Form):
    govuk_page_heading_field = "office"

    office = AsciiModelChoiceField(
        label=_("До якого офісу вам зручніше прийти?"),
        queryset=Office.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Оберіть офіс."), "invalid_choice": INVALID_CHOICE},
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        field.queryset = offices  # type: ignore[attr-defined]
        field.label_from_instance = lambda office: f"{office.name} — {office.address}"  # type: ignore[attr-defined]


class DayChoiceForm(forms.Form):
    govuk_page_heading_field = "day"

    day = forms.ChoiceField(
        label=_("Оберіть день"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Оберіть день візиту."), "invalid_choice": INVALID_CHOICE},
    )

    def __init__(
        self,
        *args: Any,
        days: list[tuple[dt.date, int]],
        bounds: tuple[dt.date, dt.date] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.bounds = bounds
        self.fields["day"].choices = [  # type: ignore[attr-defined]
            (day.isoformat(), day_label(day, free)) for day, free in days
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refusal = self._out_of_range(str(self.data.get("day", "")))
        if refusal and "day" in self.errors:
            self.errors["day"] = self.error_class([refusal])
        return data

    def _out_of_range(self, value: str) -> str:
        """Why a day from an old link or a typed address cannot be booked, in plain words."""
        if self.bounds is None:
            return ""
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return ""
        first, last = self.bounds
        if day < first:
            return str(_("Цей день уже минув. Оберіть один із днів у списку."))
        if day > last:
            return str(
                _(
                    "Так далеко наперед записатися не можна: останній день для запису — "
                    "%(last)s. Оберіть один із днів у списку."
                )
                % {"last": date_format(last, "j E Y")}
            )
        return ""


class TimeChoiceForm(forms.Form):
    govuk_page_heading_field = "time"

    time = forms.ChoiceField(
        label=_("Оберіть час"),
        widget=forms.RadioSelect(attrs={"class": "vd-booking-time__input"}),
        error_messages={"required": _("Оберіть час візиту."), "invalid_choice": INVALID_CHOICE},
    )

    def __init__(self, *args: Any, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time"].choices = [  # type: ignore[attr-defined]
            (f"{slot.local_start:%H%M}", time_label(slot)) for slot in slots
        ]


class ContactForm(ServiceErrorsMixin, GuardedForm):
    """Who comes: a name and a phone or an e-mail. Checked against bots as the appeals form is:
    a signed stamp of when it was shown and a field people leave empty."""

    stamp_salt = FORM_STAMP_SALT
    stamp_min_seconds = FORM_MIN_SECONDS

    name = forms.CharField(
        label=_("Ваше ім’я"),
        max_length=150,
        help_text=_("Як до вас звертатися. Достатньо імені."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Вкажіть ваше ім’я.")},
    )
    phone = forms.CharField(
        label=_("Телефон"),
        max_length=32,
        required=False,
        help_text=_("Наприклад, 067 123 45 67."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Електронна пошта"),
        required=False,
        help_text=_("Надішлемо підтвердження, файл для календаря і нагадування напередодні."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Введіть адресу електронної пошти, наприклад name@example.com.")
        },
    )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        contacts_typed = "phone" in self.errors or "email" in self.errors
        if not contacts_typed and not data.get("phone") and not data.get("email"):
            # Said once, at the phone, and shown together with any other error of the form.
            self.add_error("phone", CONTACT_REQUIRED)
        self.guard_clean()
        return data


class StaffFindForm(forms.Form):
    """The staff booking's first step: service, office and day (a GET form)."""

    service = AsciiModelChoiceField(
        label=_("Послуга"),
        queryset=Service.objects.none(),
        empty_label=_("Оберіть послугу"),
        error_messages={"required": _("Оберіть послугу."), "invalid_choice": INVALID_CHOICE},
    )
    office = AsciiModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        empty_label=_("Оберіть офіс"),
        error_messages={"required": _("Оберіть офіс."), "invalid_choice": INVALID_CHOICE},
    )
    day = AsciiDateField(
        label=_("День"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Вкажіть день."),
            "invalid": _("Вкажіть дату у форматі рррр-мм-дд."),
        },
    )

    def __init__(
        self, *args: Any, services: QuerySet[Service], offices: QuerySet[Office], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        service, office = data.get("service"), data.get("office")
        if service and office and not office.windows.filter(services=service, is_active=True):
            self.add_error("office", _("У цьому офісі немає вікна для цієї послуги."))
        return data


class StaffBookingForm(ContactForm):
    """Staff book for a phone caller: the time and the caller's contacts; no timing check."""

    field_order = ["time", "name", "phone", "email"]

    time = forms.ChoiceField(
        label=_("Час"),
        widget=forms.RadioSelect(attrs={"class": "vd-booking-time__input"}),
        error_messages={"required": _("Оберіть час візиту."), "invalid_choice": INVALID_CHOICE},
    )

    def __init__(self, *args: Any, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, check_timing=False, **kwargs)
        self.fields["time"].choices = [  # type: ignore[attr-defined]
            (f"{slot.local_start:%H%M}", time_label(slot)) for slot in slots
        ]
        self.fields["name"].label = _("Ім’я відвідувача")
        self.fields["name"].help_text = ""
        self.fields["phone"].label = _("Телефон відвідувача")


class DayForm(forms.Form):
    """The staff day schedule's filter (GET)."""

    office = AsciiModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    day = AsciiDateField(
        label=_("День"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Вкажіть дату у форматі рррр-мм-дд.")},
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]


class StaffMoveDayForm(forms.Form):
    day = AsciiDateField(
        label=_("Новий день"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Вкажіть день."),
            "invalid": _("Вкажіть дату у форматі рррр-мм-дд."),
        },
    )


# --- schedules ----------------------------------------------------------------------------------

_INTERVAL = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$", re.ASCII)


def parse_intervals(value: str) -> list[tuple[dt.time, dt.time]]:
    """«09:00–13:00, 14:00–18:00» → two intervals; a ``ValidationError`` in plain words."""
    intervals = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;]", value))):
        match = _INTERVAL.match(part)
        try:
            if match is None:
                raise ValueError
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            starts, ends = dt.time(h1, m1), dt.time(h2, m2)
        except ValueError:
            raise ValidationError(
                _("Запишіть час як «09:00–13:00», кілька інтервалів — через кому.")
            ) from None
        if ends <= starts:
            raise ValidationError(
                _("Кінець інтервалу має бути пізніше за початок: %(part)s.") % {"part": part}
            )
        intervals.append((starts, ends))
    ordered = sorted(intervals)
    for (_s1, e1), (s2, _e2) in zip(ordered, ordered[1:], strict=False):
        if s2 < e1:
            raise ValidationError(_("Інтервали не мають перетинатися."))
    return ordered


def format_intervals(intervals: list[tuple[dt.time, dt.time]]) -> str:
    return ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in intervals)


class WeekTemplateForm(forms.Form):
    """Seven lines, Monday to Sunday: the day's intervals; empty — no visits that day."""

    def __init__(self, *args: Any, week: dict[int, list[tuple[dt.time, dt.time]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for weekday in Weekday:
            self.fields[f"day_{weekday.value}"] = forms.CharField(
                label=weekday.label,
                required=False,
                max_length=200,
                initial=format_intervals(week.get(weekday.value, [])),
                widget=forms.TextInput(attrs={"spellcheck": "false"}),
            )
        self.fields["day_0"].help_text = _(
            "Наприклад, «09:00–13:00, 14:00–18:00» — перерва з 13 до 14. Порожньо — не приймає."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.week: dict[int, list[tuple[dt.time, dt.time]]] = {}
        for weekday in Weekday:
            name = f"day_{weekday.value}"
            if name in self.errors:
                continue
            try:
                self.week[weekday.value] = parse_intervals(data.get(name, ""))
            except ValidationError as error:
                self.add_error(name, error)
        return data


class WindowForm(forms.Form):
    number = forms.CharField(
        label=_("Номер вікна"),
        max_length=10,
        error_messages={"required": _("Вкажіть номер вікна.")},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    label = forms.CharField(
        label=_("Назва"),
        max_length=120,
        required=False,
        help_text=_("Необов’язково, наприклад «Реєстрація місця проживання»."),
    )
    services = AsciiModelMultipleChoiceField(
        label=_("Послуги, які надають у цьому вікні"),
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    is_active = forms.BooleanField(label=_("Вікно працює"), required=False, initial=True)

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = services  # type: ignore[attr-defined]


class ServiceBookingForm(forms.Form):
    slot_minutes = AsciiIntegerField(
        label=_("Тривалість прийому, хвилин"),
        min_value=5,
        max_value=240,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": _("Вкажіть тривалість прийому."),
            "invalid": _("Вкажіть ціле число хвилин."),
            "min_value": _("Щонайменше 5 хвилин."),
            "max_value": _("Щонайбільше 240 хвилин."),
        },
    )
    is_bookable_online = forms.BooleanField(
        label=_("Можна записатися на сайті"),
        required=False,
        help_text=_("Якщо зняти позначку, записують лише працівники центру телефоном."),
    )


class PolicyForm(forms.Form):
    horizon_days = AsciiIntegerField(
        label=_("На скільки днів наперед можна записатися"),
        min_value=1,
        max_value=180,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    min_notice_minutes = AsciiIntegerField(
        label=_("Найменше часу до візиту, хвилин"),
        min_value=0,
        max_value=7 * 24 * 60,
        help_text=_("Запис на сайті закривається за стільки хвилин до початку."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    max_upcoming_per_contact = AsciiIntegerField(
        label=_("Найбільше майбутніх записів на один телефон чи адресу"),
        min_value=1,
        max_value=20,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    retention_days = AsciiIntegerField(
        label=_("Скільки днів після візиту зберігати ім’я та контакти"),
        min_value=1,
        max_value=3650,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )


def combine_time(day: dt.date, value: str) -> dt.datetime:
    """«0930» on ``day`` → an aware datetime in Kyiv."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(int(value[:2]), int(value[2:]))))
