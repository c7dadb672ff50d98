"""Forms of the communication plan: a measure, and the list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.models import Membership
from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Centre

from ..models import Event, Mailing, MeasureStatus, Publication

REQUIRED = {"required": _("Заповніть це поле.")}
NUMBER = {"invalid": _("Вкажіть ціле число, наприклад 500."), "min_value": _("Не менше 0.")}


class PlanMeasureForm(forms.Form):
    block = forms.CharField(label=_("Тематичний блок"), max_length=255, error_messages=REQUIRED)
    description = forms.CharField(
        label=_("Захід"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED
    )
    channel = forms.CharField(label=_("Канал"), max_length=255, required=False)
    audience = forms.CharField(label=_("Аудиторія"), max_length=255, required=False)
    owner_unit = forms.CharField(
        label=_("Відповідальний підрозділ"), max_length=255, required=False
    )
    owner = ModelChoiceField(
        label=_("Відповідальний працівник"), queryset=Membership.objects.none(), required=False
    )
    due_on = forms.DateField(
        label=_("Строк"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Вкажіть дату, наприклад 31.07.2027.")},
    )
    recurrence = forms.CharField(
        label=_("Періодичність"),
        max_length=32,
        required=False,
        help_text=_("Наприклад: постійно, щоквартально, щомісяця."),
    )
    status = forms.ChoiceField(label=_("Стан"), choices=MeasureStatus.choices)
    target_reach = forms.IntegerField(
        label=_("Цільове охоплення"), min_value=0, required=False, error_messages=NUMBER
    )
    actual_reach = forms.IntegerField(
        label=_("Фактичне охоплення"), min_value=0, required=False, error_messages=NUMBER
    )
    publication = ModelChoiceField(
        label=_("Публікація"), queryset=Publication.objects.none(), required=False
    )
    mailing = ModelChoiceField(label=_("Розсилка"), queryset=Mailing.objects.none(), required=False)
    event = ModelChoiceField(label=_("Захід"), queryset=Event.objects.none(), required=False)
    position = forms.IntegerField(
        label=_("Порядок у плані"), min_value=0, initial=0, required=False
    )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Membership.objects.filter(  # type: ignore[attr-defined]
            centre=centre, is_active=True
        ).select_related("user")
        self.fields["owner"].label_from_instance = lambda m: (  # type: ignore[attr-defined]
            m.user.get_full_name() or m.user.get_username()
        )
        self.fields["publication"].queryset = Publication.objects.filter(  # type: ignore[attr-defined]
            centre=centre
        ).order_by("-pk")
        self.fields["mailing"].queryset = Mailing.objects.filter(  # type: ignore[attr-defined]
            centre=centre
        ).order_by("-pk")
        self.fields["event"].queryset = Event.objects.filter(  # type: ignore[attr-defined]
            centre=centre
        ).order_by("-starts_at")

    def clean_position(self) -> int:
        return self.cleaned_data.get("position") or 0


class PlanFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Стан"),
        required=False,
        choices=[("", _("Усі")), *MeasureStatus.choices, ("overdue", _("Прострочено"))],
    )
    block = forms.ChoiceField(label=_("Тематичний блок"), required=False, choices=[])
    q = forms.CharField(label=_("Пошук у заходах"), required=False, max_length=100)

    def __init__(self, *args: Any, blocks: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["block"].choices = [("", _("Усі")), *((b, b) for b in blocks)]  # type: ignore[attr-defined]
