from typing import cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vidhuk.core.choices import AuditAction, Weekday
from vidhuk.core.models import Centre, Office


class CentreForm(forms.ModelForm):
    class Meta:
        model = Centre
        fields = ["name", "hromada", "oblast", "edrpou", "address", "phones", "email", "website",
                  "description"]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = ["name", "slug", "kind", "address", "phone", "email", "accessibility",
                  "directions", "latitude", "longitude", "position", "is_active"]  # fmt: skip
        widgets = {
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "directions": forms.Textarea(attrs={"rows": 3}),
        }


class HoursForm(forms.Form):
    """The week as up to two intervals a day (a lunch break splits the day)."""

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        existing: dict[int, list] = {d: [] for d in Weekday.values}
        for interval in office.hours.all():
            existing[interval.weekday].append(interval)
        for day in Weekday:
            for part in (1, 2):
                intervals = existing[day.value]
                current = intervals[part - 1] if len(intervals) >= part else None
                for edge, label in (("opens", _("з")), ("closes", _("до"))):
                    self.fields[f"d{day.value}_{part}_{edge}"] = forms.TimeField(
                        label=format_lazy("{}, {}", day.label, label)
                        if part == 1
                        else format_lazy("{} ({}), {}", day.label, _("після перерви"), label),
                        required=False,
                        initial=getattr(current, edge, None),
                        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                    )

    def rows(self):
        for day in Weekday:
            yield (
                day.label,
                [
                    (self[f"d{day.value}_{part}_opens"], self[f"d{day.value}_{part}_closes"])
                    for part in (1, 2)
                ],
            )

    def clean(self):
        cleaned = super().clean()
        intervals = []
        for day in Weekday:
            previous_close = None
            for part in (1, 2):
                opens = cleaned.get(f"d{day.value}_{part}_opens")
                closes = cleaned.get(f"d{day.value}_{part}_closes")
                if opens is None and closes is None:
                    continue
                if opens is None or closes is None:
                    self.add_error(
                        f"d{day.value}_{part}_{'opens' if opens is None else 'closes'}",
                        _("Вкажіть і початок, і кінець роботи."),
                    )
                    continue
                if closes <= opens:
                    self.add_error(
                        f"d{day.value}_{part}_closes",
                        _("Кінець роботи має бути пізніше за початок."),
                    )
                    continue
                if previous_close and opens < previous_close:
                    self.add_error(
                        f"d{day.value}_{part}_opens",
                        _("Друга частина дня має починатися після першої."),
                    )
                    continue
                previous_close = closes
                intervals.append((day.value, opens, closes))
        cleaned["intervals"] = intervals
        return cleaned


class SpecialDayForm(forms.Form):
    date = forms.DateField(
        label=_("Дата"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    is_closed = forms.BooleanField(label=_("Офіс зачинено весь день"), required=False)
    opens = forms.TimeField(
        label=_("Відкривається"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes = forms.TimeField(
        label=_("Зачиняється"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    note = forms.CharField(label=_("Причина"), max_length=255, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_closed"):
            cleaned["opens"] = cleaned["closes"] = None
            return cleaned
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens is None or closes is None:
            raise forms.ValidationError(
                _("Позначте, що офіс зачинено, або вкажіть години роботи цього дня.")
            )
        if closes <= opens:
            self.add_error("closes", _("Час закриття має бути пізніше за час відкриття."))
        return cleaned


class AuditFilterForm(forms.Form):
    actor = forms.ChoiceField(label=_("Хто"), required=False)
    action = forms.ChoiceField(
        label=_("Дія"), required=False, choices=[("", _("Усі дії")), *AuditAction.choices]
    )
    date_from = forms.DateField(
        label=_("З дати"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("По дату"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actors: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["actor"]).choices = [("", _("Усі працівники"))] + [
            (str(pk), name) for pk, name in actors
        ]


class CalendarDayForm(forms.Form):
    date = forms.DateField(
        label=_("Дата"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Вкажіть дату."),
            "invalid": _("Вкажіть дату, наприклад 2026-12-31."),
        },
    )
    is_working_day = forms.TypedChoiceField(
        label=_("Цей день для центру"),
        choices=[("1", _("Робочий (наприклад, перенесений робочий день)")), ("0", _("Неробочий"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Виберіть, робочий це день чи ні.")},
    )
    note = forms.CharField(
        label=_("Підстава"),
        max_length=255,
        required=False,
        help_text=_("Наприклад, «Розпорядження голови №12 від 01.03.2026»."),
    )
