"""Forms of the appeals back office: input shape and Ukrainian messages only.

Every rule of the law lives in the services; these forms only make sure the values have the right
shape, and offer the defaults that let an operator log an offline item in under a minute.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.accounts.models import User
from vidhuk.catalog.models import Service
from vidhuk.core.models import Office
from vidhuk.core.names import PersonNameField

from ..choices import (
    APPEAL_KINDS,
    CHANNEL_DOCUMENT_TYPE,
    CHANNEL_RECEIPT_FORM,
    FEEDBACK_KINDS,
    KIND_GROUP,
    AnswerDelivery,
    ApplicantCategory,
    Channel,
    DocumentType,
    Kind,
    KindGroup,
    NotConsideredReason,
    ReceiptForm,
    Sex,
    Sign,
    SocialStatus,
    Status,
    Subject,
    Topic,
)
from ..models import DEFAULT_RETENTION_DAYS

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
REQUIRED = {"required": _("Заповніть це поле.")}


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def _soon() -> dt.datetime:
    """A moment in the past, as entered: a few minutes of clock difference are forgiven."""
    return timezone.now() + dt.timedelta(minutes=10)


def _not_before_2000(value: dt.date | dt.datetime) -> None:
    day = value.date() if isinstance(value, dt.datetime) else value
    if day < EARLIEST:
        raise ValidationError(_("Вкажіть дату не раніше 01.01.2000."), code="too_early")


def _not_in_future(value: dt.date | dt.datetime) -> None:
    moment = value if isinstance(value, dt.datetime) else None
    if (moment is not None and moment > _soon()) or (
        moment is None and value > timezone.localdate()
    ):
        raise ValidationError(
            _("Ця дата ще не настала: вкажіть, коли надійшло звернення."), code="future"
        )


def _not_after_2100(value: dt.date) -> None:
    if value > LATEST:
        raise ValidationError(_("Вкажіть дату не пізніше 31.12.2100."), code="too_late")


def _datetime_field(label: Any, **kwargs: Any) -> forms.DateTimeField:
    # Dates of receipt: the deadline and the year of the registration index follow from them.
    kwargs.setdefault("validators", [_not_before_2000, _not_in_future])
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input--width-20"},
            format="%Y-%m-%dT%H:%M",
        ),
        error_messages={
            "invalid": _("Вкажіть дату й час, наприклад 02.03.2026 10:30."),
            **REQUIRED,
        },
        **kwargs,
    )


def _date_field(label: Any, *, past: bool = False, **kwargs: Any) -> forms.DateField:
    # `past`: a day something happened (not in the future); otherwise a filter bound.
    kwargs.setdefault("validators", [_not_before_2000, _not_in_future if past else _not_after_2100])
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        error_messages={"invalid": _("Вкажіть дату, наприклад 02.03.2026."), **REQUIRED},
        **kwargs,
    )


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _scope_choices(
    form: forms.BaseForm,
    *,
    offices: QuerySet[Office] | None = None,
    services: QuerySet[Service] | None = None,
    executors: QuerySet[Any] | None = None,
) -> None:
    """Limit the related choices to the member's centre (the lists the selectors give)."""
    for name, queryset in (("office", offices), ("service", services), ("executor", executors)):
        if name in form.fields and queryset is not None:
            _model_choice(form, name).queryset = queryset


