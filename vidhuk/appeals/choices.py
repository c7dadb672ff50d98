"""Enumerations of appeals, information requests and feedback.

Values marked "Classifier" are those of the Classifier of Citizens' Appeals (КМУ №858 of
24.09.2008, as amended) and of the registration card of Instruction КМУ №348 (14.04.1997); the
number of the classifier item is in the comment beside each group.
"""

import json
from pathlib import Path
from typing import Any, cast

from django.db import models
from django.utils.translation import gettext_lazy as _


class KindGroup(models.TextChoices):
    """Which law governs the item: this decides the fields required and the deadlines."""

    APPEAL = "appeal", _("Звернення громадян")  # Law 393/96-ВР
    INFO_REQUEST = "info_request", _("Запит на публічну інформацію")  # Law 2939-VI
    FEEDBACK = "feedback", _("Відгук")  # no statute: informal, may be anonymous


class Kind(models.TextChoices):
    # Classifier, I.3 "За видами" — formal appeals (Art. 3 of Law 393/96-ВР).
    PROPOSAL = "proposal", _("Пропозиція (зауваження)")
    STATEMENT = "statement", _("Заява (клопотання)")
    COMPLAINT = "complaint", _("Скарга")
    # Law 2939-VI, Art. 19.
    INFO_REQUEST = "info_request", _("Запит на публічну інформацію")
    # Informal feedback on the centre's work.
    THANKS = "thanks", _("Подяка")
    QUALITY_REMARK = "quality_remark", _("Зауваження щодо якості обслуговування")
    QUESTION = "question", _("Запитання")


KIND_GROUP: dict[str, str] = {
    Kind.PROPOSAL: KindGroup.APPEAL,
    Kind.STATEMENT: KindGroup.APPEAL,
    Kind.COMPLAINT: KindGroup.APPEAL,
    Kind.INFO_REQUEST: KindGroup.INFO_REQUEST,
    Kind.THANKS: KindGroup.FEEDBACK,
    Kind.QUALITY_REMARK: KindGroup.FEEDBACK,
    Kind.QUESTION: KindGroup.FEEDBACK,
}
APPEAL_KINDS = frozenset(k for k, g in KIND_GROUP.items() if g == KindGroup.APPEAL)
FEEDBACK_KINDS = frozenset(k for k, g in KIND_GROUP.items() if g == KindGroup.FEEDBACK)


class Channel(models.TextChoices):
    WEB = "web", _("Вебформа")
    HOTLINE = "hotline", _("Гаряча лінія")
    RECEPTION = "reception", _("Особистий прийом")
    BOX = "box", _("Скринька для пропозицій")
    BOOK = "book", _("Книга скарг і пропозицій")
    POST = "post", _("Пошта")
    EMAIL = "email", _("Електронна пошта")
    SOCIAL = "social", _("Соціальні мережі")


class ReceiptForm(models.TextChoices):
    """Classifier, I.1 "За формою надходження" as amended (decision 0008).

    The amended text reads "Поштою (електронною поштою)" and has the telephone as a form of its
    own ("За допомогою засобів телефонного зв’язку"); the web form is electronic post.
    """

    POST = "post", _("Поштою (електронною поштою)")
    TELEPHONE = "telephone", _("За допомогою засобів телефонного зв’язку")
    PERSONAL_RECEPTION = "personal_reception", _("На особистому прийомі")
    AUTHORISED_PERSON = "authorised_person", _("Через уповноважену особу")
    AUTHORITIES = "authorities", _("Через органи влади")
    MEDIA = "media", _("Через засоби масової інформації")
    OTHER_BODIES = "other_bodies", _("Від інших органів, установ, організацій")


# The form of receipt a channel implies unless staff say otherwise.
CHANNEL_RECEIPT_FORM: dict[str, str] = {
    Channel.WEB: ReceiptForm.POST,
    Channel.HOTLINE: ReceiptForm.TELEPHONE,
    Channel.RECEPTION: ReceiptForm.PERSONAL_RECEPTION,
    Channel.BOX: ReceiptForm.POST,
    Channel.BOOK: ReceiptForm.PERSONAL_RECEPTION,
    Channel.POST: ReceiptForm.POST,
    Channel.EMAIL: ReceiptForm.POST,
    Channel.SOCIAL: ReceiptForm.MEDIA,
}


