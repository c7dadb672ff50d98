"""What a resident answers on the public pages: the form of each kind. The guided start is in
`public_start`, the "find my case" box in `public_track`. Shapes and messages only; the rules of
the law are checked again by the services (`vidhuk.appeals.services.appeal_submit`)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.boundfield import BoundField
from django.utils.text import format_lazy
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.catalog.selectors import service_list_public
from vidhuk.core.formguard import GuardedForm
from vidhuk.core.forms import (
    ModelChoiceField,
    MultipleFileField,
    MultipleFileInput,
    ServiceErrorsMixin,
    SharedFieldsForm,
)
from vidhuk.core.models import Centre, Office
from vidhuk.core.names import PersonNameField
from vidhuk.core.textfields import LongTextField

from ..choices import (
    KIND_GROUP,
    AgeGroup,
    ApplicantCategory,
    Kind,
    KindGroup,
    Sex,
    YesNoUndisclosed,
)
from ..services import Applicant, Demographics, attachments_check, normalise_phone
from .public_antiabuse import FORM_STAMP_SALT
from .public_consent import consent_statement
from .public_start import INVALID_CHOICE

ATTACHMENTS_MAX_DEFAULT = 5


TEXT_LABELS: dict[str, Any] = {
    Kind.THANKS: _("Кому і за що ви дякуєте?"),
    Kind.QUALITY_REMARK: _("Що сталося?"),
    Kind.QUESTION: _("Ваше запитання"),
    Kind.PROPOSAL: _("Ваша пропозиція"),
    Kind.STATEMENT: _("Суть заяви"),
    Kind.COMPLAINT: _("Суть скарги"),
    Kind.INFO_REQUEST: _("Яку інформацію ви хочете отримати?"),
}
TEXT_HINTS: dict[str, Any] = {
    Kind.QUALITY_REMARK: _("Коли це було, в якому офісі, що саме вам не сподобалося."),
    Kind.PROPOSAL: _("Що і як варто змінити."),
    Kind.STATEMENT: _("Що сталося і чого ви просите."),
    Kind.COMPLAINT: _("Яке рішення чи дію ви оскаржуєте, коли це було і що просите виправити."),
    Kind.INFO_REQUEST: _(
        "Опишіть документ чи відомості: назву, дату, тему. Пояснювати, навіщо вони вам, "
        "не потрібно."
    ),
}
URGENT_GROUNDS = _(
    "Лише якщо інформація потрібна для захисту життя чи свободи людини, або стосується стану "
    "довкілля, якості харчових продуктів і предметів побуту, аварій, катастроф, небезпечних "
    "природних явищ та інших надзвичайних ситуацій (частина 2 статті 20 Закону «Про доступ до "
    "публічної інформації»)."
)


# --- the form of each kind ------------------------------------------------------------------


def _radio(label: Any, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small govuk-radios--inline"}),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )


PERSONAL_FIELDS: tuple[str, ...] = ("full_name", "address", "email", "phone", "signatories_count")
PERSONAL_FIELDS += ("is_benefit_holder", "applicant_category", "is_urgent", "urgency_reason")
DEMOGRAPHIC_FIELDS = ("sex", "age_group", "is_idp", "has_disability", "is_pensioner", "is_veteran")


class AppealForm(ServiceErrorsMixin, GuardedForm, SharedFieldsForm):
    """The resident's message of one kind. Which fields show and which are required follows the
    law of its group: Art. 5 of Law 393/96-ВР for appeals, Art. 19 of Law 2939-VI for information
    requests; feedback may be anonymous."""

    stamp_salt = FORM_STAMP_SALT

    full_name = PersonNameField(
        label=_("Прізвище, ім’я та по батькові"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Вкажіть прізвище, ім’я та по батькові.")},
    )
    address = forms.CharField(
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    email = forms.EmailField(
        label=_("Електронна пошта"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Вкажіть адресу електронної пошти так: name@example.com."),
        },
    )
    phone = forms.CharField(
        label=_("Телефон"),
        required=False,
        max_length=32,
        help_text=_("Наприклад, 067 123 45 67."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    signatories_count = forms.IntegerField(
        label=_("Скільки людей підписали звернення?"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_(
            "Лише для колективного звернення. Список підписантів з їхніми адресами додайте файлом."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": _("Вкажіть кількість підписантів числом, наприклад 12."),
            "min_value": _("Кількість підписантів — щонайменше 1."),
            "max_value": _("Перевірте кількість підписантів."),
        },
    )
    is_benefit_holder = forms.BooleanField(
        label=_("Я маю пільги"),
        required=False,
        help_text=_(
            "Наприклад, ви — особа з інвалідністю, учасник бойових дій, ветеран праці, з "
            "багатодітної сім’ї. Звернення людей з пільгами розглядають першочергово (стаття 20 "
            "Закону «Про звернення громадян»)."
        ),
    )
    applicant_category = forms.ChoiceField(
        label=_("Ваша пільгова категорія"),
        required=False,
        choices=[("", _("Не вказувати")), *ApplicantCategory.choices],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    text = LongTextField(max_length=20000)
    is_urgent = forms.BooleanField(
        label=_("Запит терміновий — прошу відповісти протягом 48 годин"),
        required=False,
        help_text=URGENT_GROUNDS,
    )
    urgency_reason = forms.CharField(
        label=_("Чому запит терміновий?"),
        required=False,
        max_length=5000,
        help_text=_("Лише для термінового запиту: яка загроза чи надзвичайна ситуація."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    office = ModelChoiceField(
        label=_("Офіс, якого це стосується"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("Не вказувати"),
        error_messages={"invalid_choice": _("Виберіть офіс зі списку.")},
    )
    service = ModelChoiceField(
        label=_("Послуга, якої це стосується"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Не вказувати"),
        error_messages={"invalid_choice": _("Виберіть послугу зі списку.")},
    )
    attachments = MultipleFileField(
        label=_("Додайте файли"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.txt"}),
    )
    consent = forms.BooleanField(
        label=_("Я погоджуюся на обробку моїх персональних даних на цих умовах"),
        error_messages={
            "required": _(
                "Щоб ми могли розглянути ваше повідомлення, погодьтеся на обробку персональних "
                "даних."
            )
        },
    )

    wants_decision_updates = forms.BooleanField(
        label=_("Повідомляйте мене про рішення, які центр ухвалить за цим повідомленням"),
        required=False,
        help_text=_(
            "Лист надійде на вашу електронну пошту, а якщо її не вказано — поштою. Можна не "
            "погоджуватися: розгляд від цього не залежить."
        ),
    )

    sex = _radio(_("Стать"), Sex.choices)
    age_group = _radio(_("Вік"), AgeGroup.choices)
    is_idp = _radio(_("Ви внутрішньо переміщена особа?"), YesNoUndisclosed.choices)
    has_disability = _radio(_("Ви маєте інвалідність?"), YesNoUndisclosed.choices)
    is_pensioner = _radio(_("Ви на пенсії?"), YesNoUndisclosed.choices)
    is_veteran = _radio(_("Ви ветеран чи ветеранка війни?"), YesNoUndisclosed.choices)
    demographics_consent = forms.BooleanField(
        label=_("Я погоджуюся, щоб ці відповіді використали для знеособленої статистики"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        centre: Centre,
        kind: str,
        is_anonymous: bool,
        retention_days: int,
        client: str = "",
        **kwargs: Any,
    ) -> None:
        self.centre = centre
        self.kind = kind
        self.group = KIND_GROUP[kind]
        self.is_anonymous = is_anonymous
        self.max_attachments = getattr(
            settings, "VIDHUK_APPEAL_ATTACHMENTS_MAX", ATTACHMENTS_MAX_DEFAULT
        )
        super().__init__(*args, client=client, **kwargs)
        self.consent_text = consent_statement(centre=centre, retention_days=retention_days)
        # The centre's own choices: this form's copies of the shared fields.
        # Made only when listed or a choice is checked: a form sent without them reads nothing.
        office = cast(ModelChoiceField, self.own_field("office"))
        office.give_query(
            lambda: Office.objects.filter(centre=centre, is_active=True).order_by(
                "position", "name"
            )
        )
        # The name is all the list shows: not the catalogue's texts of every service.
        service = cast(ModelChoiceField, self.own_field("service"))
        service.give_query(
            lambda: service_list_public(centre=centre).select_related(None).only("pk", "name")
        )

    def fields_key(self) -> tuple[Any, ...]:
        limits = (self.max_attachments, attachment_max_mb())
        return ("appeals", self.kind, self.is_anonymous, get_language(), *limits)

    def build_fields(self) -> dict[str, forms.Field]:
        fields = self.copied_class_fields()
        self._shape_fields(fields)
        return fields

    # --- which fields the law asks for ------------------------------------------------------

    def _shape_fields(self, fields: dict[str, forms.Field]) -> None:
        fields["text"].label = TEXT_LABELS[self.kind]
        text_field = cast(LongTextField, fields["text"])
        text_field.help_text = format_lazy(
            "{} {}", TEXT_HINTS.get(self.kind, ""), text_field.limit_hint
        )
        fields["text"].error_messages["required"] = _("Напишіть, про що ваше повідомлення.")
        limits = ngettext(
            "До %(count)s файлу: PDF, JPEG, PNG або текст (.txt), кожен до %(mb)s МБ.",
            "До %(count)s файлів: PDF, JPEG, PNG або текст (.txt), кожен до %(mb)s МБ.",
            self.max_attachments,
        ) % {"count": self.max_attachments, "mb": attachment_max_mb()}
        # vidhuk.core.uploads re-encodes every photo: the resident should know their GPS goes.
        no_location = _("Перед збереженням з фото видаляються дані про місце зйомки та камеру.")
        fields["attachments"].help_text = f"{limits} {no_location}"
        if self.is_anonymous:
            for name in (*PERSONAL_FIELDS, "consent", "wants_decision_updates"):
                fields.pop(name, None)
            return
        if self.group == KindGroup.APPEAL:
            fields["address"].label = _("Місце проживання")
            fields["address"].help_text = _(
                "Населений пункт, вулиця, будинок, квартира. Цього вимагає стаття 5 Закону "
                "«Про звернення громадян»."
            )
            fields["address"].error_messages["required"] = _("Вкажіть місце проживання.")
            fields["email"].help_text = _(
                "Вкажіть пошту або телефон, щоб ми могли відповісти. На пошту надішлемо номер "
                "звернення і посилання, за яким можна стежити за розглядом."
            )
            del fields["is_urgent"], fields["urgency_reason"]
        elif self.group == KindGroup.INFO_REQUEST:
            fields["address"].label = _("Поштова адреса")
            fields["address"].required = False
            fields["address"].help_text = _(
                "Вкажіть поштову адресу або електронну пошту: туди надішлемо відповідь."
            )
            fields["email"].help_text = _("Відповідь і номер запиту надішлемо на цю адресу.")
            for name in ("signatories_count", "is_benefit_holder", "applicant_category"):
                del fields[name]
        else:
            fields["address"].label = _("Адреса")
            fields["address"].required = False
            fields["email"].help_text = _(
                "Необов’язково. Вкажіть пошту або телефон, якщо чекаєте на відповідь."
            )
            for name in (
                "signatories_count",
                "is_benefit_holder",
                "applicant_category",
                "is_urgent",
                "urgency_reason",
            ):
                del fields[name]

    @property
    def personal_fields(self) -> tuple[str, ...]:
        return tuple(name for name in PERSONAL_FIELDS if name in self.fields)

    @property
    def is_appeal(self) -> bool:
        return self.group == KindGroup.APPEAL

    @property
    def is_info_request(self) -> bool:
        return self.group == KindGroup.INFO_REQUEST

    def demographic_fields(self) -> list[BoundField]:
        return [self[name] for name in DEMOGRAPHIC_FIELDS]

    # --- checks -----------------------------------------------------------------------------

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "")
        if not phone:
            return ""
        try:
            return normalise_phone(phone)
        except ValidationError:
            raise ValidationError(
                _("Вкажіть номер телефону так: 067 123 45 67 або +380 67 123 45 67."),
                code="invalid",
            ) from None

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        attachments_check(files=files)  # every refused file gets its own message
        return files

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.is_anonymous:
            self._check_demographics(data)
            self.guard_clean()
            return data
        email, phone, address = data.get("email"), data.get("phone"), data.get("address")
        if self.is_appeal and not (email or phone) and "email" not in self.errors:
            self.add_error(
                "email", _("Вкажіть електронну пошту або телефон, щоб ми могли вам відповісти.")
            )
        if self.is_info_request and not (email or address) and "email" not in self.errors:
            self.add_error("email", _("Вкажіть електронну пошту або поштову адресу для відповіді."))
        if data.get("is_urgent") and not (data.get("urgency_reason") or "").strip():
            self.add_error("urgency_reason", _("Поясніть, чому запит терміновий."))
        self._check_demographics(data)
        self.guard_clean()
        return data

    def _check_demographics(self, data: dict[str, Any]) -> None:
        answered = any(data.get(name) for name in DEMOGRAPHIC_FIELDS)
        if answered and not data.get("demographics_consent"):
            self.add_error(
                "demographics_consent",
                _(
                    "Щоб зберегти відповіді про себе, погодьтеся на їх використання — або "
                    "залиште ці питання без відповіді."
                ),
            )

    # --- what the service receives ------------------------------------------------------------

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        if self.is_anonymous:
            return Applicant(is_anonymous=True)
        return Applicant(
            full_name=data["full_name"],
            address=data.get("address", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            signatories_count=data.get("signatories_count") or 1,
            is_benefit_holder=bool(data.get("is_benefit_holder")),
            applicant_category=data.get("applicant_category", ""),
            consent_text=self.consent_text,
            wants_decision_updates=bool(data.get("wants_decision_updates")),
        )

    def demographics(self) -> Demographics | None:
        data = self.cleaned_data
        if not data.get("demographics_consent"):
            return None
        return Demographics(**{name: data.get(name) or "" for name in DEMOGRAPHIC_FIELDS})

    def submission(self) -> dict[str, Any]:
        """Keyword arguments of `appeal_submit` (the centre and base URL come from the view)."""
        data = self.cleaned_data
        return {
            "kind": self.kind,
            "text": data["text"],
            "submission_key": data["submission_key"],
            "applicant": self.applicant(),
            "demographics": self.demographics(),
            "office": data.get("office"),
            "service": data.get("service"),
            "is_urgent": bool(data.get("is_urgent")),
            "urgency_reason": data.get("urgency_reason", ""),
            "attachments": data.get("attachments") or [],
        }


def attachment_max_mb() -> int:
    max_bytes: int = getattr(settings, "VIDHUK_APPEAL_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
    return max_bytes // (1024 * 1024)
