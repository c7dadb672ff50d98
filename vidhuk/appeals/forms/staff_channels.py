"""The form that logs an item received offline: reception, post, e-mail, social network, the book.

Every rule of the law lives in the services; this form only makes sure the values have the right
shape, and offers the defaults that let an operator log an offline item in under a minute.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.forms import ModelChoiceField
from vidhuk.core.models import Office

from ..choices import (
    CHANNEL_DOCUMENT_TYPE,
    CHANNEL_RECEIPT_FORM,
    FEEDBACK_KINDS,
    ApplicantCategory,
    Channel,
    DocumentType,
    Kind,
    ReceiptForm,
    Sex,
    Sign,
    SocialStatus,
    Subject,
    Topic,
)
from .staff_common import (
    REQUIRED,
    ApplicantFieldsMixin,
    blank,
    check_applicant,
    date_field,
    datetime_field,
    scope_choices,
)

DEFAULT_KIND: dict[str, str] = {
    Channel.RECEPTION: Kind.STATEMENT,
    Channel.POST: Kind.STATEMENT,
    Channel.EMAIL: Kind.STATEMENT,
    Channel.SOCIAL: Kind.QUESTION,
    Channel.BOOK: Kind.QUALITY_REMARK,
    Channel.HOTLINE: Kind.STATEMENT,
}


class OfflineItemForm(ApplicantFieldsMixin):
    """One item received offline: personal reception, post, e-mail, social network, the book."""

    kind = forms.ChoiceField(
        label=_("Вид"),
        choices=Kind.choices,
        error_messages={**REQUIRED, "invalid_choice": _("Виберіть вид зі списку.")},
    )
    received_at = datetime_field(_("Дата й час надходження"))
    # One key per form shown: a second send of the same form finds the case the first made.
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    office = ModelChoiceField(
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
    topic = forms.ChoiceField(label=_("Тема"), required=False, choices=blank("—") + Topic.choices)
    service = ModelChoiceField(
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
        choices=blank(_("За змістом (індивідуальне, колективне, анонімне)")) + Subject.choices,
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
        choices=blank("—") + ApplicantCategory.choices,
    )
    social_status = forms.ChoiceField(
        label=_("Соціальний стан"), required=False, choices=blank("—") + SocialStatus.choices
    )
    sex = forms.ChoiceField(label=_("Стать"), required=False, choices=blank("—") + Sex.choices)
    document_date = date_field(_("Дата підписання документа"), past=True, required=False)
    sent_from = forms.CharField(
        label=_("Звідки надійшло"),
        required=False,
        max_length=255,
        help_text=_("Орган чи організація, що переслали звернення."),
    )
    sent_from_index = forms.CharField(
        label=_("Індекс документа відправника"), required=False, max_length=64
    )
    sent_from_date = date_field(_("Дата документа відправника"), past=True, required=False)

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
        scope_choices(self, offices=offices, services=services)
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
            check_applicant(self, data, kind=kind)
        if data.get("is_urgent") and kind != Kind.INFO_REQUEST:
            self.add_error(
                "is_urgent",
                _("Терміновим (48 годин) може бути лише запит на публічну інформацію."),
            )
        return data
