"""Findings (what residents said), the decisions that answer them, and how those are carried out
(issue 12, "Ви сказали — ми зробили"). Overdue and progress are derived, never stored."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import CentreScopedModel, TimeStampedModel

from .choices import (
    OPEN_DECISION_STATES,
    DecisionEventKind,
    DecisionKind,
    DecisionState,
    FindingState,
    NoticeChannel,
    NoticeState,
    PhotoStage,
)


class DecisionsSettings(TimeStampedModel):
    """A centre's term for answering a finding and its rules that propose findings."""

    centre = models.OneToOneField(
        "core.Centre", on_delete=models.CASCADE, related_name="decisions_settings"
    )
    finding_term_days = models.PositiveSmallIntegerField(
        _("строк рішення за висновком, робочих днів"), default=30
    )
    rule_indicator_threshold = models.DecimalField(
        _("поріг показника опитування"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rule_complaints_per_month = models.PositiveSmallIntegerField(
        _("скарг на місяць для висновку"), default=5
    )
    rule_mystery_fails = models.PositiveSmallIntegerField(
        _("невиконань критерію таємного відвідувача"), default=2
    )
    rules_enabled = models.BooleanField(_("пропонувати висновки автоматично"), default=True)

    class Meta:
        verbose_name = _("налаштування рішень")
        verbose_name_plural = _("налаштування рішень")

    def __str__(self) -> str:
        return str(self.centre)


class Finding(CentreScopedModel, TimeStampedModel):
    """What residents said, drawn from evidence; it must end in a decision or a reasoned
    "no action" within the centre's term — nothing ends "for information"."""

    number = models.PositiveIntegerField(_("номер"))
    title = models.CharField(_("назва"), max_length=255)
    title_en = models.CharField(_("назва англійською"), max_length=255, blank=True)
    summary = models.TextField(_("ви сказали"))
    summary_en = models.TextField(_("ви сказали (англійською)"), blank=True)
    topic = models.CharField(_("тема"), max_length=120, blank=True)
    offices = models.ManyToManyField(
        "core.Office", blank=True, related_name="+", verbose_name=_("офіси")
    )
    services = models.ManyToManyField(
        "catalog.Service", blank=True, related_name="+", verbose_name=_("послуги")
    )
    state = models.CharField(
        _("стан"), max_length=16, choices=FindingState.choices, default=FindingState.OPEN
    )
    no_action_reason = models.TextField(_("обґрунтування, чому без дій"), blank=True)
    opened_on = models.DateField(_("відкрито"))
    due_on = models.DateField(_("рішення до"))
    decided_on = models.DateField(_("вирішено"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("хто створив"),
    )
    proposed_by_rule = models.CharField(_("запропоновано правилом"), max_length=40, blank=True)
    is_public = models.BooleanField(_("показувати на дошці"), default=True)
    # A double submit of the same form gives back the first record (the form carries the key).
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("висновок")
        verbose_name_plural = _("висновки")
        ordering = ["-opened_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "number"], name="decisions_finding_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(state=FindingState.NO_ACTION) | ~Q(no_action_reason=""),
                name="decisions_finding_no_action_has_reason",
                violation_error_message=_("Поясніть, чому за висновком не буде дій."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("opened_on")),
                name="decisions_finding_due_after_opened",
            ),
        ]
        indexes = [models.Index(fields=["centre", "state", "due_on"], name="decisions_find_due")]

    def __str__(self) -> str:
        return f"№ {self.number}. {self.title}"

    def is_overdue_on(self, today: dt.date) -> bool:
        return self.state == FindingState.OPEN and self.due_on < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


class Evidence(CentreScopedModel):
    """One thing residents said that a finding rests on: an appeal, a call, a survey figure..."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    source = models.CharField(_("джерело"), max_length=32)
    object_id = models.CharField(_("ідентифікатор"), max_length=64, blank=True)
    label = models.CharField(_("що це"), max_length=255)
    channel = models.CharField(_("канал"), max_length=32, blank=True)
    occurred_on = models.DateField(_("дата"), null=True, blank=True)
    office = models.ForeignKey(
        "core.Office",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("офіс"),
    )
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("послуга"),
    )
    figure = models.JSONField(_("показник на той час"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("хто додав"),
    )
    added_at = models.DateTimeField(_("додано"), auto_now_add=True)

    class Meta:
        verbose_name = _("підстава висновку")
        verbose_name_plural = _("підстави висновків")
        ordering = ["occurred_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "source", "object_id"],
                condition=~Q(object_id=""),
                name="decisions_evidence_once_per_finding",
                violation_error_message=_("Це вже є серед підстав висновку."),
            ),
        ]
        indexes = [models.Index(fields=["source", "object_id"], name="decisions_evid_object")]

    def __str__(self) -> str:
        return self.label


def order_scan_path(instance: Decision, filename: str) -> str:
    # The stored name is random: the uploaded file's name is never used on disk.
    return f"decisions/{instance.centre_id}/orders/{uuid.uuid4().hex}.pdf"


class Decision(CentreScopedModel, TimeStampedModel):
    """What the centre or the council decided in answer to findings, followed to the end."""

    number = models.PositiveIntegerField(_("номер"))
    findings = models.ManyToManyField(
        Finding, blank=True, related_name="decisions", verbose_name=_("висновки")
    )
    kind = models.CharField(_("вид рішення"), max_length=24, choices=DecisionKind.choices)
    title = models.CharField(_("назва"), max_length=255)
    title_en = models.CharField(_("назва англійською"), max_length=255, blank=True)
    order_number = models.CharField(_("номер документа"), max_length=64, blank=True)
    order_date = models.DateField(_("дата документа"), null=True, blank=True)
    signed_by = models.CharField(_("підписав"), max_length=255, blank=True)
    order_scan = models.FileField(
        _("скан документа (PDF)"), upload_to=order_scan_path, max_length=255, blank=True
    )
    owner = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("відповідальний"),
    )
    owner_unit = models.CharField(_("відповідальний підрозділ"), max_length=255, blank=True)
    due_on = models.DateField(_("виконати до"), null=True, blank=True)
    offices = models.ManyToManyField(
        "core.Office", blank=True, related_name="+", verbose_name=_("офіси")
    )
    services = models.ManyToManyField(
        "catalog.Service", blank=True, related_name="+", verbose_name=_("послуги")
    )
    summary = models.TextField(_("ми зробили"), blank=True)
    summary_en = models.TextField(_("ми зробили (англійською)"), blank=True)
    state = models.CharField(
        _("стан"), max_length=16, choices=DecisionState.choices, default=DecisionState.DRAFT
    )
    state_reason = models.TextField(_("причина або примітка"), blank=True)
    verification_note = models.TextField(_("примітка перевірки"), blank=True)
    public_revision = models.PositiveIntegerField(_("публічна версія"), default=0)
    adopted_on = models.DateField(_("ухвалено"), null=True, blank=True)
    done_on = models.DateField(_("виконано"), null=True, blank=True)
    verified_on = models.DateField(_("перевірено"), null=True, blank=True)
    # A double submit of the same form gives back the first record (the form carries the key).
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("рішення")
        verbose_name_plural = _("рішення")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "number"], name="decisions_decision_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[DecisionState.NOT_DONE, DecisionState.CANCELLED])
                | ~Q(state_reason=""),
                name="decisions_decision_exit_has_reason",
                violation_error_message=_("Вкажіть публічну причину."),
            ),
        ]
        indexes = [models.Index(fields=["centre", "state", "due_on"], name="decisions_dec_due")]

    def __str__(self) -> str:
        return f"№ {self.number}. {self.title}"

    def is_overdue_on(self, today: dt.date) -> bool:
        return (
            self.state in OPEN_DECISION_STATES and self.due_on is not None and self.due_on < today
        )

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    @property
    def is_public(self) -> bool:
        return self.state != DecisionState.DRAFT

    @property
    def progress_percent(self) -> int:
        """Done milestones' share of all milestones' weight (prefetch ``milestones`` for lists)."""
        milestones = list(self.milestones.all())
        total = sum(m.weight for m in milestones)
        if not total:
            return 100 if self.state in (DecisionState.DONE, DecisionState.VERIFIED) else 0
        done = sum(m.weight for m in milestones if m.done_on is not None)
        return round(100 * done / total)


class Milestone(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("етап"), max_length=255)
    title_en = models.CharField(_("етап англійською"), max_length=255, blank=True)
    planned_on = models.DateField(_("заплановано на"))
    done_on = models.DateField(_("виконано"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("вага"), default=1)
    position = models.PositiveIntegerField(_("порядок"), default=0)
    # A double submit of the same form gives back the first record (the form carries the key).
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("етап виконання")
        verbose_name_plural = _("етапи виконання")
        ordering = ["position", "planned_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1), name="decisions_milestone_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_slipped_on(self, today: dt.date) -> bool:
        if self.done_on is None:
            return self.planned_on < today
        return self.done_on > self.planned_on

    @property
    def is_slipped(self) -> bool:
        return self.is_slipped_on(timezone.localdate())


class ProgressUpdate(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("що зроблено"))
    text_en = models.TextField(_("що зроблено (англійською)"), blank=True)
    is_public = models.BooleanField(_("показувати на дошці"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("хто додав"),
    )
    created_at = models.DateTimeField(_("додано"), auto_now_add=True)
    # A double submit of the same form gives back the first record (the form carries the key).
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("хід виконання")
        verbose_name_plural = _("хід виконання")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


def progress_photo_path(instance: ProgressPhoto, filename: str) -> str:
    decision = instance.update.decision
    return f"decisions/{decision.centre_id}/photos/{uuid.uuid4().hex}"


class ProgressPhoto(models.Model):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("фото"), upload_to=progress_photo_path, max_length=255)
    stage = models.CharField(
        _("коли знято"), max_length=8, choices=PhotoStage.choices, default=PhotoStage.OTHER
    )
    caption = models.CharField(_("підпис"), max_length=255, blank=True)
    content_type = models.CharField(_("тип"), max_length=64, default="image/jpeg")

    class Meta:
        verbose_name = _("фото виконання")
        verbose_name_plural = _("фото виконання")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption or self.get_stage_display()


class DecisionEvent(models.Model):
    """One line of a decision's history; public state changes carry the revision residents are
    told about."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("коли"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("хто"),
    )
    kind = models.CharField(_("подія"), max_length=16, choices=DecisionEventKind.choices)
    from_state = models.CharField(
        _("зі стану"), max_length=16, choices=DecisionState.choices, blank=True
    )
    to_state = models.CharField(
        _("у стан"), max_length=16, choices=DecisionState.choices, blank=True
    )
    note = models.TextField(_("примітка"), blank=True)
    is_public = models.BooleanField(_("публічна"), default=False)
    public_revision = models.PositiveIntegerField(_("публічна версія"), null=True, blank=True)

    class Meta:
        verbose_name = _("подія рішення")
        verbose_name_plural = _("події рішень")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["decision", "at"], name="decisions_event_timeline")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class DecisionIndicator(models.Model):
    """A survey indicator whose change shows the decision's effect."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="indicators")
    questionnaire_id = models.PositiveIntegerField(_("опитування"))
    question_key = models.CharField(_("питання"), max_length=64)
    label = models.CharField(_("показник"), max_length=255)
    office = models.ForeignKey(
        "core.Office",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("офіс"),
    )
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("послуга"),
    )
    baseline = models.JSONField(_("до рішення"), null=True, blank=True)

    class Meta:
        verbose_name = _("показник ефекту")
        verbose_name_plural = _("показники ефекту")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label


class DecisionNotice(models.Model):
    """The notification ledger: one row per decision, public revision and resident, so each
    resident is told once per public change however often the job runs."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="notices")
    public_revision = models.PositiveIntegerField(_("публічна версія"))
    recipient_key = models.CharField(_("одержувач"), max_length=64)
    channel = models.CharField(_("канал"), max_length=8, choices=NoticeChannel.choices)
    mail = models.ForeignKey(
        "core.OutgoingMail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("лист"),
    )
    state = models.CharField(
        _("стан"), max_length=12, choices=NoticeState.choices, default=NoticeState.PENDING
    )
    created_at = models.DateTimeField(_("створено"), auto_now_add=True)

    class Meta:
        verbose_name = _("повідомлення про рішення")
        verbose_name_plural = _("повідомлення про рішення")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "public_revision", "recipient_key"],
                name="decisions_notice_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}/{self.public_revision}/{self.recipient_key}"
