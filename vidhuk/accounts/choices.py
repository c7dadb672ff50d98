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


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.HEAD: frozenset(Capability.values),
    Role.ADMINISTRATOR: frozenset({Capability.CATALOG_EDIT, Capability.OFFICES_EDIT}),
    Role.HOTLINE_OPERATOR: frozenset(),
    Role.COMMUNICATIONS: frozenset({Capability.CATALOG_EDIT}),
    Role.ANALYST: frozenset(),
}