class Sign(models.TextChoices):
    """Classifier, I.2 "За ознакою надходження"."""

    PRIMARY = "primary", _("Первинне")
    REPEAT = "repeat", _("Повторне")
    DUPLICATE = "duplicate", _("Дублетне")
    MULTIPLE = "multiple", _("Неодноразове")
    MASS = "mass", _("Масове")


class Subject(models.TextChoices):
    """Classifier, I.5 "За суб’єктом"."""

    INDIVIDUAL = "individual", _("Індивідуальне")
    COLLECTIVE = "collective", _("Колективне")
    ANONYMOUS = "anonymous", _("Анонімне")


class DocumentType(models.TextChoices):
    """Classifier, I.6 "За типом"; an electronic appeal is a written one (Art. 5)."""

    LETTER = "letter", _("Лист")
    ORAL = "oral", _("Усне")
    TELEGRAM = "telegram", _("Телеграма")
    ELECTRONIC = "electronic", _("Електронне")


CHANNEL_DOCUMENT_TYPE: dict[str, str] = {
    Channel.WEB: DocumentType.ELECTRONIC,
    Channel.HOTLINE: DocumentType.ORAL,
    Channel.RECEPTION: DocumentType.ORAL,
    Channel.BOX: DocumentType.LETTER,
    Channel.BOOK: DocumentType.LETTER,
    Channel.POST: DocumentType.LETTER,
    Channel.EMAIL: DocumentType.ELECTRONIC,
    Channel.SOCIAL: DocumentType.ELECTRONIC,
}


class ApplicantCategory(models.TextChoices):
    """Classifier, I.7 "За категоріями авторів" (wording as amended: "особи з інвалідністю")."""

    WAR_PARTICIPANT = "war_participant", _("Учасник війни")
    CHILD_OF_WAR = "child_of_war", _("Дитина війни")
    DISABLED_WWII = "disabled_wwii", _("Особа з інвалідністю внаслідок Другої світової війни")
    DISABLED_WAR = "disabled_war", _("Особа з інвалідністю внаслідок війни")
    COMBATANT = "combatant", _("Учасник бойових дій")
    LABOUR_VETERAN = "labour_veteran", _("Ветеран праці")
    DISABILITY_GROUP_1 = "disability_1", _("Особа з інвалідністю I групи")
    DISABILITY_GROUP_2 = "disability_2", _("Особа з інвалідністю II групи")
    DISABILITY_GROUP_3 = "disability_3", _("Особа з інвалідністю III групи")
    CHILD_WITH_DISABILITY = "child_disability", _("Дитина з інвалідністю")
    SINGLE_MOTHER = "single_mother", _("Одинока мати")
    MOTHER_HEROINE = "mother_heroine", _("Мати-героїня")
    LARGE_FAMILY = "large_family", _("Багатодітна сім’я")
    CHORNOBYL_VICTIM = "chornobyl_victim", _("Особа, що постраждала внаслідок аварії на ЧАЕС")
    CHORNOBYL_LIQUIDATOR = "chornobyl_liquidator", _("Учасник ліквідації наслідків аварії на ЧАЕС")
    HERO_OF_UKRAINE = "hero_of_ukraine", _("Герой України")
    HERO_USSR = "hero_ussr", _("Герой Радянського Союзу, Герой Соціалістичної Праці")
    OTHER = "other", _("Інші")


class SocialStatus(models.TextChoices):
    """Classifier, I.8 "За соціальним станом" (decision 0008: ten of the twelve values are seen in
    published classifier reports; "Священнослужитель" and the detained were not seen there)."""

    PENSIONER = "pensioner", _("Пенсіонер")
    WORKER = "worker", _("Робітник")
    PEASANT = "peasant", _("Селянин")
    PUBLIC_SECTOR = "public_sector", _("Працівник бюджетної сфери")
    CIVIL_SERVANT = "civil_servant", _("Державний службовець")
    ENTREPRENEUR = "entrepreneur", _("Підприємець")
    UNEMPLOYED = "unemployed", _("Безробітний")
    STUDENT = "student", _("Учень, студент")
    MILITARY = "military", _("Військовослужбовець")
    CLERGY = "clergy", _("Священнослужитель")
    DETAINED = "detained", _("Особа, яка перебуває у місцях позбавлення волі")
    OTHER = "other", _("Інші")


