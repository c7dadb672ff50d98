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
    """The capability codes, for the views' checks. Each app registers its own capabilities, with
    their labels and the roles that hold them by default, in its `extensions.py`
    (`vidhuk.core.capabilities`); the role matrix is built from those registrations."""

    CATALOG_EDIT = "catalog.edit"
    OFFICES_EDIT = "offices.edit"
    CENTRE_EDIT = "centre.edit"
    STAFF_MANAGE = "staff.manage"
    AUDIT_READ = "audit.read"
    APPEALS_READ = "appeals.read"
    APPEALS_REGISTER = "appeals.register"
    APPEALS_WORK = "appeals.work"
    APPEALS_ASSIGN = "appeals.assign"
    APPEALS_MANAGE = "appeals.manage"
    SURVEYS_EDIT = "surveys.edit"
    SURVEYS_ENTER = "surveys.enter"
    SURVEYS_RESULTS = "surveys.results"
    SURVEYS_MODERATE = "surveys.moderate"
    MYSTERY_REVIEW = "mystery.review"
    MYSTERY_FILE = "mystery.file"
    APPOINTMENTS_BOOK = "appointments.book"
    QUEUE_FIGURES = "queue.figures"
    QUEUE_OPERATE = "queue.operate"


# Roles that only reach the pages of their own capability, not the staff's shared pages.
NARROW_ROLES = frozenset({Role.EVALUATOR})
