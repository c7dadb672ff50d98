from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HEAD = "head", _("Керівник центру")
    ADMINISTRATOR = "administrator", _("Адміністратор ЦНАП")
    HOTLINE_OPERATOR = "hotline_operator", _("Оператор гарячої лінії")
    COMMUNICATIONS = "communications", _("Фахівець з комунікацій")
    ANALYST = "analyst", _("Аналітик")
    EVALUATOR = "evaluator", _("Таємний відвідувач")


class Capability(models.TextChoices):
    """What a role may do in its centre. Reading the catalog is open to every member."""

    CATALOG_EDIT = "catalog.edit", _("Редагувати каталог послуг")
    OFFICES_EDIT = "offices.edit", _("Редагувати офіси та години роботи")
    CENTRE_EDIT = "centre.edit", _("Редагувати відомості про центр")
    STAFF_MANAGE = "staff.manage", _("Керувати персоналом і ролями")
    AUDIT_READ = "audit.read", _("Читати журнал аудиту")
    APPEALS_READ = "appeals.read", _("Переглядати звернення та відгуки")
    APPEALS_REGISTER = "appeals.register", _("Реєструвати звернення, дзвінки та скриньки")
    APPEALS_WORK = "appeals.work", _("Розглядати звернення та відповідати")
    APPEALS_ASSIGN = "appeals.assign", _("Призначати виконавців звернень")
    APPEALS_MANAGE = (
        "appeals.manage",
        _("Експорт і знеособлення персональних даних, налаштування звернень"),
    )
    SURVEYS_EDIT = "surveys.edit", _("Створювати й публікувати анкети")
    SURVEYS_ENTER = "surveys.enter", _("Друкувати коди й анкети, вносити та імпортувати відповіді")
    SURVEYS_RESULTS = "surveys.results", _("Переглядати й експортувати результати опитувань")
    SURVEYS_MODERATE = "surveys.moderate", _("Модерувати коментарі опитувань")
    MYSTERY_REVIEW = "mystery.review", _("Перевіряти звіти таємних відвідувачів")
    MYSTERY_FILE = "mystery.file", _("Подавати звіти таємного відвідувача")
    APPOINTMENTS_BOOK = (
        "appointments.book",
        _("Записувати на прийом і бачити записи дня (імена, телефони)"),
    )
    QUEUE_FIGURES = "queue.figures", _("Переглядати й експортувати показники черги")
    QUEUE_OPERATE = (
        "queue.operate",
        _("Працювати у вікні: викликати й обслуговувати відвідувачів черги"),
    )


# Capabilities of the staff of a centre. Filing a mystery-shopper report is the evaluator's
# alone: staff do not file reports about their own centre.
STAFF_CAPABILITIES = frozenset(Capability.values) - {Capability.MYSTERY_FILE}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.HEAD: STAFF_CAPABILITIES,
    Role.ADMINISTRATOR: frozenset(
        {
            Capability.CATALOG_EDIT,
            Capability.OFFICES_EDIT,
            Capability.APPEALS_READ,
            Capability.APPEALS_REGISTER,
            Capability.APPEALS_WORK,
            Capability.SURVEYS_ENTER,
            Capability.SURVEYS_RESULTS,
            Capability.APPOINTMENTS_BOOK,
            Capability.QUEUE_FIGURES,
            Capability.QUEUE_OPERATE,
        }
    ),
    Role.HOTLINE_OPERATOR: frozenset(
        {
            Capability.APPEALS_READ,
            Capability.APPEALS_REGISTER,
            Capability.SURVEYS_ENTER,
            Capability.APPOINTMENTS_BOOK,
            Capability.QUEUE_OPERATE,
        }
    ),
    Role.COMMUNICATIONS: frozenset(
        {
            Capability.CATALOG_EDIT,
            Capability.APPEALS_READ,
            Capability.APPEALS_REGISTER,
            Capability.APPEALS_WORK,
            Capability.APPEALS_ASSIGN,
            Capability.SURVEYS_EDIT,
            Capability.SURVEYS_ENTER,
            Capability.SURVEYS_RESULTS,
            Capability.SURVEYS_MODERATE,
            Capability.MYSTERY_REVIEW,
        }
    ),
    Role.ANALYST: frozenset({Capability.SURVEYS_RESULTS, Capability.QUEUE_FIGURES}),
    # A civic activist engaged as a mystery shopper: files reports, sees nothing else.
    Role.EVALUATOR: frozenset({Capability.MYSTERY_FILE}),
}

# Roles that only reach the pages of their own capability, not the staff's shared pages.
NARROW_ROLES = frozenset({Role.EVALUATOR})