class Topic(models.TextChoices):
    """The centre's own topic of the matter raised, as residents and staff pick it.

    The first group names sections of the Classifier's part II "Тематика звернень" that a ЦНАП
    meets; the second is the centre's finer topics about its own service. Each maps to a section
    of the classifier (`TOPIC_CLASSIFIER_CODE`, data/classifier_topics.json, decision 0008): the
    card's main question is stored as that section's code.
    """

    # Classifier, part II (sections relevant to a ЦНАП).
    LAND = "land", _("Аграрна політика і земельні відносини")
    TRANSPORT = "transport", _("Транспорт і зв’язок")
    SOCIAL_PROTECTION = "social_protection", _("Соціальний захист")
    LABOUR = "labour", _("Праця і заробітна плата")
    HEALTH = "health", _("Охорона здоров’я")
    UTILITIES = "utilities", _("Комунальне господарство")
    HOUSING = "housing", _("Житлова політика")
    ECOLOGY = "ecology", _("Екологія та природні ресурси")
    LAW_ORDER = "law_order", _("Забезпечення дотримання законності та охорони правопорядку")
    FAMILY_YOUTH = "family_youth", _("Сім’я, діти, молодь, гендерна рівність, фізкультура і спорт")
    EDUCATION = "education", _("Освіта, наукова та інноваційна діяльність")
    CULTURE = "culture", _("Культура та культурна спадщина, туризм")
    LOCAL_SELF_GOVERNMENT = "local_government", _("Діяльність органів місцевого самоврядування")
    OTHER = "other", _("Інші питання")
    # The centre's own topics about administrative services.
    ADMIN_SERVICES = "admin_services", _("Надання адміністративних послуг")
    SERVICE_QUALITY = "service_quality", _("Якість обслуговування у ЦНАП")
    QUEUE_BOOKING = "queue_booking", _("Черга та попередній запис")
    PREMISES_ACCESSIBILITY = "accessibility", _("Приміщення та доступність")
    WORKING_HOURS = "working_hours", _("Графік роботи")
    STAFF_CONDUCT = "staff_conduct", _("Поведінка працівників")


def _classifier_topics() -> dict[str, Any]:
    with (Path(__file__).parent / "data" / "classifier_topics.json").open(encoding="utf-8") as f:
        return cast(dict[str, Any], json.load(f))


_CLASSIFIER = _classifier_topics()
# Classifier, part II "Тематика звернень": the top-level sections, code → name (decision 0008).
CLASSIFIER_TOPICS: dict[str, Any] = {
    item["code"]: _(item["name"])  # noqa: INT001 - the names are in the i18n catalogue
    for item in _CLASSIFIER["topics"]
}
CLASSIFIER_TOPIC_CHOICES: list[tuple[str, Any]] = list(CLASSIFIER_TOPICS.items())
# False until the numbers are read in the classifier's own text: reports then print no number.
CLASSIFIER_NUMBERS_VERIFIED: bool = bool(_CLASSIFIER["numbers_verified"])

# The classifier section each of the centre's topics is counted under (migration 0008 applied it
# to the cards already registered). The centre's own service topics are the council's work.
TOPIC_CLASSIFIER_CODE: dict[str, str] = {
    Topic.LAND: "2",
    Topic.TRANSPORT: "3",
    Topic.SOCIAL_PROTECTION: "6",
    Topic.LABOUR: "7",
    Topic.HEALTH: "8",
    Topic.UTILITIES: "9",
    Topic.HOUSING: "10",
    Topic.ECOLOGY: "11",
    Topic.LAW_ORDER: "12",
    Topic.FAMILY_YOUTH: "13",
    Topic.CULTURE: "14",
    Topic.EDUCATION: "15",
    Topic.LOCAL_SELF_GOVERNMENT: "21",
    Topic.OTHER: "25",
    Topic.ADMIN_SERVICES: "21",
    Topic.SERVICE_QUALITY: "21",
    Topic.QUEUE_BOOKING: "21",
    Topic.PREMISES_ACCESSIBILITY: "21",
    Topic.WORKING_HOURS: "21",
    Topic.STAFF_CONDUCT: "21",
}


