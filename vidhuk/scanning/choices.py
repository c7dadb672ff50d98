from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchState(models.TextChoices):
    READING = "reading", _("Читаємо сторінки")
    REVIEW = "review", _("Перевірка")
    DONE = "done", _("Внесено")


class PageState(models.TextChoices):
    QUEUED = "queued", _("У черзі")
    READ = "read", _("Прочитано")
    REFUSED = "refused", _("Не прочитано")


# The answers a person gives when reviewing a box: the keys they type.
class BoxDecision(models.TextChoices):
    EMPTY = "empty", _("Порожньо")
    MARKED = "marked", _("Позначено")
    FILLED = "filled", _("Зафарбовано (скасовано)")
