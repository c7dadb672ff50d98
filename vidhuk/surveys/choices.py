"""Enumerations of questionnaires, their questions, versions and response channels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionType(models.TextChoices):
    SINGLE_CHOICE = "single_choice", _("Один варіант")
    MULTIPLE_CHOICE = "multiple_choice", _("Кілька варіантів")
    RATING = "rating", _("Оцінка від 1 до 5")
    SCALE = "scale", _("Шкала від 0 до 10")
    YES_NO = "yes_no", _("Так / ні")
    TEXT = "text", _("Вільна відповідь")
    MATRIX = "matrix", _("Матриця")


CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})
NUMBER_RANGES: dict[str, tuple[int, int]] = {
    QuestionType.RATING: (1, 5),
    QuestionType.SCALE: (0, 10),
}
YES = "yes"
NO = "no"


class QuestionnaireKind(models.TextChoices):
    VISITOR_SURVEY = "visitor_survey", _("Опитування відвідувачів")
    MYSTERY_SHOPPER = "mystery_shopper", _("Чек-лист таємного відвідувача")


class Channel(models.TextChoices):
    """How a response reached the centre; recorded on every response."""

    WEB = "web", _("Відкрите посилання")
    VISIT_TOKEN = "visit_token", _("Код візиту (QR-код)")
    PAPER = "paper", _("Паперова анкета, внесена працівником")
    XLSFORM_IMPORT = "xlsform_import", _("Офлайн-збір (імпорт XLSForm)")
    MYSTERY_SHOPPER = "mystery_shopper", _("Звіт таємного відвідувача")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Чернетка")
    PUBLISHED = "published", _("Опублікована")
    RETIRED = "retired", _("Знята з використання")


class Moderation(models.TextChoices):
    """Free-text answers are moderated before anything is shown publicly."""

    PENDING = "pending", _("Очікує модерації")
    PUBLISHED = "published", _("Дозволено до оприлюднення")
    REJECTED = "rejected", _("Не оприлюднювати")


class BatchKind(models.TextChoices):
    PAPER = "paper", _("Паперові анкети")
    IMPORT = "import", _("Імпорт з KoboToolbox / ODK")
