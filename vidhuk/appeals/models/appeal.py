"""Appeals, information requests and feedback from every channel, with their case history.

No IP address is stored on any of these rows (issue 3, "Abuse and safety").
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vidhuk.core.modelfields import CodeListField
from vidhuk.core.models import CentreScopedModel, Office, TimeStampedModel

from ..choices import (
    CLASSIFIER_TOPIC_CHOICES,
    CLASSIFIER_TOPICS,
    FEEDBACK_KINDS,
    KIND_GROUP,
    AgeGroup,
    AnswerDelivery,
    ApplicantCategory,
    Channel,
    ConsiderationResult,
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
    YesNoUndisclosed,
)
from ._fields import optional_office, optional_service, staff_member


class SuggestionBoxOpening(CentreScopedModel, TimeStampedModel):
    """One opening of a suggestion box: its entries are the items with channel "box"."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("офіс")
    )
    opened_on = models.DateField(_("дата відкриття"))
    opened_by = models.CharField(
        _("хто відкривав"), max_length=500, help_text=_("Прізвища та посади членів комісії.")
    )
    actor = staff_member(_("хто вніс"))
    note = models.TextField(_("примітка"), blank=True)

    class Meta:
        verbose_name = _("відкриття скриньки")
        verbose_name_plural = _("відкриття скриньок")
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.office} — {self.opened_on:%d.%m.%Y}"


