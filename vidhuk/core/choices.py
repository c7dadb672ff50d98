from django.db import models
from django.utils.translation import gettext_lazy as _


class Oblast(models.TextChoices):
    VINNYTSIA = "UA-05", _("Вінницька")
    VOLYN = "UA-07", _("Волинська")
    DNIPROPETROVSK = "UA-12", _("Дніпропетровська")
    DONETSK = "UA-14", _("Донецька")
    ZHYTOMYR = "UA-18", _("Житомирська")
    ZAKARPATTIA = "UA-21", _("Закарпатська")
    ZAPORIZHZHIA = "UA-23", _("Запорізька")
    IVANO_FRANKIVSK = "UA-26", _("Івано-Франківська")
    KYIV_OBLAST = "UA-32", _("Київська")
    KIROVOHRAD = "UA-35", _("Кіровоградська")
    LUHANSK = "UA-09", _("Луганська")
    LVIV = "UA-46", _("Львівська")
    MYKOLAIV = "UA-48", _("Миколаївська")
    ODESA = "UA-51", _("Одеська")
    POLTAVA = "UA-53", _("Полтавська")
    RIVNE = "UA-56", _("Рівненська")
    SUMY = "UA-59", _("Сумська")
    TERNOPIL = "UA-61", _("Тернопільська")
    KHARKIV = "UA-63", _("Харківська")
    KHERSON = "UA-65", _("Херсонська")
    KHMELNYTSKYI = "UA-68", _("Хмельницька")
    CHERKASY = "UA-71", _("Черкаська")
    CHERNIVTSI = "UA-77", _("Чернівецька")
    CHERNIHIV = "UA-74", _("Чернігівська")
    KYIV_CITY = "UA-30", _("м. Київ")
    CRIMEA = "UA-43", _("Автономна Республіка Крим")
    SEVASTOPOL = "UA-40", _("м. Севастополь")


class OfficeKind(models.TextChoices):
    MAIN = "main", _("Головний офіс")
    BRANCH = "branch", _("Територіальний підрозділ")
    REMOTE = "remote", _("Віддалене робоче місце")
    STAROSTA = "starosta", _("Старостат")
    MOBILE = "mobile", _("Мобільний ЦНАП")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Понеділок")
    TUESDAY = 1, _("Вівторок")
    WEDNESDAY = 2, _("Середа")
    THURSDAY = 3, _("Четвер")
    FRIDAY = 4, _("П’ятниця")
    SATURDAY = 5, _("Субота")
    SUNDAY = 6, _("Неділя")


class AuditAction(models.TextChoices):
    VIEW = "view", _("Перегляд")
    CREATE = "create", _("Створення")
    UPDATE = "update", _("Зміна")
    DELETE = "delete", _("Видалення")
    IMPORT = "import", _("Імпорт")
    EXPORT = "export", _("Експорт")
    SIGN_IN = "sign_in", _("Вхід")
    SIGN_OUT = "sign_out", _("Вихід")


class MailStatus(models.TextChoices):
    """Where an outgoing mail stands in the ledger (vidhuk/core/mail.py)."""

    QUEUED = "queued", _("У черзі")
    SENDING = "sending", _("Надсилається")
    SENT = "sent", _("Надіслано")
    RETRYING = "retrying", _("Повторна спроба")
    UNDELIVERABLE = "undeliverable", _("Не доставлено")
