"""Questionnaires, their frozen versions, anonymous responses and single-use visit tokens.

Anonymity by design (issue 4): a ``Response`` and its ``Answer`` rows carry no account, no IP
address, no session or cookie, and no time finer than the calendar day (``submitted_on``). A
``VisitToken`` knows the centre, office, service and day of a visit, never the visitor, and no
response points back to the token it used.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vidhuk.catalog.models import Service
from vidhuk.core.models import CentreScopedModel, Office, TimeStampedModel

from .choices import (
    BatchKind,
    Channel,
    Moderation,
    QuestionnaireKind,
    QuestionType,
    VersionStatus,
)


class Questionnaire(CentreScopedModel, TimeStampedModel):
    """A centre's questionnaire; what residents answer is always one of its versions."""

    kind = models.CharField(_("вид"), max_length=20, choices=QuestionnaireKind.choices)
    slug = models.SlugField(_("ідентифікатор"), max_length=60)
    title_uk = models.CharField(_("назва українською"), max_length=255)
    title_en = models.CharField(_("назва англійською"), max_length=255, blank=True)
    privacy_note_uk = models.TextField(
        _("примітка про конфіденційність українською"),
        blank=True,
        help_text=_("Що зберігається і що ні; показується над анкетою. Порожньо — типовий текст."),
    )
    privacy_note_en = models.TextField(_("примітка про конфіденційність англійською"), blank=True)
    results_public = models.BooleanField(
        _("оприлюднювати результати на порталі"),
        default=False,
        help_text=_("Лише зведені дані без груп менше 5 осіб і лише схвалені коментарі."),
    )

    class Meta:
        verbose_name = _("анкета")
        verbose_name_plural = _("анкети")
        ordering = ["title_uk"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "slug"],
                name="questionnaire_slug_unique_in_centre",
                violation_error_message=_("Анкета з таким ідентифікатором уже є в центрі."),
            ),
        ]

    def __str__(self) -> str:
        return self.title_uk