class ConsiderationResult(models.TextChoices):
    """Classifier, I.9 "Результати розгляду", as the quarterly report forms cite it (decision 0008).

    Items 9.1–9.3 are named in the oblast report forms; 9.4–9.6 are reported together there as
    "інше", and their own names were not read in a primary text, so they are one value here.
    """

    RESOLVED_POSITIVELY = "resolved", _("Вирішено позитивно")
    REFUSED = "refused", _("Відмовлено у задоволенні")
    EXPLAINED = "explained", _("Дано роз’яснення")
    OTHER = "other", _("Інше")


# The number of each value in the classifier, printed beside it in reports.
RESULT_CLASSIFIER_CODE: dict[str, str] = {
    ConsiderationResult.RESOLVED_POSITIVELY: "9.1",
    ConsiderationResult.REFUSED: "9.2",
    ConsiderationResult.EXPLAINED: "9.3",
    ConsiderationResult.OTHER: "9.4–9.6",
}


class Status(models.TextChoices):
    REGISTERED = "registered", _("Зареєстровано")
    IN_PROGRESS = "in_progress", _("Розглядається")
    ANSWERED = "answered", _("Надано відповідь")
    CLOSED = "closed", _("Закрито")
    RETURNED = "returned_noncompliant", _("Повернуто як таке, що не відповідає вимогам")
    FORWARDED = "forwarded", _("Переслано за належністю")
    NOT_CONSIDERED = "not_considered", _("Не розглядається")


OPEN_STATUSES = frozenset({Status.REGISTERED, Status.IN_PROGRESS})
# Statuses after which the item is off control and counts towards the retention period.
FINAL_STATUSES = frozenset(
    {Status.CLOSED, Status.RETURNED, Status.FORWARDED, Status.NOT_CONSIDERED}
)


class AnswerDelivery(models.TextChoices):
    EMAIL = "email", _("Електронною поштою")
    LETTER = "letter", _("Листом (друкується)")
    NONE = "none", _("Без надсилання (лише у трекері)")


class NotConsideredReason(models.TextChoices):
    """Art. 8 of the Law on Citizens' Appeals: when a written appeal is not considered."""

    ANONYMOUS = "anonymous", _("Анонімне письмове звернення (ч. 1 ст. 8)")
    REPEATED_SAME_BODY = (
        "repeated",
        _(
            "Повторне звернення до того самого органу з того самого питання, яке вже вирішено "
            "по суті (ч. 2 ст. 8)"
        ),
    )
    LATE_COMPLAINT = "late_complaint", _("Скарга подана з порушенням строків ст. 17 (ч. 2 ст. 8)")
    INCAPACITATED = "incapacitated", _("Звернення особи, визнаної судом недієздатною (ч. 2 ст. 8)")


class EventStage(models.TextChoices):
    REGISTERED = "registered", _("Зареєстровано")
    ASSIGNED = "assigned", _("Призначено виконавця")
    IN_PROGRESS = "in_progress", _("Взято в роботу")
    EXTENDED = "extended", _("Строк продовжено")
    ANSWERED = "answered", _("Надано відповідь")
    CLOSED = "closed", _("Закрито")
    RETURNED = "returned", _("Повернуто заявникові")
    FORWARDED = "forwarded", _("Переслано за належністю")
    NOT_CONSIDERED = "not_considered", _("Не розглядається")
    NOTE = "note", _("Службова примітка")
    ANONYMISED = "anonymised", _("Персональні дані знеособлено")


class Sex(models.TextChoices):
    """Classifier, I.4 "За статтю авторів", plus the voluntary answer "prefer not to say"."""

    FEMALE = "female", _("Жінка")
    MALE = "male", _("Чоловік")
    UNDISCLOSED = "undisclosed", _("Не бажаю відповідати")


class AgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("До 18 років")
    FROM_18_TO_35 = "18_35", _("18–35 років")
    FROM_36_TO_59 = "36_59", _("36–59 років")
    SIXTY_PLUS = "60_plus", _("60 років і більше")
    UNDISCLOSED = "undisclosed", _("Не бажаю відповідати")


class YesNoUndisclosed(models.TextChoices):
    YES = "yes", _("Так")
    NO = "no", _("Ні")
    UNDISCLOSED = "undisclosed", _("Не бажаю відповідати")
