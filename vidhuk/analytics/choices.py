from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvisionChannel(models.TextChoices):
    """How the service was applied for (the open-data set "services provided")."""

    IN_PERSON = "in_person", _("Особисто")
    POST = "post", _("Поштою")
    ONLINE = "online", _("Онлайн")


class ProvisionResult(models.TextChoices):
    PROVIDED = "provided", _("Надано")
    REFUSED = "refused", _("Відмовлено")
    CONSULTATION = "consultation", _("Консультація")


class ProvisionSource(models.TextChoices):
    QUEUE = "queue", _("Електронна черга")
    BOOKING = "booking", _("Попередній запис")
    IMPORT = "import", _("Імпорт із файлу")
    MANUAL = "manual", _("Внесено вручну")


class StatedSex(models.TextChoices):
    """Only what the person stated; never inferred (issue 14)."""

    FEMALE = "female", _("Жінка")
    MALE = "male", _("Чоловік")
    NOT_STATED = "", _("Не зазначено")


class StatedAgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("До 18 років")
    FROM_18_TO_35 = "18_35", _("18–35 років")
    FROM_36_TO_59 = "36_59", _("36–59 років")
    SIXTY_PLUS = "60_plus", _("60 років і більше")
    NOT_STATED = "", _("Не зазначено")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Чернетка")
    PUBLISHED = "published", _("Опубліковано")


class AuditState(models.TextChoices):
    DRAFT = "draft", _("Триває")
    COMPLETED = "completed", _("Завершено")
