from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HEAD = "head", _("Керівник центру")
    ADMINISTRATOR = "administrator", _("Адміністратор ЦНАП")
    HOTLINE_OPERATOR = "hotline_operator", _("Оператор гарячої лінії")
    COMMUNICATIONS = "communications", _("Фахівець з комунікацій")
    ANALYST = "analyst", _("Аналітик")


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


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.HEAD: frozenset(Capability.values),
    Role.ADMINISTRATOR: frozenset(
        {
            Capability.CATALOG_EDIT,
            Capability.OFFICES_EDIT,
            Capability.APPEALS_READ,
            Capability.APPEALS_REGISTER,
            Capability.APPEALS_WORK,
        }
    ),
    Role.HOTLINE_OPERATOR: frozenset({Capability.APPEALS_READ, Capability.APPEALS_REGISTER}),
    Role.COMMUNICATIONS: frozenset(
        {
            Capability.CATALOG_EDIT,
            Capability.APPEALS_READ,
            Capability.APPEALS_REGISTER,
            Capability.APPEALS_WORK,
            Capability.APPEALS_ASSIGN,
        }
    ),
    Role.ANALYST: frozenset(),
}
