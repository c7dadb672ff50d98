"""Templates of publications (issue 13, point 5: "templates of news, press announcement, press
release (with embargo), legislation-change notice"): what a new draft starts from when staff
choose «Створити з шаблону». Each gives the kind, a title to rewrite and a body skeleton whose
headings follow the council's communication guidance (what, who it concerns, what to do,
contacts). The skeletons are content, not interface text: they stay in Ukrainian whatever the
member's interface language, as the publication itself is written in Ukrainian first; square
brackets mark what to replace. The centre's own name, address and phones are filled in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from vidhuk.core.models import Centre

from .models import PublicationKind

EMBARGO_HOUR = 10  # a press release's embargo starts as tomorrow 10:00; staff set the real time


@dataclass(frozen=True)
class PublicationTemplate:
    code: str
    label: str | Promise
    hint: str | Promise
    kind: str
    title: str
    lead: str
    body: str  # sanitised-HTML skeleton; {centre}, {address}, {phones}, {email} are filled in
    has_embargo: bool = False


CONTACTS = (
    "<h2>Контакти</h2><p>{centre}, {address}. Телефон: {phones}. Електронна пошта: {email}.</p>"
)

TEMPLATES: tuple[PublicationTemplate, ...] = (
    PublicationTemplate(
        code="news",
        label=_("Новина"),
        hint=_("Що сталося, кого це стосується і що робити відвідувачам."),
        kind=PublicationKind.NEWS,
        title="[Що сталося — коротко, до 80 знаків]",
        lead="[Одне-два речення: що, де і коли — головне, що має знати мешканець.]",
        body=(
            "<p>[Перший абзац: що сталося або зміниться, з якої дати, де саме.]</p>"
            "<h2>Кого це стосується</h2><p>[Хто з відвідувачів відчує зміну.]</p>"
            "<h2>Що потрібно зробити</h2><ul><li>[Крок перший]</li><li>[Крок другий]</li></ul>"
            + CONTACTS
        ),
    ),
    PublicationTemplate(
        code="press_announcement",
        label=_("Анонс для преси"),
        hint=_("Запрошення медіа на подію: що, коли, де, хто бере участь, акредитація."),
        kind=PublicationKind.PRESS_ANNOUNCEMENT,
        title="Анонс: [назва події], [дата]",
        lead="[Запрошуємо представників медіа на … — одне речення.]",
        body=(
            "<h2>Що</h2><p>[Назва й суть події.]</p>"
            "<h2>Коли</h2><p>[Дата, час початку й завершення.]</p>"
            "<h2>Де</h2><p>[Адреса, зала; як пройти; доступність для людей з інвалідністю.]</p>"
            "<h2>Хто бере участь</h2><ul><li>[Ім’я, посада]</li></ul>"
            "<h2>Акредитація</h2><p>[До якого часу і як зареєструватися представникам медіа.]</p>"
            "<h2>Контактна особа для медіа</h2><p>[Ім’я, посада, телефон, електронна пошта]</p>"
            + CONTACTS
        ),
    ),
    PublicationTemplate(
        code="press_release",
        label=_("Пресреліз з ембарго"),
        hint=_(
            "Не видно на сайті, у стрічці й розсилках до часу ембарго; медіа отримують його "
            "саме тоді."
        ),
        kind=PublicationKind.PRESS_RELEASE,
        title="[Головна новина одним реченням]",
        lead="[Лід: хто, що, коли, де, чому — до 40 слів.]",
        body=(
            "<p><strong>ПРЕСРЕЛІЗ</strong> · {centre}</p>"
            "<p><strong>Не для оприлюднення до [дата й час ембарго].</strong></p>"
            "<p>[Основна частина: подробиці, цифри, що це дає мешканцям.]</p>"
            "<blockquote><p>«[Цитата керівника]», — [ім’я, посада].</p></blockquote>"
            "<h2>Довідка</h2><p>{centre} надає адміністративні послуги мешканцям громади. "
            "Адреса: {address}.</p>"
            "<h2>Контакти для медіа</h2><p>[Ім’я, посада], телефон {phones}, "
            "електронна пошта {email}.</p>"
        ),
        has_embargo=True,
    ),
    PublicationTemplate(
        code="legislation",
        label=_("Зміна законодавства"),
        hint=_(
            "Що змінилося, з якої дати, на підставі якого акта і що робити заявникам; "
            "з’явиться на картках пов’язаних послуг."
        ),
        kind=PublicationKind.LEGISLATION,
        title="Зміни щодо [послуги]: що діє з [дата]",
        lead="[З якої дати і що саме змінюється для заявників — одне речення.]",
        body=(
            "<h2>Що змінилося</h2><p>[Було — стало: документи, строки, плата.]</p>"
            "<h2>Підстава</h2><p>[Назва нормативного акта, його номер і дата.]</p>"
            "<h2>З якої дати</h2><p>[Дата набрання чинності; що з заявами, поданими раніше.]</p>"
            "<h2>Кого це стосується</h2><p>[Які заявники й послуги.]</p>"
            "<h2>Що робити заявникам</h2><ul><li>[Крок перший]</li></ul>" + CONTACTS
        ),
    ),
)


def publication_template_get(code: str) -> PublicationTemplate | None:
    return next((template for template in TEMPLATES if template.code == code), None)


def publication_template_initial(
    *, template: PublicationTemplate, centre: Centre, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The new draft form's starting values from ``template``, with the centre's contacts."""
    contacts = {
        "centre": escape(centre.name),
        "address": escape(centre.address) or "[адреса]",
        "phones": escape(", ".join(centre.phone_list)) or "[телефон]",
        "email": escape(centre.email) or "[електронна пошта]",
    }
    initial: dict[str, Any] = {
        "kind": template.kind,
        "title": template.title,
        "lead": template.lead,
        "body": template.body.format(**contacts),
    }
    if template.has_embargo:
        tomorrow = timezone.localtime(now) + dt.timedelta(days=1)
        initial["embargo_until"] = tomorrow.replace(
            hour=EMBARGO_HOUR, minute=0, second=0, microsecond=0
        )
    return initial