def _executor_label(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


class ExecutorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _executor_label(obj)


# --- the inbox -----------------------------------------------------------------------------------


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
        label=_("Канал"), required=False, choices=_blank(_("Усі канали")) + Channel.choices
    )
    kind = forms.ChoiceField(
        label=_("Вид"),
        required=False,
        choices=_blank(_("Усі види")) + _kind_filter_choices(),
    )
    status = forms.ChoiceField(
        label=_("Стан"), required=False, choices=_blank(_("Усі стани")) + Status.choices
    )
    executor = ExecutorChoiceField(
        label=_("Виконавець"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Усі виконавці"),
    )
    office = forms.ModelChoiceField(
        label=_("Офіс"), queryset=Office.objects.none(), required=False, empty_label=_("Усі офіси")
    )
    service = forms.ModelChoiceField(
        label=_("Послуга"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Усі послуги"),
    )
    topic = forms.ChoiceField(
        label=_("Тема"), required=False, choices=_blank(_("Усі теми")) + Topic.choices
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
    received_from = _date_field(_("Надійшло з"), required=False)
    received_to = _date_field(_("Надійшло по"), required=False)
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
        _scope_choices(self, offices=offices, services=services, executors=executors)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Виберіть значення зі списку.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("Кінець періоду не може бути раніше за початок."))
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
        _scope_choices(self, executors=executors)
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


# --- registration of offline items --------------------------------------------------------------

DEFAULT_KIND: dict[str, str] = {
    Channel.RECEPTION: Kind.STATEMENT,
    Channel.POST: Kind.STATEMENT,
    Channel.EMAIL: Kind.STATEMENT,
    Channel.SOCIAL: Kind.QUESTION,
    Channel.BOOK: Kind.QUALITY_REMARK,
    Channel.HOTLINE: Kind.STATEMENT,
}


class ApplicantFieldsMixin(forms.Form):
    """Who wrote or called. Only feedback may be anonymous (Art. 8 of Law 393/96-ВР)."""

    full_name = PersonNameField(
        label=_("Прізвище, ім’я, по батькові"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    address = forms.CharField(
        label=_("Місце проживання"),
        required=False,
        max_length=500,
        help_text=_("Обов’язкове для пропозиції, заяви чи скарги (ст. 5 Закону)."),
    )
    email = forms.EmailField(
        label=_("Електронна пошта"),
        required=False,
        error_messages={"invalid": _("Вкажіть адресу електронної пошти, наприклад ім’я@ukr.net.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Телефон"),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}
        ),
    )
    is_benefit_holder = forms.BooleanField(
        label=_("Заявник має пільги (розглядається першочергово)"), required=False
    )


def _check_applicant(form: forms.Form, data: dict[str, Any], *, kind: str) -> None:
    """The most common refusals, told at the field; the model's own checks stay the authority."""
    needs_address = kind in APPEAL_KINDS and data.get("full_name", "").strip()
    if needs_address and not data.get("address", "").strip():
        form.add_error(
            "address", _("Вкажіть місце проживання (ст. 5 Закону «Про звернення громадян»).")
        )


class OfflineItemForm(ApplicantFieldsMixin):
    """One item received offline: personal reception, post, e-mail, social network, the book."""

    kind = forms.ChoiceField(
        label=_("Вид"),
        choices=Kind.choices,
        error_messages={**REQUIRED, "invalid_choice": _("Виберіть вид зі списку.")},
    )
    received_at = _datetime_field(_("Дата й час надходження"))
    # One key per form shown: a second send of the same form finds the case the first made.
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    office = forms.ModelChoiceField(
        label=_("Офіс"), queryset=Office.objects.none(), required=False, empty_label="—"
    )
    book_number = forms.CharField(label=_("Номер книги"), required=False, max_length=32)
    book_page = forms.IntegerField(
        label=_("Сторінка"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("Вкажіть номер сторінки числом.")},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
    )
    social_post_url = forms.URLField(
        label=_("Посилання на допис"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Вкажіть повну адресу допису, наприклад https://…")},
    )
    text = forms.CharField(
        label=_("Зміст"), widget=forms.Textarea(attrs={"rows": 5}), error_messages=REQUIRED
    )
    topic = forms.ChoiceField(label=_("Тема"), required=False, choices=_blank("—") + Topic.choices)
    service = forms.ModelChoiceField(
        label=_("Послуга"), queryset=Service.objects.none(), required=False, empty_label="—"
    )
    staff_remark = forms.CharField(
        label=_("Зауваження щодо працівника"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_anonymous = forms.BooleanField(
        label=_("Автор не назвався (лише для відгуку)"), required=False
    )
    is_urgent = forms.BooleanField(
        label=_("Терміновий запит на інформацію (48 годин)"),
        required=False,
        help_text=_(
            "Загроза життю чи свободі, довкіллю, безпеці харчування, надзвичайна ситуація."
        ),
    )
    urgency_reason = forms.CharField(
        label=_("Обґрунтування терміновості"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    needs_study = forms.BooleanField(
        label=_("Потребує додаткового вивчення (строк — 1 місяць)"), required=False
    )
    # --- the registration card of Instruction КМУ №348, values of Classifier №858 ---------------
    receipt_form = forms.ChoiceField(label=_("Форма надходження"), choices=ReceiptForm.choices)
    sign = forms.ChoiceField(label=_("Ознака надходження"), choices=Sign.choices)
    subject = forms.ChoiceField(
        label=_("Суб’єкт"),
        required=False,
        choices=_blank(_("За змістом (індивідуальне, колективне, анонімне)")) + Subject.choices,
    )
    document_type = forms.ChoiceField(label=_("Тип"), choices=DocumentType.choices)
    signatories_count = forms.IntegerField(
        label=_("Кількість підписантів"),
        min_value=1,
        initial=1,
        error_messages={"invalid": _("Вкажіть кількість числом."), **REQUIRED},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
    )
    applicant_category = forms.ChoiceField(
        label=_("Категорія заявника"),
        required=False,
        choices=_blank("—") + ApplicantCategory.choices,
    )
    social_status = forms.ChoiceField(
        label=_("Соціальний стан"), required=False, choices=_blank("—") + SocialStatus.choices
    )
    sex = forms.ChoiceField(label=_("Стать"), required=False, choices=_blank("—") + Sex.choices)
    document_date = _date_field(_("Дата підписання документа"), past=True, required=False)
    sent_from = forms.CharField(
        label=_("Звідки надійшло"),
        required=False,
        max_length=255,
        help_text=_("Орган чи організація, що переслали звернення."),
    )
    sent_from_index = forms.CharField(
        label=_("Індекс документа відправника"), required=False, max_length=64
    )
    sent_from_date = _date_field(_("Дата документа відправника"), past=True, required=False)

    CARD_FIELDS = (
        "receipt_form",
        "sign",
        "subject",
        "document_type",
        "signatories_count",
        "applicant_category",
        "social_status",
        "sex",
        "document_date",
        "sent_from",
        "sent_from_index",
        "sent_from_date",
    )

    def __init__(
        self,
        *args: Any,
        channel: str,
        offices: QuerySet[Office],
        services: QuerySet[Service],
        default_office: Office | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.initial.setdefault("submission_key", uuid.uuid4())
        _scope_choices(self, offices=offices, services=services)
        for name in ("office", "service"):
            self.fields[name].error_messages["invalid_choice"] = _("Виберіть зі списку.")
        self.fields["full_name"].help_text = _(
            "Можна не вказувати лише для анонімного відгуку (позначка нижче)."
        )
        self.initial.setdefault("kind", DEFAULT_KIND.get(channel, Kind.STATEMENT))
        self.initial.setdefault(
            "received_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        self.initial.setdefault("office", default_office.pk if default_office else None)
        self.initial.setdefault("receipt_form", CHANNEL_RECEIPT_FORM[channel])
        self.initial.setdefault("document_type", CHANNEL_DOCUMENT_TYPE[channel])
        self.initial.setdefault("sign", Sign.PRIMARY)
        if channel == Channel.BOOK:
            self.fields["book_number"].required = True
            self.fields["book_number"].error_messages["required"] = _("Вкажіть номер книги.")
        else:
            del self.fields["book_number"], self.fields["book_page"]
        if channel == Channel.SOCIAL:
            self.fields["social_post_url"].required = True
            self.fields["social_post_url"].error_messages["required"] = _(
                "Додайте посилання на допис."
            )
        else:
            del self.fields["social_post_url"]
        if channel != Channel.POST:
            for name in ("sent_from", "sent_from_index", "sent_from_date"):
                del self.fields[name]

    ITEM_FIELDS = (
        "kind",
        "received_at",
        "office",
        "book_number",
        "book_page",
        "social_post_url",
        "text",
        "topic",
        "service",
    )
    APPLICANT_FIELDS = (
        "full_name",
        "is_anonymous",
        "address",
        "phone",
        "email",
        "is_benefit_holder",
    )
    CASE_FIELDS = ("staff_remark", "needs_study", "is_urgent", "urgency_reason")

    def _bound(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[name] for name in names if name in self.fields]

    @property
    def item_fields(self) -> list[forms.BoundField]:
        return self._bound(self.ITEM_FIELDS)

    @property
    def applicant_fields(self) -> list[forms.BoundField]:
        return self._bound(self.APPLICANT_FIELDS)

    @property
    def case_fields(self) -> list[forms.BoundField]:
        return self._bound(self.CASE_FIELDS)

    @property
    def card_fields(self) -> list[forms.BoundField]:
        return self._bound(self.CARD_FIELDS)

    @property
    def card_has_errors(self) -> bool:
        return any(self.errors.get(name) for name in self.CARD_FIELDS)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind", "")
        if data.get("is_anonymous"):
            if kind and kind not in FEEDBACK_KINDS:
                self.add_error(
                    "is_anonymous",
                    _(
                        "Анонімне звернення не розглядається (ст. 8 Закону «Про звернення "
                        "громадян»). Оберіть вид «Подяка», «Зауваження щодо якості "
                        "обслуговування» або «Запитання»."
                    ),
                )
        elif not data.get("full_name", "").strip() and "full_name" not in self.errors:
            self.add_error(
                "full_name",
                _("Вкажіть прізвище, ім’я та по батькові або позначте, що автор не назвався."),
            )
        else:
            _check_applicant(self, data, kind=kind)
        if data.get("is_urgent") and kind != Kind.INFO_REQUEST:
            self.add_error(
                "is_urgent",
                _("Терміновим (48 годин) може бути лише запит на публічну інформацію."),
            )
        return data


class HotlineCallForm(forms.Form):
    started_at = _datetime_field(_("Початок дзвінка"))
    duration = forms.CharField(
        label=_("Тривалість"),
        max_length=20,
        help_text=_("Хвилини, наприклад 4, 4:30, 4 хв або 4 хв 30 с"),
        error_messages={"required": _("Вкажіть тривалість дзвінка.")},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    topic = forms.ChoiceField(label=_("Тема"), required=False, choices=_blank("—") + Topic.choices)
    office = forms.ModelChoiceField(
        label=_("Офіс"), queryset=Office.objects.none(), required=False, empty_label="—"
    )
    service = forms.ModelChoiceField(
        label=_("Послуга"), queryset=Service.objects.none(), required=False, empty_label="—"
    )
    question = forms.CharField(
        label=_("Питання"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED
    )
    consultation = forms.CharField(
        label=_("Надана консультація"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    staff_remark = forms.CharField(
        label=_("Зауваження щодо працівника"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    make_case = forms.BooleanField(
        label=_("Потрібен подальший розгляд — відкрити звернення"),
        required=False,
        help_text=_("Після збереження відкриється коротка форма звернення за цим дзвінком."),
    )

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Office],
        services: QuerySet[Service],
        default_office: Office | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _scope_choices(self, offices=offices, services=services)
        for name in ("office", "service"):
            self.fields[name].error_messages["invalid_choice"] = _("Виберіть зі списку.")
        self.initial.setdefault("started_at", timezone.localtime().replace(second=0, microsecond=0))
        self.initial.setdefault("office", default_office.pk if default_office else None)

    def clean_duration(self) -> int:
        seconds = parse_call_duration(self.cleaned_data["duration"])
        if seconds is None:
            raise ValidationError(
                _("Вкажіть тривалість, наприклад 4, 4:30, 4 хв або 4 хв 30 с."), code="invalid"
            )
        if not 0 < seconds <= 6 * 3600:
            raise ValidationError(_("Тривалість має бути від 1 секунди до 6 годин."))
        return seconds


_DURATION_CLOCK = re.compile(r"(\d{1,3})[:.,](\d{1,2})")
_DURATION_PART = re.compile(r"(\d{1,3})\s*([a-zа-яіїєґ]*)\.?\s*")


def parse_call_duration(value: str) -> int | None:
    """Seconds from what an operator types: «4» (minutes), «4:30», «4 хв», «4 хв 30 с»,
    «1 год 5 хв», «30 с»; None when it is none of these."""
    value = value.strip().lower()
    clock = _DURATION_CLOCK.fullmatch(value)
    if clock:
        minutes, seconds = int(clock.group(1)), int(clock.group(2))
        return minutes * 60 + seconds if seconds < 60 else None
    total, position, parts = 0, 0, 0
    for part in _DURATION_PART.finditer(value):
        if part.start() != position:
            return None
        position, parts = part.end(), parts + 1
        number, unit = int(part.group(1)), part.group(2)
        if unit.startswith(("год", "г", "h")):
            total += number * 3600
        elif unit.startswith(("хв", "м", "min")) or (not unit and parts == 1):
            total += number * 60
        elif unit.startswith(("с", "s")) or not unit:
            if number > 59 and parts > 1:
                return None
            total += number
        else:
            return None
    return total if parts and position == len(value) else None


class HotlineFilterForm(forms.Form):
    date_from = _date_field(_("З"), required=False)
    date_to = _date_field(_("По"), required=False)
    with_case = forms.ChoiceField(
        label=_("Звернення"),
        required=False,
        choices=[
            ("", _("Усі дзвінки")),
            ("no", _("Лише консультації")),
            ("yes", _("Відкрито звернення")),
        ],
    )


class MakeCaseForm(ApplicantFieldsMixin):
    """A case from a hotline call: the name and what the caller wants, the rest from the call."""

    kind = forms.ChoiceField(
        label=_("Вид"),
        choices=[(k, label) for k, label in Kind.choices],
        initial=Kind.STATEMENT,
        error_messages={**REQUIRED, "invalid_choice": _("Виберіть вид зі списку.")},
    )
    text = forms.CharField(
        label=_("Зміст"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Запитання абонента вже вписано; уточніть, якщо треба."),
        error_messages=REQUIRED,
    )
    needs_study = forms.BooleanField(
        label=_("Потребує додаткового вивчення (строк — 1 місяць)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["full_name"].error_messages["required"] = _(
            "Вкажіть прізвище, ім’я та по батькові абонента."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _check_applicant(self, data, kind=data.get("kind", ""))
        return data


class BoxOpeningForm(forms.Form):
    opened_on = _date_field(_("Дата відкриття"), past=True)
    office = forms.ModelChoiceField(
        label=_("Офіс"),
        queryset=Office.objects.none(),
        empty_label=_("Виберіть офіс"),
        error_messages={**REQUIRED, "invalid_choice": _("Виберіть офіс зі списку.")},
    )
    opened_by = forms.CharField(
        label=_("Хто відкривав"),
        max_length=500,
        help_text=_("Прізвища та посади членів комісії."),
        error_messages={"required": _("Вкажіть, хто відкривав скриньку.")},
    )
    note = forms.CharField(
        label=_("Примітка"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Office],
        default_office: Office | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _scope_choices(self, offices=offices)
        self.initial.setdefault("opened_on", timezone.localdate())
        self.initial.setdefault("office", default_office.pk if default_office else None)


class BoxEntryForm(forms.Form):
    """One note from the box. Leave the name empty for an unsigned note: it can only be feedback."""

    kind = forms.ChoiceField(
        label=_("Вид"),
        choices=Kind.choices,
        initial=Kind.QUALITY_REMARK,
        error_messages={"invalid_choice": _("Виберіть вид зі списку.")},
    )
    text = forms.CharField(label=_("Зміст"), widget=forms.Textarea(attrs={"rows": 3}))
    topic = forms.ChoiceField(label=_("Тема"), required=False, choices=_blank("—") + Topic.choices)
    full_name = PersonNameField(label=_("ПІБ, якщо підписано"), required=False, max_length=255)
    address = forms.CharField(label=_("Місце проживання"), required=False, max_length=500)
    phone = forms.CharField(label=_("Телефон"), required=False, max_length=32)
    email = forms.EmailField(
        label=_("Електронна пошта"),
        required=False,
        error_messages={"invalid": _("Вкажіть адресу електронної пошти, наприклад ім’я@ukr.net.")},
    )

    def has_changed(self) -> bool:
        # The kind select always has a value: a row counts as filled when anything else is.
        return any(name != "kind" and name in self.changed_data for name in self.fields)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.has_changed():
            return data
        if not data.get("text", "").strip() and "text" not in self.errors:
            self.add_error("text", _("Перепишіть зміст запису."))
        kind = data.get("kind", "")
        if not data.get("full_name", "").strip():
            if kind and kind not in FEEDBACK_KINDS:
                self.add_error(
                    "kind",
                    _(
                        "Непідписаний запис може бути лише відгуком: анонімне звернення не "
                        "розглядається (ст. 8 Закону «Про звернення громадян»)."
                    ),
                )
        else:
            _check_applicant(self, data, kind=kind)
            if kind == Kind.INFO_REQUEST and not (data.get("email") or data.get("address")):
                self.add_error(
                    "email", _("Для запиту вкажіть поштову адресу або електронну пошту.")
                )
        return data


class BaseBoxEntryFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form in self.forms:
            form.empty_permitted = True
            form.use_required_attribute = False
            form.fields["text"].required = False  # checked in clean() only for filled rows


BoxEntryFormSet = forms.formset_factory(
    BoxEntryForm, formset=BaseBoxEntryFormSet, extra=5, max_num=200, absolute_max=200
)


# --- case work -----------------------------------------------------------------------------------


class AssignForm(forms.Form):
    executor = ExecutorChoiceField(
        label=_("Виконавець"),
        queryset=User.objects.none(),
        empty_label=_("Виберіть виконавця"),
        error_messages={
            "required": _("Виберіть виконавця."),
            "invalid_choice": _("Виберіть виконавця зі списку."),
        },
    )

    def __init__(self, *args: Any, executors: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scope_choices(self, executors=executors)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Службова примітка"),
        help_text=_("Заявник її не побачить."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Напишіть примітку.")},
    )


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Підстава продовження"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Заявник отримає повідомлення з цією підставою."),
        error_messages={"required": _("Обґрунтуйте продовження строку.")},
    )
    new_deadline = _date_field(_("Новий строк"), required=False)

    def __init__(self, *args: Any, appeal: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if appeal.kind_group == KindGroup.APPEAL:
            self.fields["new_deadline"].required = True
            self.fields["new_deadline"].help_text = _(
                "Разом не більше 45 днів від надходження (ст. 20 Закону «Про звернення громадян»)."
            )
            self.fields["new_deadline"].error_messages["required"] = _("Вкажіть новий строк.")
        else:
            del self.fields["new_deadline"]


class AnswerForm(forms.Form):
    answer_text = forms.CharField(
        label=_("Відповідь"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Напишіть відповідь.")},
    )
    delivery = forms.ChoiceField(
        label=_("Як надіслати"),
        choices=AnswerDelivery.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Виберіть, як надіслати відповідь."),
            "invalid_choice": _("Виберіть спосіб зі списку."),
        },
    )

    def __init__(self, *args: Any, appeal: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["delivery"]).choices = [
            (value, label)
            for value, label in AnswerDelivery.choices
            if value != AnswerDelivery.NONE or appeal.kind_group == KindGroup.FEEDBACK
        ]
        if appeal.email:
            self.initial.setdefault("delivery", AnswerDelivery.EMAIL)
        elif appeal.address:
            self.initial.setdefault("delivery", AnswerDelivery.LETTER)
        else:
            self.initial.setdefault("delivery", AnswerDelivery.NONE)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Чому повертаєте"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Чого бракує за ст. 5 Закону; повернути можна протягом 10 днів."),
        error_messages={"required": _("Поясніть, чому повертаєте.")},
    )


class ForwardForm(forms.Form):
    forwarded_to = forms.CharField(
        label=_("Кому пересилаєте"),
        max_length=500,
        error_messages={"required": _("Вкажіть, куди пересилаєте.")},
    )
    reason = forms.CharField(
        label=_("Чому"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Протягом 5 днів від надходження; заявник побачить це у трекері."),
    )


class NotConsideredForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Підстава (ст. 8 Закону «Про звернення громадян»)"),
        choices=NotConsideredReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Виберіть підставу."),
            "invalid_choice": _("Виберіть підставу зі списку."),
        },
    )


class NeedsStudyForm(forms.Form):
    needs_study = forms.BooleanField(
        label=_("Потребує додаткового вивчення (строк — 1 місяць)"), required=False
    )


class ConfirmForm(forms.Form):
    """Actions with nothing to type (take into work, close, anonymise): the button is the form."""


# --- personal data -------------------------------------------------------------------------------


class ApplicantSearchForm(forms.Form):
    email = forms.EmailField(
        label=_("Електронна пошта заявника"),
        required=False,
        error_messages={"invalid": _("Вкажіть адресу електронної пошти, наприклад ім’я@ukr.net.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Телефон заявника"),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}
        ),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors and not (data.get("email") or data.get("phone", "").strip()):
            raise ValidationError(_("Вкажіть електронну пошту або телефон заявника."))
        return data


class AppealsSettingsForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Строк зберігання персональних даних, днів після закриття"),
        min_value=30,
        max_value=36500,
        initial=DEFAULT_RETENTION_DAYS,
        help_text=_(
            "Після цього строку ПІБ, адреса, контакти й текст знеособлюються; статистика лишається."
        ),
        error_messages={
            "required": _("Вкажіть строк у днях."),
            "invalid": _("Вкажіть строк цілим числом днів."),
            "min_value": _("Не менше 30 днів."),
            "max_value": _("Не більше 36 500 днів."),
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    digest_enabled = forms.BooleanField(
        label=_("Щоранку надсилати виконавцям лист про строки, що спливають"), required=False
    )


__all__ = [
    "AnswerForm",
    "AppealsSettingsForm",
    "ApplicantSearchForm",
    "AssignForm",
    "BoxEntryFormSet",
    "BoxOpeningForm",
    "BulkAssignForm",
    "ConfirmForm",
    "ExportForm",
    "ExtendForm",
    "ForwardForm",
    "HotlineCallForm",
    "HotlineFilterForm",
    "InboxFilterForm",
    "MakeCaseForm",
    "NeedsStudyForm",
    "NotConsideredForm",
    "NoteForm",
    "OfflineItemForm",
    "ReturnForm",
]
