from django.db import models
from django.utils.translation import gettext_lazy as _


class MysteryVisitStatus(models.TextChoices):
    DRAFT = "draft", _("Чернетка")
    SUBMITTED = "submitted", _("Подано на перевірку")
    RETURNED = "returned", _("Повернуто на доопрацювання")
    ACCEPTED = "accepted", _("Прийнято")