class QuestionnaireVersion(TimeStampedModel):
    """One version of a questionnaire. Once published it is frozen: editing makes a new draft."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("номер версії"))
    status = models.CharField(
        _("стан"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(_("опубліковано"), null=True, blank=True)

    class Meta:
        verbose_name = _("версія анкети")
        verbose_name_plural = _("версії анкет")
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=Q(status=VersionStatus.DRAFT),
                name="questionnaire_one_draft",
                violation_error_message=_("В анкети вже є чернетка нової версії."),
            ),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=Q(status=VersionStatus.PUBLISHED),
                name="questionnaire_one_published",
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT) | Q(published_at__isnull=False),
                name="questionnaire_version_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} — v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def clean(self) -> None:
        if self.pk is None:
            return
        stored = type(self)._default_manager.filter(pk=self.pk).values_list("status", flat=True)
        stored_status = stored.first()
        if stored_status == VersionStatus.RETIRED and self.status != VersionStatus.RETIRED:
            raise ValidationError(_("Знята з використання версія не може повернутися."))
        if stored_status == VersionStatus.PUBLISHED and self.status == VersionStatus.DRAFT:
            raise ValidationError(_("Опублікована версія незмінна; створіть нову версію."))


def ensure_draft(version: QuestionnaireVersion) -> None:
    """A published or retired version is frozen: its sections and questions cannot change."""
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Версію %(number)s уже опубліковано, її не можна змінювати; створіть нову версію.")
            % {"number": version.number}
        )


def ensure_stored_draft(version_id: int) -> None:
    """``ensure_draft`` against the stored row: a cached version object may be out of date."""
    ensure_draft(QuestionnaireVersion.objects.only("status", "number").get(pk=version_id))


class Section(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="sections"
    )
    title_uk = models.CharField(_("назва розділу українською"), max_length=255)
    title_en = models.CharField(_("назва розділу англійською"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("розділ анкети")
        verbose_name_plural = _("розділи анкети")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title_uk

    def clean(self) -> None:
        ensure_stored_draft(self.version_id)


QUESTION_ORDER = ("section__position", "section_id", "position", "id")


class Question(models.Model):
    """A question of one version.

    ``options`` — list of ``{"value", "label_uk", "label_en"}`` (choice and matrix types; an option
    may carry ``"is_satisfied": true`` to count towards the share satisfied). ``rows`` — the items
    of a matrix in the same shape. ``show_if`` — simple skip logic, ``{"question": code,
    "equals": [values]}``: the question is shown only when that earlier answer is one of them.
    """

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("код питання"), max_length=60)
    type = models.CharField(_("тип"), max_length=20, choices=QuestionType.choices)
    text_uk = models.TextField(_("питання українською"))
    text_en = models.TextField(_("питання англійською"), blank=True)
    help_uk = models.TextField(_("підказка українською"), blank=True)
    help_en = models.TextField(_("підказка англійською"), blank=True)
    is_required = models.BooleanField(_("обов’язкове"), default=False)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    options: models.JSONField[Any] = models.JSONField(_("варіанти"), default=list, blank=True)
    rows: models.JSONField[Any] = models.JSONField(_("рядки матриці"), default=list, blank=True)
    show_if: models.JSONField[Any] = models.JSONField(_("показувати, якщо"), null=True, blank=True)

    class Meta:
        verbose_name = _("питання")
        verbose_name_plural = _("питання")
        ordering = list(QUESTION_ORDER)
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="question_code_unique_in_version",
                violation_error_message=_("Питання з таким кодом уже є в цій версії."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text_uk[:60]}"

    def clean(self) -> None:
        ensure_stored_draft(self.version_id)
        if self.section_id is not None and self.section.version_id != self.version_id:
            raise ValidationError(_("Розділ належить іншій версії анкети."))

    def option_values(self) -> list[str]:
        return [str(option["value"]) for option in self.options]

    def row_values(self) -> list[str]:
        return [str(row["value"]) for row in self.rows]

    def label_of(self, value: str) -> str:
        for option in self.options:
            if str(option["value"]) == value:
                return str(option["label_uk"])
        return value


class ResponseBatch(CentreScopedModel, TimeStampedModel):
    """Paper forms entered together (a box opening, a day's post) or one imported file.

    It names the staff member who entered or imported the batch, never a respondent.
    """

    kind = models.CharField(_("вид"), max_length=10, choices=BatchKind.choices)
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="batches"
    )
    label = models.CharField(_("опис"), max_length=255, blank=True)
    received_on = models.DateField(_("дата надходження"))
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("вніс"),
    )
    source_name = models.CharField(_("назва файлу"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("пакет відповідей")
        verbose_name_plural = _("пакети відповідей")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.received_on:%d.%m.%Y}"


class Response(CentreScopedModel):
    """One anonymous response to one version.

    Deliberately no created/updated timestamps, user, IP address, session or cookie: the only
    time is the calendar day. ``submission_key`` is a random value the form carries so a double
    submit of the same form stores one response; it identifies the form, not the person.
    """

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses"
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("канал"), max_length=20, choices=Channel.choices)
    submitted_on = models.DateField(_("дата заповнення"), db_index=True)
    submission_key = models.CharField(_("ключ подання"), max_length=64)
    batch = models.ForeignKey(
        "ResponseBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("пакет"),
    )

    class Meta:
        verbose_name = _("відповідь на анкету")
        verbose_name_plural = _("відповіді на анкети")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "submission_key"], name="response_submission_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.submitted_on:%d.%m.%Y}"


class Answer(models.Model):
    """One answered value, in typed columns rather than a JSON document.

    Results of a million responses are GROUP BY queries over this table: a single choice or
    yes/no answer is in ``choice``, a 1–5 rating or 0–10 scale in ``number`` (so the loyalty
    index is ``COUNT(*) FILTER (WHERE number >= 9)``), a multiple choice gives one row per
    option ticked and a matrix one row per matrix row (``row``), free text is in ``text``. Each
    of these is an indexed plain column; a JSON value per response would need ``jsonb``
    extraction and unnesting on every row at query time.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    row = models.CharField(_("рядок матриці"), max_length=60, blank=True)
    choice = models.CharField(_("варіант"), max_length=60, blank=True)
    number = models.SmallIntegerField(_("оцінка"), null=True, blank=True)
    text = models.TextField(_("текст"), blank=True)
    # Free text only: blank for other answers, "pending" until a moderator decides.
    moderation = models.CharField(
        _("модерація"), max_length=10, choices=Moderation.choices, blank=True
    )
    public_text = models.TextField(
        _("текст для оприлюднення"),
        blank=True,
        help_text=_("Текст без імен, телефонів та інших персональних даних."),
    )

    class Meta:
        verbose_name = _("відповідь на питання")
        verbose_name_plural = _("відповіді на питання")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "row", "choice"], name="answer_unique_value"
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=0, number__lte=10),
                name="answer_number_in_scale",
            ),
        ]
        indexes = [
            models.Index(fields=["question", "choice"], name="answer_question_choice"),
            models.Index(fields=["question", "number"], name="answer_question_number"),
            models.Index(
                fields=["question", "moderation"],
                name="answer_text_moderation",
                condition=~Q(moderation=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}={self.choice or self.number or self.text[:30]}"


class VisitToken(CentreScopedModel):
    """A single-use code printed on a receipt or queue ticket: one visit gives one answer.

    Tied to the centre, office, service and day of the visit — never to a person. Only the
    HMAC of the code is stored (see ``tokens.py``). The row is deleted in the transaction that
    stores the answer (a ``SpentVisitCode`` remembers that the code was used): a row updated
    there would carry that transaction's id (PostgreSQL's ``xmin``) and so pair the response
    with the token — and the token with the queue ticket issued in the same transaction.
    """

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    valid_on = models.DateField(_("день візиту"))
    code_hash = models.CharField(_("відбиток коду"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("код візиту")
        verbose_name_plural = _("коди візитів")
        ordering = ["-valid_on", "id"]

    def __str__(self) -> str:
        return f"{self.office} — {self.valid_on:%d.%m.%Y}"


class SpentVisitCode(CentreScopedModel):
    """A visit code already answered with, kept only to tell the visitor «already used».

    ``digest`` is an HMAC of the code under another purpose than ``VisitToken.code_hash``
    (``tokens.spent_code_digest``): without the code itself the row cannot be matched to the
    token it replaced, to a backup of that token, or to the ticket behind it. No link but the
    centre, and no serial id that would line the rows up with the responses in the order they
    were stored. ``surveys_daily`` rewrites the rows (so their ``xmin`` is no longer the
    answering transaction's) and deletes them once the code could no longer be valid anyway.
    """

    digest = models.CharField(_("відбиток коду"), max_length=64, primary_key=True)
    spent_on = models.DateField(_("день відповіді"))

    class Meta:
        verbose_name = _("використаний код візиту")
        verbose_name_plural = _("використані коди візитів")
        indexes = [models.Index(fields=["spent_on"], name="spent_visit_code_day")]

    def __str__(self) -> str:
        return f"{self.spent_on:%d.%m.%Y}"


class ResultsVersion(models.Model):
    """A counter of the changes to what a questionnaire's results count (``results.freshness``).

    Every service that stores, removes or re-files a response (or publishes a version) adds one in
    its own transaction; a cached results report keeps the number it was computed at, so telling
    whether it is current is reading one row, however many responses there are. A table of its
    own, not a column of ``Questionnaire``: saving a questionnaire edited in the builder would
    write back the number it was read with and undo a concurrent change."""

    questionnaire = models.OneToOneField(
        Questionnaire, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    n = models.PositiveBigIntegerField(_("номер зміни результатів"), default=0)

    class Meta:
        verbose_name = _("версія результатів")
        verbose_name_plural = _("версії результатів")

    def __str__(self) -> str:
        return f"{self.questionnaire_id}: {self.n}"


class PrintRun(CentreScopedModel):
    """One printed PDF of a questionnaire: ``copies`` copies, numbered ``first_serial`` …
    ``last_serial`` in the centre's own sequence (``services.printing.print_run_create``).

    The serial rides in every page's QR code (``qr.page_payload``): a scan's pages are grouped
    into sheets by it, and a sheet scanned twice is known. A run records what was printed, when
    and by whom — never to whom a copy was handed, and no response points to a serial (scanning
    keeps only a keyed digest of the serials it has entered, with no link to the response).
    """

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="+")
    size = models.CharField(_("шрифт"), max_length=10)
    language = models.CharField(_("мова"), max_length=5)
    first_serial = models.PositiveIntegerField(_("перший номер"))
    copies = models.PositiveIntegerField(_("примірників"))
    printed_at = models.DateTimeField(_("надруковано"), auto_now_add=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("тираж паперових анкет")
        verbose_name_plural = _("тиражі паперових анкет")
        ordering = ["-first_serial"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "first_serial"], name="print_run_serials"),
            models.CheckConstraint(
                condition=Q(first_serial__gte=1, copies__gte=1), name="print_run_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.first_serial}–{self.last_serial}"

    @property
    def last_serial(self) -> int:
        return self.first_serial + self.copies - 1
