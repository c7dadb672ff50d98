#!/usr/bin/env python
"""Build (or reuse) the appeals benchmark database: 200,000 cases in one centre.

    .venv/bin/python benchmarks/appeals_seed.py            # build once, then print what is there
    .venv/bin/python benchmarks/appeals_seed.py --rebuild  # build again

The other appeals benchmarks call the same code, so running this first is optional; it only
moves the build time out of the first measurement. What it makes (benchmarks/appeals_common.py
explains where it is kept and when it is rebuilt):

- `migrate` and `seed_demo`: the demo centre `verbivka` (3 offices, 52 services, 5 staff);
- 15 more executors in `verbivka`; a second centre `luhove` with 1 office and 3 executors;
- `--cases` (200,000) cases in `verbivka` and `--other-cases` (3,000) in `luhove`, received over
  the 3 years up to the build, written with COPY:
  kinds (statements 30 %, complaints 12 %, proposals 8 %, information requests 8 %, feedback
  42 %), channels (web 35 %, hotline 18 %, reception 15 %, e-mail 10 %, post 8 %, box 5 %,
  book 5 %, social 4 %), statuses by age (most old cases closed or answered, most of the last
  two weeks open, ~2 % of old cases still open and so overdue), executors (skewed: a few do
  most), offices, services (40 %), topics, demographics (30 % consented), benefit holders (8 %),
  anonymous feedback, collective appeals; due dates 15 days / 1 month / 45 days after extension
  for appeals, ~5 working days (48 hours when urgent) for information requests, none for
  feedback; registration numbers 1, 2, 3… per centre per year in order of receipt and the
  index «<letter>-<number>/<year>» as the services make it, unique per centre per year; the
  registration counters set to the last number; monthly suggestion-box openings;
- no case events, attachments or audit rows (the inbox and the export do not read them);
- VACUUM ANALYZE.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from appeals_common import add_cache_options, cluster, log, setup_django  # noqa: E402

KYIV = ZoneInfo("Europe/Kyiv")
MAIN_CENTRE = "verbivka"
OTHER_CENTRE = "luhove"
EXTRA_EXECUTORS = 15

KINDS = [
    ("statement", 30),
    ("complaint", 12),
    ("proposal", 8),
    ("info_request", 8),
    ("thanks", 12),
    ("quality_remark", 15),
    ("question", 15),
]
CHANNELS = [
    ("web", 35),
    ("hotline", 18),
    ("reception", 15),
    ("email", 10),
    ("post", 8),
    ("box", 5),
    ("book", 5),
    ("social", 4),
]
TOPICS = [
    ("admin_services", 25),
    ("service_quality", 12),
    ("queue_booking", 10),
    ("social_protection", 8),
    ("land", 6),
    ("housing", 6),
    ("utilities", 6),
    ("transport", 3),
    ("accessibility", 3),
    ("working_hours", 3),
    ("staff_conduct", 3),
    ("local_government", 3),
    ("family_youth", 2),
    ("health", 2),
    ("other", 3),
    ("", 5),
]
SURNAMES = [
    "Шевченко",
    "Бондаренко",
    "Коваленко",
    "Ткаченко",
    "Кравченко",
    "Олійник",
    "Шевчук",
    "Поліщук",
    "Бойко",
    "Ткачук",
    "Мельник",
    "Коваль",
    "Лисенко",
    "Марченко",
    "Руденко",
    "Савченко",
    "Петренко",
    "Клименко",
    "Павленко",
    "Мороз",
    "Левченко",
    "Харченко",
    "Карпенко",
    "Гончаренко",
    "Іваненко",
    "Кузьменко",
    "Литвиненко",
    "Онищенко",
    "Приходько",
    "Юрченко",
    "Яковенко",
    "Зінченко",
    "Гаврилюк",
    "Данилюк",
    "Романюк",
    "Остапчук",
    "Федорук",
    "Ященко",
    "Гордієнко",
    "Щербак",
    "Ющенко",
    "Антоненко",
    "Ісаєнко",
    "Андрієнко",
    "Вакуленко",
    "Гнатюк",
    "Дорошенко",
    "Єременко",
    "Жук",
    "Заїка",
]
FIRST_F = [
    "Марія",
    "Олена",
    "Ірина",
    "Наталія",
    "Тетяна",
    "Світлана",
    "Оксана",
    "Галина",
    "Юлія",
    "Людмила",
    "Анна",
    "Вікторія",
]
FIRST_M = [
    "Олександр",
    "Сергій",
    "Андрій",
    "Володимир",
    "Микола",
    "Іван",
    "Василь",
    "Петро",
    "Юрій",
    "Дмитро",
    "Олег",
    "Богдан",
]
PATRONYMIC_F = [
    "Іванівна",
    "Петрівна",
    "Миколаївна",
    "Василівна",
    "Олександрівна",
    "Сергіївна",
    "Андріївна",
]
PATRONYMIC_M = [
    "Іванович",
    "Петрович",
    "Миколайович",
    "Васильович",
    "Олександрович",
    "Сергійович",
    "Андрійович",
]
STREETS = [
    "Соборна",
    "Садова",
    "Шкільна",
    "Центральна",
    "Миру",
    "Польова",
    "Набережна",
    "Зелена",
    "Молодіжна",
    "Лісова",
]
SENTENCES = [
    "Прошу облаштувати пандус біля входу до ЦНАП.",
    "Довелося дві години стояти в черзі по паспорт.",
    "Дякую адміністраторці за ввічливість і швидке оформлення документів.",
    "Прошу роз'яснити, які документи потрібні для реєстрації місця проживання.",
    "Електронна черга не працювала, талон видали вручну.",
    "Прошу надати копію рішення сесії щодо тарифів на вивезення сміття.",
    "Не можу записатися на прийом через сайт: немає вільного часу.",
    "Прошу продовжити графік роботи у вівторок до 20:00.",
    "У приміщенні немає де сісти, людям похилого віку важко чекати.",
    "Скаржуся на відмову прийняти документи без пояснення причини.",
    "Прошу виділити земельну ділянку для ведення особистого селянського господарства.",
    "Прошу надати інформацію про кількість виданих дозволів на будівництво за рік.",
    "Пропоную встановити термінал для оплати адміністративного збору карткою.",
    "Адміністратор не пояснив, коли буде готове посвідчення.",
    "Дякую за допомогу з оформленням субсидії.",
    "Прошу повідомити, чи можна подати заяву на допомогу при народженні дитини онлайн.",
    "На віддаленому робочому місці в Луговому часто немає зв'язку.",
    "Прошу перевірити нарахування за комунальні послуги.",
    "Скарга на грубе поводження працівника на рецепції.",
    "Пропоную зробити окрему чергу для осіб з інвалідністю та вагітних.",
    "Запитання щодо строку видачі витягу з реєстру територіальної громади.",
    "Прошу відремонтувати дорогу до старостату в Криничному.",
    "Прошу надати довідку про склад сім'ї терміново.",
    "Не працює туалет для людей з інвалідністю.",
]
BENEFIT_CATEGORIES = [
    "combatant",
    "war_participant",
    "disability_1",
    "disability_2",
    "disability_3",
    "child_of_war",
    "large_family",
    "chornobyl_victim",
    "labour_veteran",
]
SOCIAL = [
    "pensioner",
    "worker",
    "public_sector",
    "entrepreneur",
    "unemployed",
    "student",
    "military",
    "other",
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_cache_options(parser)
    parser.add_argument(
        "--into", help=argparse.SUPPRESS
    )  # internal: seed this (migrated) database in-process and print a JSON summary
    return parser.parse_args(argv)


def weighted(rng: random.Random, pairs: list[tuple[str, int]], k: int) -> list[str]:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=k)


def add_working_days(day: dt.date, days: int) -> dt.date:
    """Weekdays only (no holidays): close enough for benchmark data."""
    while days:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=KYIV)


def add_month(day: dt.date) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError


def _staff(centre, count: int, prefix: str, role: str):  # type: ignore[no-untyped-def]
    from vidhuk.accounts.models import Membership, User

    users = []
    for n in range(1, count + 1):
        user, _ = User.objects.get_or_create(
            username=f"{prefix}-{n}",
            defaults={
                "email": f"{prefix}-{n}@cnap.example",
                "first_name": FIRST_F[n % len(FIRST_F)],
                "last_name": SURNAMES[(n * 7) % len(SURNAMES)],
            },
        )
        Membership.objects.get_or_create(user=user, centre=centre, defaults={"role": role})
        users.append(user)
    return users


def seed(cases: int, other_cases: int, seed_: int) -> dict[str, object]:
    from django.db import connection, transaction
    from django.utils import timezone

    from vidhuk.accounts.choices import Role
    from vidhuk.accounts.models import Membership
    from vidhuk.appeals.models import Appeal, RegistrationCounter, SuggestionBoxOpening
    from vidhuk.catalog.models import Service
    from vidhuk.core.choices import Oblast, OfficeKind
    from vidhuk.core.models import Centre, Office

    now = timezone.now()
    main = Centre.objects.get(slug=MAIN_CENTRE)
    other, _ = Centre.objects.get_or_create(
        slug=OTHER_CENTRE,
        defaults={
            "name": "ЦНАП Лугівської сільської ради",
            "hromada": "Лугівська сільська громада",
            "oblast": Oblast.POLTAVA,
            "edrpou": "87654321",
            "address": "вул. Шкільна, 1, с. Лугове",
            "phones": "+380 53 000 20 00",
        },
    )
    Office.objects.get_or_create(
        centre=other,
        slug="main",
        defaults={"name": "ЦНАП с. Лугове", "kind": OfficeKind.MAIN, "address": "вул. Шкільна, 1"},
    )
    _staff(main, EXTRA_EXECUTORS, "bench-executor", Role.ADMINISTRATOR)
    _staff(other, 3, "bench-luhove", Role.ADMINISTRATOR)

    summary: dict[str, object] = {"seeded_at": now.isoformat()}
    for centre, count, salt in ((main, cases, 0), (other, other_cases, 1)):
        rng = random.Random(seed_ * 10 + salt)
        executors = list(
            Membership.objects.filter(centre=centre, is_active=True)
            .exclude(role=Role.ANALYST)
            .values_list("user_id", flat=True)
            .order_by("user_id")
        )
        offices = list(Office.objects.filter(centre=centre).order_by("position", "pk"))
        services = list(
            Service.objects.filter(centre=centre).values_list("pk", flat=True).order_by("pk")
        )
        started = time.monotonic()
        with transaction.atomic():
            by_status = _seed_centre(
                rng,
                centre,
                count,
                now,
                executors,
                offices,
                services,
                Appeal,
                SuggestionBoxOpening,
                RegistrationCounter,
                connection,
            )
        log(f"{centre.slug}: {count:,} cases in {time.monotonic() - started:.1f} s")
        summary[centre.slug] = {"cases": count, "by_status": by_status}
    summary["executors_main"] = Membership.objects.filter(centre=main).count()
    return summary


def _seed_centre(  # noqa: PLR0912, PLR0913, PLR0915 — one long, plain generator
    rng,
    centre,
    count,
    now,
    executors,
    offices,
    services,
    Appeal,
    SuggestionBoxOpening,
    RegistrationCounter,
    connection,
):  # type: ignore[no-untyped-def]
    from vidhuk.appeals.choices import (
        CHANNEL_DOCUMENT_TYPE,
        CHANNEL_RECEIPT_FORM,
        TOPIC_CLASSIFIER_CODE,
    )

    start = now - dt.timedelta(days=3 * 365)
    span = (now - start).total_seconds()
    # Monthly suggestion-box openings in the first office (the main one).
    box_office = offices[0]
    months = []
    cursor_day = start.astimezone(KYIV).date().replace(day=1)
    while cursor_day <= now.date():
        months.append(cursor_day)
        cursor_day = add_month(cursor_day)
    openings = SuggestionBoxOpening.objects.bulk_create(
        [
            SuggestionBoxOpening(
                centre=centre,
                office=box_office,
                opened_on=min(add_month(m) - dt.timedelta(days=1), now.date()),
                opened_by="Комісія: Бондаренко М., Шевчук А.",
            )
            for m in months
        ]
    )
    opening_by_month = {(m.year, m.month): o for m, o in zip(months, openings, strict=True)}

    received = sorted(start + dt.timedelta(seconds=rng.random() * span) for _ in range(count))
    kinds = weighted(rng, KINDS, count)
    channels = weighted(rng, CHANNELS, count)
    topics = weighted(rng, TOPICS, count)
    executor_weights = [1 / (i + 1) ** 0.8 for i in range(len(executors))]
    office_weights = [70, 20, 10][: len(offices)] + [5] * max(0, len(offices) - 3)

    fields = [f for f in Appeal._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    defaults = {f.attname: (f.get_default() if f.has_default() else None) for f in fields}
    for f in fields:
        if not f.null and defaults[f.attname] is None and f.empty_strings_allowed:
            defaults[f.attname] = ""
    # Numbering continues after what is already there (seed_demo's dozen items of this year).
    numbers: Counter[int] = Counter(
        dict(RegistrationCounter.objects.filter(centre=centre).values_list("year", "last_number"))
    )
    by_status: Counter[str] = Counter()
    feedback = {"thanks", "quality_remark", "question"}
    appeal_kinds = {"statement", "complaint", "proposal"}
    # The card's form of receipt and type as the services set them for each channel: the hotline
    # is the classifier's telephone form (decision 0008), never personal reception.
    channel_receipt = dict(CHANNEL_RECEIPT_FORM)
    channel_doc = dict(CHANNEL_DOCUMENT_TYPE)

    sql = f"COPY appeals_appeal ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as django_cursor, django_cursor.cursor.copy(sql) as copy:
        for i in range(count):
            kind, channel, topic = kinds[i], channels[i], topics[i]
            at = received[i]
            if kind == "info_request" and channel not in ("web", "email", "post"):
                channel = rng.choice(("web", "email", "post"))
            if channel not in ("web", "email", "social"):
                # Offline channels: office hours in Kyiv.
                local = at.astimezone(KYIV)
                at = local.replace(hour=rng.randint(8, 16), minute=rng.randint(0, 59))
            opening = None
            if channel == "box":
                local_day = at.astimezone(KYIV).date()
                opening = opening_by_month[(local_day.year, local_day.month)]
                at = dt.datetime.combine(opening.opened_on, dt.time(10, 0), tzinfo=KYIV)
                at = min(at, now)
            local_day = at.astimezone(KYIV).date()
            row = dict(defaults)
            year = local_day.year
            numbers[year] += 1
            anonymous = (
                kind in feedback
                and channel in ("box", "book", "web", "social")
                and (rng.random() < 0.4)
            )
            collective = kind in appeal_kinds and rng.random() < 0.03
            female = rng.random() < 0.62
            surname = rng.choice(SURNAMES)
            if anonymous:
                prefix, name = "Ан", ""
            else:
                name = " ".join(
                    (
                        surname,
                        rng.choice(FIRST_F if female else FIRST_M),
                        rng.choice(PATRONYMIC_F if female else PATRONYMIC_M),
                    )
                )
                prefix = "ЗІ" if kind == "info_request" else ("Кол" if collective else surname[0])
            age_days = (now - at).total_seconds() / 86400
            # Deadline.
            due = None
            needs_study = kind in appeal_kinds and rng.random() < 0.3
            urgent = kind == "info_request" and rng.random() < 0.03
            if kind in appeal_kinds:
                last = add_month(local_day) if needs_study else local_day + dt.timedelta(days=15)
                due = end_of_day(last)
            elif kind == "info_request":
                due = (
                    at + dt.timedelta(hours=48)
                    if urgent
                    else end_of_day(add_working_days(local_day, 5))
                )
            initial_due = due
            extended = None
            if kind in appeal_kinds and needs_study and rng.random() < 0.1:
                extended = at + dt.timedelta(days=rng.randint(5, 25))
                due = end_of_day(local_day + dt.timedelta(days=45))
            # Status by age.
            if kind in feedback:
                p_open = 0.9 if age_days < 3 else 0.5 if age_days < 14 else 0.02
            else:
                p_open = (
                    0.95
                    if age_days < 3
                    else 0.6
                    if age_days < 15
                    else 0.3
                    if age_days < 45
                    else 0.02
                )
            if rng.random() < p_open:
                status = (
                    "registered"
                    if rng.random() < (0.7 if age_days < 2 else 0.3)
                    else ("in_progress")
                )
            else:
                r = rng.random()
                status = (
                    "closed"
                    if r < 0.65
                    else "answered"
                    if r < 0.9
                    else "forwarded"
                    if r < 0.95
                    else "returned_noncompliant"
                    if r < 0.98
                    else "not_considered"
                )
                if kind in feedback and status in (
                    "forwarded",
                    "returned_noncompliant",
                    "not_considered",
                ):
                    status = "closed"
            by_status[status] += 1
            executor = None
            if status != "registered" or rng.random() < 0.3:
                executor = rng.choices(executors, weights=executor_weights)[0]
            answered = closed = None
            if status in ("answered", "closed"):
                limit = (due - at).total_seconds() if due else 10 * 86400
                late = rng.random() < 0.05
                answered = at + dt.timedelta(
                    seconds=rng.uniform(0.1, 1.0) * limit * (1.5 if late else 1.0)
                )
                answered = min(answered, now)
            if status in ("closed", "forwarded", "returned_noncompliant", "not_considered"):
                closed = min((answered or at) + dt.timedelta(days=rng.randint(0, 5)), now)
            consented = not anonymous and rng.random() < 0.3
            benefit = not anonymous and rng.random() < 0.08
            office = rng.choices(offices, weights=office_weights)[0]
            text = " ".join(rng.sample(SENTENCES, rng.randint(1, 3)))
            row.update(
                centre_id=centre.pk,
                created_at=at,
                updated_at=closed or answered or at,
                registration_year=year,
                registration_number=numbers[year],
                registration_index=f"{prefix}-{numbers[year]}/{year}",
                kind=kind,
                channel=channel,
                receipt_form=channel_receipt[channel],
                sign=rng.choices(("primary", "repeat", "duplicate"), weights=(90, 7, 3))[0],
                subject=(
                    "anonymous" if anonymous else "collective" if collective else "individual"
                ),
                document_type=channel_doc[channel],
                received_at=at,
                document_date=local_day if channel in ("post", "hotline") else None,
                submission_key=uuid.UUID(int=rng.getrandbits(128), version=4)
                if channel == "web"
                else None,
                tracker_token_hash=hashlib.sha256(
                    f"{centre.pk}:{i}:{rng.random()}".encode()
                ).hexdigest(),
                book_number="1" if channel == "book" else "",
                book_page=rng.randint(1, 100) if channel == "book" else None,
                social_post_url=(
                    f"https://www.facebook.com/{centre.slug}.cnap/posts/{100000 + i}"
                    if channel == "social"
                    else ""
                ),
                box_opening_id=opening.pk if opening else None,
                is_anonymous=anonymous,
                full_name=name,
                address=""
                if anonymous
                else (f"м. Вербівка, вул. {rng.choice(STREETS)}, {rng.randint(1, 120)}"),
                email="" if anonymous or rng.random() < 0.5 else f"resident{i}@example.com",
                phone=""
                if anonymous or rng.random() < 0.4
                else (f"+38067{rng.randint(1000000, 9999999)}"),
                signatories_count=rng.randint(2, 40) if collective else 1,
                applicant_category=rng.choice(BENEFIT_CATEGORIES) if benefit else "",
                social_status=rng.choice(SOCIAL) if consented else "",
                is_benefit_holder=benefit,
                consent_text="" if anonymous else "Я погоджуюся на обробку персональних даних.",
                consent_given_at=None if anonymous else at,
                demographics_consent_at=at if consented else None,
                sex=("female" if female else "male") if consented else "",
                age_group=rng.choice(("18_35", "36_59", "60_plus", "undisclosed"))
                if consented
                else "",
                is_idp=rng.choice(("yes", "no", "no", "no", "undisclosed")) if consented else "",
                has_disability=rng.choice(("yes", "no", "no", "undisclosed")) if consented else "",
                is_pensioner=rng.choice(("yes", "no", "no")) if consented else "",
                is_veteran=rng.choice(("yes", "no", "no", "no")) if consented else "",
                text=text,
                topic=topic,
                topic_code=TOPIC_CLASSIFIER_CODE.get(topic, ""),
                office_id=None if channel == "web" and rng.random() < 0.5 else office.pk,
                service_id=rng.choice(services) if services and rng.random() < 0.4 else None,
                staff_remark="Затримка видачі." if kind == "quality_remark" else "",
                status=status,
                executor_id=executor,
                is_urgent=urgent,
                urgency_reason="Загроза життю." if urgent else "",
                initial_due_at=initial_due,
                due_at=due,
                extension_reason="Потрібне додаткове вивчення." if extended else "",
                extended_at=extended,
                answer_text="Відповідь надано." if answered else "",
                answer_delivery=(rng.choice(("email", "letter")) if answered else ""),
                answered_at=answered,
                closed_at=closed,
                forwarded_to="Управління соціального захисту" if status == "forwarded" else "",
                forward_reason="Не належить до компетенції." if status == "forwarded" else "",
                return_reason="Не вказано адресу." if status == "returned_noncompliant" else "",
                not_considered_reason="repeated" if status == "not_considered" else "",
            )
            copy.write_row([row[f.attname] for f in fields])
    RegistrationCounter.objects.bulk_create(
        [RegistrationCounter(centre=centre, year=y, last_number=n) for y, n in numbers.items()],
        update_conflicts=True,
        unique_fields=["centre", "year"],
        update_fields=["last_number"],
    )
    return dict(by_status)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.into:
        os.environ["DATABASE_URL"] = args.into
        setup_django(dict(os.environ))
        summary = seed(args.cases, args.other_cases, args.seed)
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    with cluster(args) as db:
        rows = db.psql(
            "SELECT c.slug, count(*), min(a.received_at)::date, max(a.received_at)::date, "
            "count(*) FILTER (WHERE a.status IN ('registered', 'in_progress') "
            "AND a.due_at < now()) "
            "FROM appeals_appeal a JOIN core_centre c ON c.id = a.centre_id GROUP BY c.slug"
        )
        duplicates = db.psql(
            "SELECT count(*) FROM (SELECT 1 FROM appeals_appeal GROUP BY centre_id, "
            "registration_year, registration_index HAVING count(*) > 1) d"
        )[0][0]
        print(f"cluster: {db.root}\ndatabase size: {db.info.get('database_size')}")
        print(f"built: {db.info.get('seeded_at')} in {db.info.get('seed_seconds')} s (seeding)")
        for slug, n, first, last, overdue in rows:
            print(f"{slug}: {n:,} cases received {first} – {last}; {overdue:,} overdue now")
        print(f"duplicate registration indexes per centre and year: {duplicates}")
        for slug in (MAIN_CENTRE, OTHER_CENTRE):
            centre_info: Any = db.info.get(slug, {})
            print(f"{slug} by status: {centre_info.get('by_status')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
