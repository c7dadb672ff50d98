"""Forms of the appeals inbox: the filter, bulk assignment, the export."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.models import User
from vidhuk.catalog.models import Service
from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Office

from ..choices import (
    CLASSIFIER_TOPIC_CHOICES,
    KIND_GROUP,
    Channel,
    ConsiderationResult,
    Kind,
    KindGroup,
    ReceiptForm,
    Status,
    Topic,
)
from ..selectors_inbox import InboxPosition
from .staff_common import (
    ExecutorChoiceField,
    blank,
    date_field,
    scope_choices,
)


def _kind_filter_choices() -> list[Any]:
    """Each kind once, under its law: a group of one kind (information requests) is that kind,
    a larger group offers «all of the group» above its kinds."""
    group_all: dict[str, Any] = {
        KindGroup.APPEAL: _("Усі звернення громадян"),
        KindGroup.FEEDBACK: _("Усі відгуки"),
    }
    choices: list[Any] = []
    for group, group_label in KindGroup.choices:
        kinds = [(kind, Kind(kind).label) for kind, of in KIND_GROUP.items() if of == group]
        if len(kinds) == 1:
            choices += kinds
        else:
            choices.append((group_label, [(f"group:{group}", group_all[group]), *kinds]))
    return choices


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Пошук"),
        required=False,
        max_length=200,
        help_text=_("Реєстраційний індекс, ПІБ, телефон, електронна пошта або слова зі змісту"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    channel = forms.ChoiceField(
        label=_("Канал"), required=False, choices=blank(_("Усі канали")) + Channel.choices
    )
    kind = forms.ChoiceField(
        label=_("Вид"),
        required=False,
        choices=blank(_("Усі види")) + _kind_filter_choices(),
    )
    status = forms.ChoiceField(
        label=_("Стан"), required=False, choices=blank(_("Усі стани")) + Status.choices
    )
    executor = ExecutorChoiceField(
        label=_("Виконавець"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Усі виконавці"),
        help_text=_("Звернення, де працівник — виконавець або співвиконавець."),
    )
    office = ModelChoiceField(
        label=_("Офіс"), queryset=Office.objects.none(), required=False, empty_label=_("Усі офіси")
    )
    service = ModelChoiceField(
        label=_("Послуга"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Усі послуги"),
    )
    topic = forms.ChoiceField(
        label=_("Тема"), required=False, choices=blank(_("Усі теми")) + Topic.choices
    )
    receipt_form = forms.ChoiceField(
        label=_("Форма надходження"),
        required=False,
        choices=blank(_("Усі форми")) + ReceiptForm.choices,
    )
    result = forms.ChoiceField(
        label=_("Результат розгляду"),
        required=False,
        choices=blank(_("Усі результати")) + ConsiderationResult.choices,
    )
    question = forms.ChoiceField(
        label=_("Питання за класифікатором"),
        required=False,
        choices=blank(_("Усі питання")) + CLASSIFIER_TOPIC_CHOICES,
        help_text=_("Основне або додаткове питання звернення."),
    )
    deadline = forms.ChoiceField(
        label=_("Строк"),
        required=False,
        choices=[
            ("", _("Будь-який")),
            ("due_soon", _("Спливає найближчими днями")),
            ("overdue", _("Прострочені")),
        ],
    )
    received_from = date_field(_("Надійшло з"), required=False)
    received_to = date_field(_("Надійшло по"), required=False)
    resolution_from = date_field(_("Резолюція з"), required=False)
    resolution_to = date_field(_("Резолюція по"), required=False)
    order = forms.ChoiceField(
        label=_("Порядок"),
        required=False,
        choices=[
            ("", _("Спершу нові")),
            ("due", _("За строком (пільговики першими)")),
            ("received", _("Спершу давні")),
        ],
    )

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Office],
        services: QuerySet[Service],
        executors: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        scope_choices(self, offices=offices, services=services, executors=executors)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Виберіть значення зі списку.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("Кінець періоду не може бути раніше за початок."))
        start, end = data.get("resolution_from"), data.get("resolution_to")
        if start and end and start > end:
            self.add_error("resolution_to", _("Кінець періоду не може бути раніше за початок."))
        return data


class BulkAssignForm(forms.Form):
    appeals = forms.TypedMultipleChoiceField(
        label=_("Звернення"),
        coerce=int,
        choices=(),
        error_messages={"required": _("Позначте хоча б одне звернення.")},
    )
    executor = ExecutorChoiceField(
        label=_("Призначити виконавця"),
        queryset=User.objects.none(),
        empty_label=_("Виберіть виконавця"),
        error_messages={
            "required": _("Виберіть виконавця."),
            "invalid_choice": _("Виберіть виконавця зі списку."),
        },
    )
    return_query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args: Any, executors: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope_choices(self, executors=executors)
        # Any number is a valid shape; the service checks that each is the centre's open case.
        ids = self.data.getlist(self.add_prefix("appeals")) if hasattr(self.data, "getlist") else []
        cast(forms.ChoiceField, self.fields["appeals"]).choices = [
            (v, v) for v in ids if str(v).isascii() and str(v).isdigit()
        ]
        self.fields["appeals"].error_messages["invalid_choice"] = _(
            "Деякі звернення не знайдено серед відкритих звернень центру."
        )


class ExportForm(forms.Form):
    include_personal_data = forms.BooleanField(
        label=_("Додати ПІБ, адресу й контакти"),
        required=False,
        help_text=_("Кожен такий експорт записується в журнал аудиту."),
    )


class InboxPositionForm(forms.Form):
    """Where in the list: a signed cursor of the next or previous page, ``last`` or a page
    number (``selectors_inbox``). Nothing here is an error: what cannot be read is the first
    page, with a message."""

    after = forms.CharField(required=False, max_length=1000)
    before = forms.CharField(required=False, max_length=1000)
    page = forms.CharField(required=False, max_length=20)

    def position(self) -> InboxPosition:
        if not self.is_valid():
            return InboxPosition(after="-", before="")  # unreadable: refused, first page
        data = self.cleaned_data
        page = data["page"].strip()
        number = int(page) if page.isascii() and page.isdigit() and len(page) < 10 else None
        if page and page != "last" and number is None:
            number = 0  # not a page number: refused, first page
        return InboxPosition(
            after=data["after"], before=data["before"], number=number, is_last=page == "last"
        )
