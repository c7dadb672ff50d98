"""Classifiers of findings and decisions (issue 12)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingState(models.TextChoices):
    OPEN = "open", _("Очікує рішення")
    DECIDED = "decided", _("Ухвалено рішення")
    NO_ACTION = "no_action", _("Без дій (з обґрунтуванням)")


class DecisionKind(models.TextChoices):
    HEAD_ORDER = "head_order", _("Розпорядження керівника")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Рішення виконавчого комітету")
    REGULATION_CHANGE = "regulation_change", _("Зміна положення про ЦНАП")
    ORGANISATIONAL = "organisational", _("Організаційний захід")


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Чернетка")
    ADOPTED = "adopted", _("Ухвалено")
    IN_PROGRESS = "in_progress", _("Виконується")
    DONE = "done", _("Виконано")
    VERIFIED = "verified", _("Ефект перевірено")
    PARTLY_DONE = "partly_done", _("Виконано частково")
    NOT_DONE = "not_done", _("Не виконано")
    CANCELLED = "cancelled", _("Скасовано")


# States in which a decision is still being carried out: a due date past is overdue.
OPEN_DECISION_STATES = frozenset({DecisionState.ADOPTED, DecisionState.IN_PROGRESS})


class DecisionEventKind(models.TextChoices):
    CREATED = "created", _("Створено")
    STATE = "state", _("Зміна стану")
    EDITED = "edited", _("Змінено")
    MILESTONE = "milestone", _("Етап")
    UPDATE = "update", _("Хід виконання")
    INDICATOR = "indicator", _("Показник")


class PhotoStage(models.TextChoices):
    BEFORE = "before", _("До")
    AFTER = "after", _("Після")
    OTHER = "other", _("Інше")


class NoticeChannel(models.TextChoices):
    EMAIL = "email", _("Електронна пошта")
    LETTER = "letter", _("Лист поштою")


class NoticeState(models.TextChoices):
    PENDING = "pending", _("Очікує")
    SENT = "sent", _("Надіслано")
    LETTER = "letter", _("До друку листом")
    AMBIGUOUS = "ambiguous", _("Невідомо, чи надіслано")