class Appeal(CentreScopedModel, TimeStampedModel):
    """One item received by the centre: a formal appeal, an information request or feedback.

    Holds the registration card of Instruction КМУ №348 (values of Classifier №858), the
    applicant, the content and the case work. `due_at` is the deadline in force (an aware
    datetime; for appeals the end of the deadline day in Kyiv), `initial_due_at` the one set at
    registration. Feedback has no legal deadline.
    """

    # --- registration -----------------------------------------------------------------------
    registration_year = models.PositiveSmallIntegerField(_("рік реєстрації"), editable=False)
    registration_number = models.PositiveIntegerField(_("порядковий номер"), editable=False)
    registration_index = models.CharField(_("реєстраційний індекс"), max_length=32, editable=False)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("канал"), max_length=16, choices=Channel.choices)
    receipt_form = models.CharField(
        _("форма надходження"), max_length=24, choices=ReceiptForm.choices
    )
    sign = models.CharField(
        _("ознака надходження"), max_length=16, choices=Sign.choices, default=Sign.PRIMARY
    )
    subject = models.CharField(
        _("суб’єкт"), max_length=16, choices=Subject.choices, default=Subject.INDIVIDUAL
    )
    document_type = models.CharField(_("тип"), max_length=16, choices=DocumentType.choices)
    received_at = models.DateTimeField(_("дата надходження"))
    document_date = models.DateField(_("дата підписання або дзвінка"), null=True, blank=True)
    sent_from = models.CharField(
        _("звідки надійшло"),
        max_length=255,
        blank=True,
        help_text=_("Орган чи організація, що переслали звернення."),
    )
    sent_from_index = models.CharField(_("індекс документа відправника"), max_length=64, blank=True)
    sent_from_date = models.DateField(_("дата документа відправника"), null=True, blank=True)
    submission_key = models.UUIDField(_("ключ подання"), null=True, blank=True, editable=False)
    # The tracker token is HMAC(SECRET_KEY, tracker_salt): the database alone (a backup, the
    # task queue) never holds a working link; only its SHA-256 is kept for the lookup.
    tracker_salt = models.CharField(max_length=32, editable=False, blank=True)
    tracker_token_hash = models.CharField(max_length=64, unique=True, editable=False)

    # --- channel details --------------------------------------------------------------------
    book_number = models.CharField(_("номер книги скарг і пропозицій"), max_length=32, blank=True)
    book_page = models.PositiveIntegerField(_("сторінка книги"), null=True, blank=True)
    social_post_url = models.URLField(_("посилання на допис"), max_length=500, blank=True)
    box_opening = models.ForeignKey(
        SuggestionBoxOpening,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("відкриття скриньки"),
    )

    # --- applicant --------------------------------------------------------------------------
    is_anonymous = models.BooleanField(_("анонімно"), default=False)
    full_name = models.CharField(_("прізвище, ім’я, по батькові"), max_length=255, blank=True)
    address = models.CharField(_("місце проживання"), max_length=500, blank=True)
    email = models.EmailField(_("електронна пошта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=32, blank=True)
    signatories_count = models.PositiveIntegerField(
        _("кількість підписантів"), default=1, validators=[MinValueValidator(1)]
    )
    applicant_category = models.CharField(
        _("категорія заявника"), max_length=24, choices=ApplicantCategory.choices, blank=True
    )
    social_status = models.CharField(
        _("соціальний стан"), max_length=16, choices=SocialStatus.choices, blank=True
    )
    is_benefit_holder = models.BooleanField(
        _("має пільги"), default=False, help_text=_("Розглядається першочергово (ст. 20).")
    )
    consent_text = models.TextField(_("текст згоди на обробку даних"), blank=True)
    consent_given_at = models.DateTimeField(_("згоду надано"), null=True, blank=True)
    # Asked with its own checkbox, off unless ticked: decisions tells only who asked (issue 12).
    wants_decision_updates = models.BooleanField(
        _("повідомляти про рішення за зверненням"), default=False
    )
    # Voluntary demographics, asked with a separate consent and kept as given on that day.
    demographics_consent_at = models.DateTimeField(
        _("згоду на демографічні дані надано"), null=True, blank=True
    )
    sex = models.CharField(_("стать"), max_length=12, choices=Sex.choices, blank=True)
    age_group = models.CharField(
        _("вікова група"), max_length=12, choices=AgeGroup.choices, blank=True
    )
    is_idp = models.CharField(
        _("внутрішньо переміщена особа"),
        max_length=12,
        choices=YesNoUndisclosed.choices,
        blank=True,
    )
    has_disability = models.CharField(
        _("має інвалідність"), max_length=12, choices=YesNoUndisclosed.choices, blank=True
    )
    is_pensioner = models.CharField(
        _("пенсіонер(-ка)"), max_length=12, choices=YesNoUndisclosed.choices, blank=True
    )
    is_veteran = models.CharField(
        _("ветеран(-ка)"), max_length=12, choices=YesNoUndisclosed.choices, blank=True
    )

    # --- content ----------------------------------------------------------------------------
    text = models.TextField(_("зміст"))
    topic = models.CharField(_("тема"), max_length=24, choices=Topic.choices, blank=True)
    # Classifier №858, part II: the main question's section and the additional questions' ones.
    topic_code = models.CharField(
        _("основне питання за класифікатором"),
        max_length=4,
        choices=CLASSIFIER_TOPIC_CHOICES,
        blank=True,
    )
    # Codes of CLASSIFIER_TOPIC_CHOICES, checked by services.card (a text «,2,8,» that SQLite
    # and PostgreSQL both search).
    additional_topic_codes = CodeListField(verbose_name=_("додаткові питання за класифікатором"))
    office = optional_office()
    service = optional_service()
    staff_remark = models.TextField(_("зауваження щодо працівника"), blank=True)

    # --- case work --------------------------------------------------------------------------
    status = models.CharField(
        _("стан"), max_length=24, choices=Status.choices, default=Status.REGISTERED
    )
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("виконавець"),
    )
    co_executors: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AppealCoExecutor",
        related_name="+",
        blank=True,
        verbose_name=_("співвиконавці"),
    )
    is_urgent = models.BooleanField(
        _("терміновий запит (48 годин)"),
        default=False,
        help_text=_(
            "Загроза життю чи свободі, довкіллю, безпеці харчування, надзвичайна ситуація."
        ),
    )
    urgency_reason = models.TextField(_("обґрунтування терміновості"), blank=True)
    initial_due_at = models.DateTimeField(_("початковий строк"), null=True, blank=True)
    due_at = models.DateTimeField(_("строк розгляду"), null=True, blank=True)
    extension_reason = models.TextField(_("підстава продовження строку"), blank=True)
    extended_at = models.DateTimeField(_("строк продовжено"), null=True, blank=True)
    answer_text = models.TextField(_("відповідь"), blank=True)
    answer_delivery = models.CharField(
        _("спосіб надсилання відповіді"), max_length=8, choices=AnswerDelivery.choices, blank=True
    )
    answered_at = models.DateTimeField(_("дата відповіді"), null=True, blank=True)
    result = models.CharField(
        _("результат розгляду"), max_length=12, choices=ConsiderationResult.choices, blank=True
    )
    # The back of the registration card (Instruction №348): the head's resolution on the case.
    resolution_text = models.TextField(_("резолюція"), blank=True)
    resolution_author = models.CharField(_("автор резолюції"), max_length=255, blank=True)
    resolution_date = models.DateField(_("дата резолюції"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("знято з контролю"),
        null=True,
        blank=True,
        help_text=_("Від цієї дати лічиться строк зберігання."),
    )
    forwarded_to = models.CharField(_("кому переслано"), max_length=500, blank=True)
    forward_reason = models.TextField(_("чому переслано"), blank=True)
    return_reason = models.TextField(_("чому повернуто"), blank=True)
    not_considered_reason = models.CharField(
        _("підстава нерозгляду"), max_length=16, choices=NotConsideredReason.choices, blank=True
    )
    anonymised_at = models.DateTimeField(_("знеособлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("звернення")
        verbose_name_plural = _("звернення")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "registration_year", "registration_number"],
                name="appeal_number_unique_in_centre_year",
            ),
            models.UniqueConstraint(
                fields=["centre", "registration_year", "registration_index"],
                name="appeal_index_unique_in_centre_year",
            ),
            models.UniqueConstraint(
                fields=["centre", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="appeal_submission_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(kind__in=sorted(FEEDBACK_KINDS)),
                name="appeal_anonymous_only_feedback",
                violation_error_message=_(
                    "Анонімним може бути лише відгук: звернення й запит потребують імені."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_anonymous=True) | ~Q(full_name="") | Q(anonymised_at__isnull=False),
                name="appeal_named_unless_anonymous",
                violation_error_message=_("Вкажіть прізвище, ім’я та по батькові."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.ANSWERED) | Q(answered_at__isnull=False),
                name="appeal_answered_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "status", "due_at"], name="appeal_inbox_due"),
            models.Index(fields=["centre", "-received_at"], name="appeal_inbox_received"),
            models.Index(fields=["centre", "executor", "status"], name="appeal_executor"),
            models.Index(
                fields=["closed_at"],
                name="appeal_closed_at",
                condition=Q(anonymised_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        # The kind's own label: get_kind_display() builds a dict of every label (each one
        # translated to be hashed) on every call.
        kind = Kind(self.kind).label if self.kind in Kind.values else self.kind
        return f"{self.registration_index} — {kind}"

    @property
    def kind_group(self) -> str:
        return KIND_GROUP[self.kind]

    @property
    def is_appeal(self) -> bool:
        return self.kind_group == KindGroup.APPEAL

    @property
    def is_info_request(self) -> bool:
        return self.kind_group == KindGroup.INFO_REQUEST

    @property
    def is_feedback(self) -> bool:
        return self.kind_group == KindGroup.FEEDBACK

    @property
    def additional_topic_labels(self) -> list[str]:
        """The additional questions' sections of the classifier, in words."""
        return [str(CLASSIFIER_TOPICS.get(code, code)) for code in self.additional_topic_codes]

    @property
    def is_collective(self) -> bool:
        return self.subject == Subject.COLLECTIVE or self.signatories_count > 1

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        group = KIND_GROUP.get(self.kind)
        if self.is_anonymous and group != KindGroup.FEEDBACK:
            errors.setdefault("kind", []).append(
                _(
                    "Анонімне звернення не розглядається (ст. 8 Закону «Про звернення "
                    "громадян»). Анонімно можна залишити лише відгук."
                )
            )
        if self.anonymised_at is None and not self.is_anonymous:
            if not self.full_name.strip():
                errors.setdefault("full_name", []).append(
                    _("Вкажіть прізвище, ім’я та по батькові.")
                )
            if group == KindGroup.APPEAL:
                self._clean_appeal_applicant(errors)
            if group == KindGroup.INFO_REQUEST and not (self.email or self.address):
                errors.setdefault("email", []).append(
                    _(
                        "Для запиту вкажіть поштову адресу або електронну пошту "
                        "(ст. 19 Закону 2939-VI)."
                    )
                )
        if self.anonymised_at is not None:
            if errors:
                raise ValidationError(errors)
            return
        if self.is_urgent and group != KindGroup.INFO_REQUEST:
            errors.setdefault("is_urgent", []).append(
                _("Терміновим (48 годин) може бути лише запит на публічну інформацію.")
            )
        if self.channel == Channel.BOOK and not self.book_number:
            errors.setdefault("book_number", []).append(_("Вкажіть номер книги."))
        if self.channel == Channel.SOCIAL and not self.social_post_url:
            errors.setdefault("social_post_url", []).append(_("Додайте посилання на допис."))
        if self.box_opening_id is not None and self.channel != Channel.BOX:
            errors.setdefault("box_opening", []).append(
                _("Відкриття скриньки вказують лише для каналу «Скринька».")
            )
        if errors:
            raise ValidationError(errors)

    def _clean_appeal_applicant(self, errors: dict[str, list[Any]]) -> None:
        """Art. 5: name, place of residence and, for an electronic appeal, a contact."""
        if not self.address.strip():
            errors.setdefault("address", []).append(
                _("Вкажіть місце проживання (ст. 5 Закону «Про звернення громадян»).")
            )
        if self.document_type == DocumentType.ELECTRONIC and not (self.email or self.phone):
            errors.setdefault("email", []).append(
                _("Вкажіть електронну пошту або телефон для відповіді.")
            )
