"""Demo appeals and feedback for the demo centre: a few of every channel, in every state.

Loaded once (when the centre has no appeals yet), through the appeals services, so numbering,
deadlines, events and the audit log are as real use makes them. No mail leaves: the items carry
example.com addresses and the confirmation task is run by the services' own hooks.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from vidhuk.accounts.models import User
from vidhuk.appeals.choices import (
    AgeGroup,
    AnswerDelivery,
    Channel,
    Kind,
    Sex,
    Topic,
    YesNoUndisclosed,
)
from vidhuk.appeals.selectors import appeal_count_for_centre
from vidhuk.appeals.services import (
    Applicant,
    BoxEntry,
    ChannelDetails,
    Demographics,
    appeal_answer,
    appeal_assign,
    appeal_close,
    appeal_extend,
    appeal_register,
    appeal_set_needs_study,
    appeal_submit,
    appeal_take_into_work,
    box_opening_create,
    hotline_call_log,
    hotline_call_make_case,
)
from vidhuk.appeals.services import appeal_add_note as _note
from vidhuk.core.models import Centre, Office
from vidhuk.core.seeds import SeedResult, SeedRun

CONSENT = (
    "Я погоджуюся, що ЦНАП оброблятиме мої персональні дані для розгляду звернення "
    "(Закон України «Про захист персональних даних»)."
)
OLENA = Applicant(
    full_name="Коваленко Олена Іванівна",
    address="м. Вербівка, вул. Шевченка, 14, кв. 3",
    email="olena.kovalenko@example.com",
    phone="+380 67 123 45 67",
    consent_text=CONSENT,
)
PETRO = Applicant(
    full_name="Бондар Петро Миколайович",
    address="с. Лугове, вул. Польова, 2",
    phone="+380 50 765 43 21",
    is_benefit_holder=True,
    consent_text=CONSENT,
)
ANONYMOUS = Applicant(is_anonymous=True)
SENIOR_WOMAN = Demographics(
    sex=Sex.FEMALE,
    age_group=AgeGroup.SIXTY_PLUS,
    is_idp=YesNoUndisclosed.NO,
    has_disability=YesNoUndisclosed.NO,
    is_pensioner=YesNoUndisclosed.YES,
    is_veteran=YesNoUndisclosed.NO,
)


def seed_appeals(*, centre: Centre, offices: dict[str, Office], staff: dict[str, Any]) -> int:
    """Add the demo items once; returns how many were added (0 when the centre already has some)."""
    if appeal_count_for_centre(centre=centre):
        return 0
    now = timezone.now()
    main, luhove = offices["main"], offices["starosta-1"]
    operator, admin, head = staff["demo-operator"], staff["demo-admin"], staff["demo-head"]

    def ago(days: int, hours: int = 0) -> dt.datetime:
        return now - dt.timedelta(days=days, hours=hours)

    # The web form: thanks and a remark (anonymous), a named complaint and an information request.
    for kind, text, applicant, topic in (
        (
            Kind.THANKS,
            "Дякую адміністраторці Ірині за терплячість: допомогла заповнити заяву на субсидію.",
            ANONYMOUS,
            Topic.STAFF_CONDUCT,
        ),
        (
            Kind.QUALITY_REMARK,
            "У залі очікування замало місць для сидіння, люди стоять у черзі біля дверей.",
            ANONYMOUS,
            Topic.PREMISES_ACCESSIBILITY,
        ),
        (
            Kind.COMPLAINT,
            "Третій тиждень не можу отримати довідку про склад сім’ї: кажуть прийти пізніше.",
            OLENA,
            Topic.ADMIN_SERVICES,
        ),
        (
            Kind.INFO_REQUEST,
            "Прошу надати кількість послуг, наданих ЦНАП у III кварталі 2026 року.",
            OLENA,
            Topic.LOCAL_SELF_GOVERNMENT,
        ),
    ):
        appeal_submit(
            centre=centre,
            kind=kind,
            text=text,
            submission_key=uuid.uuid4(),
            applicant=applicant,
            demographics=SENIOR_WOMAN if applicant is OLENA else None,
            topic=topic,
            office=main,
        )

    # The hotline: consultations, one of which needed a case.
    for days, question, consultation in (
        (1, "Які документи потрібні для ID-картки дитині?", "Свідоцтво, паспорт батьків."),
        (2, "Чи працює ЦНАП у суботу?", "Так, з 8:00 до 15:00, без перерви."),
        (3, "Скільки коштує витяг із реєстру речових прав?", "Розмір збору й реквізити: картка."),
    ):
        hotline_call_log(
            centre=centre,
            actor=operator,
            started_at=ago(days, 3),
            duration_seconds=240,
            question=question,
            consultation=consultation,
            topic=Topic.ADMIN_SERVICES,
            office=main,
        )
    call = hotline_call_log(
        centre=centre,
        actor=operator,
        started_at=ago(18, 5),
        duration_seconds=420,
        question="У старостаті не приймають заяву на компенсацію за зруйноване житло.",
        consultation="Записали звернення, передали керівнику.",
        topic=Topic.HOUSING,
        office=luhove,
    )
    overdue = hotline_call_make_case(
        call=call, actor=operator, kind=Kind.STATEMENT, applicant=PETRO
    )
    appeal_assign(appeal=overdue.appeal, executor=admin, actor=head)

    # Personal reception and post: a proposal being worked on (extended) and an answered statement.
    reception = appeal_register(
        centre=centre,
        actor=admin,
        channel=Channel.RECEPTION,
        kind=Kind.PROPOSAL,
        text="Пропоную облаштувати віддалене робоче місце у с. Лугове двічі на тиждень.",
        applicant=PETRO,
        received_at=ago(25),
        topic=Topic.ADMIN_SERVICES,
        office=main,
    )
    appeal_set_needs_study(appeal=reception.appeal, needs_study=True, actor=head)
    appeal_assign(appeal=reception.appeal, executor=head, actor=head)
    appeal_take_into_work(appeal=reception.appeal, actor=head)
    _note(appeal=reception.appeal, actor=head, note="Потрібен розрахунок витрат від фінуправління.")
    appeal_extend(
        appeal=reception.appeal,
        actor=head,
        reason="Потрібен розрахунок витрат і рішення виконавчого комітету.",
        new_deadline=(reception.appeal.received_at + dt.timedelta(days=44)).date(),
    )
    posted = appeal_register(
        centre=centre,
        actor=operator,
        channel=Channel.POST,
        kind=Kind.STATEMENT,
        text="Прошу повідомити графік роботи ЦНАП у святкові дні.",
        applicant=OLENA,
        received_at=ago(9),
        topic=Topic.WORKING_HOURS,
        office=main,
    )
    appeal_assign(appeal=posted.appeal, executor=admin, actor=head)
    appeal_answer(
        appeal=posted.appeal,
        actor=admin,
        answer_text="У святкові дні ЦНАП працює за звичайним графіком; зміни публікуємо на сайті.",
        delivery=AnswerDelivery.EMAIL,
    )
    appeal_close(appeal=posted.appeal, actor=admin)

    # The complaints-and-suggestions book and a social network post.
    appeal_register(
        centre=centre,
        actor=admin,
        channel=Channel.BOOK,
        kind=Kind.COMPLAINT,
        text="Адміністратор на вікні №3 відмовився прийняти документи без пояснення причин.",
        applicant=OLENA,
        received_at=ago(4),
        details=ChannelDetails(book_number="1", book_page=17),
        topic=Topic.STAFF_CONDUCT,
        office=main,
    )
    appeal_register(
        centre=centre,
        actor=operator,
        channel=Channel.SOCIAL,
        kind=Kind.QUESTION,
        text="Чи можна записатися на прийом онлайн на наступний тиждень?",
        applicant=ANONYMOUS,
        received_at=ago(2),
        details=ChannelDetails(social_post_url="https://www.facebook.com/verbivka.cnap/posts/1"),
        topic=Topic.QUEUE_BOOKING,
    )

    # The suggestion box, opened last Monday.
    box_opening_create(
        centre=centre,
        actor=admin,
        office=main,
        opened_on=ago(6).date(),
        opened_by="Мельник О. П., Гнатюк В. С.",
        entries=[
            BoxEntry(kind=Kind.THANKS, text="Дякую за швидке обслуговування!", applicant=ANONYMOUS),
            BoxEntry(
                kind=Kind.QUALITY_REMARK,
                text="Взимку в залі холодно, особливо біля входу.",
                topic=Topic.PREMISES_ACCESSIBILITY,
                applicant=ANONYMOUS,
            ),
            BoxEntry(
                kind=Kind.QUALITY_REMARK,
                text="Потрібен дитячий куточок: з малими дітьми чекати важко.",
                topic=Topic.PREMISES_ACCESSIBILITY,
                applicant=ANONYMOUS,
            ),
        ],
    )
    return appeal_count_for_centre(centre=centre)


def seed(run: SeedRun) -> SeedResult:
    """The appeals' demo seed (registered in vidhuk/appeals/extensions.py)."""
    staff = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    added = seed_appeals(centre=run.centre, offices=run.offices, staff=staff)
    return SeedResult(summary=f"звернень і відгуків: {added}")
