from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HEAD = "head", _("Керівник центру")
    ADMINISTRATOR = "administrator", _("Адміністратор ЦНАП")
    HOTLINE_OPERATOR = "hotline_operator", _("Оператор гарячої лінії")
    COMMUNICATIONS = "communications", _("Фахівець з комунікацій")
    ANALYST = "analyst", _("Аналітик")
    EVALUATOR = "evaluator", _("Таємний відвідувач")


class Capability(StrEnum):
    """Accounts' own capability codes, for the views' checks. Each app keeps its codes in its
    own `capabilities.py` and registers their labels and default roles in its `extensions.py`
    (`vidhuk.core.capabilities`); the role matrix is built from those registrations."""

    STAFF_MANAGE = "staff.manage"
