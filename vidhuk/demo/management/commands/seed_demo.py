"""Load the demo centre: a fictional hromada with three offices, 45+ real services and staff.

Idempotent: rows are found by their natural keys and left alone when present, so a second run
changes nothing.
"""

import base64
import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import Membership, User
from vidhuk.catalog.selectors import service_queryset
from vidhuk.catalog.services import (
    category_get_or_create,
    life_situation_get_or_create,
    service_create,
)
from vidhuk.core.choices import Oblast, OfficeKind
from vidhuk.core.models import Centre, Office
from vidhuk.core.seeds import SeedRun, seeds
from vidhuk.core.services import office_hours_replace

DATA = Path(__file__).resolve().parents[2] / "data" / "services.json"
DEMO_PASSWORD = "Vidhuk-demo-2026"  # noqa: S105 — a published demo password
CENTRE_SLUG = "verbivka"

STAFF = [
    ("demo-head", "Марія", "Бондаренко", Role.HEAD),
    ("demo-admin", "Андрій", "Шевчук", Role.ADMINISTRATOR),
    ("demo-operator", "Світлана", "Мельник", Role.HOTLINE_OPERATOR),
    ("demo-comms", "Ірина", "Ткаченко", Role.COMMUNICATIONS),
    ("demo-analyst", "Олег", "Кравчук", Role.ANALYST),
    ("demo-evaluator", "Тарас", "Гнатюк", Role.EVALUATOR),
]

DESCRIPTION = (
    "Тут можна отримати адміністративні послуги: паспортні, реєстрація місця проживання, "
    "соціальні, реєстрація бізнесу та нерухомості, земельні."
)
OLD_DESCRIPTION = (
    "Тут можна отримати понад 40 адміністративних послуг: паспортні, реєстрація "
    "місця проживання, соціальні, реєстрація бізнесу та нерухомості, земельні."
)

OFFICES = [
    {
        "slug": "main",
        "name": "Головний офіс ЦНАП",
        "kind": OfficeKind.MAIN,
        "address": "вул. Соборна, 12, м. Вербівка, Полтавська обл., 38100",
        "phone": "+380 53 000 12 00",
        "email": "cnap@verbivka.example",
        "accessibility": (
            "Вхід без сходинок з боку вул. Соборної, автоматичні двері шириною 1,2 м, доступний "
            "туалет на першому поверсі, два паркомісця для людей з інвалідністю, кнопка виклику "
            "адміністратора, дитячий куточок."
        ),
        "directions": (
            "Автобуси № 2, 5 і 7 до зупинки «Центр», далі 100 м уздовж скверу. Вхід без "
            "сходинок з боку вул. Соборної, поруч два паркомісця для людей з інвалідністю. "
            "Зал обслуговування — на першому поверсі, праворуч від входу."
        ),
        "latitude": Decimal("49.587300"),
        "longitude": Decimal("34.551400"),
        "position": 0,
        "hours": [(d, "08:00", "20:00") for d in (1,)]
        + [(d, "08:00", "17:00") for d in (0, 2, 3, 4)]
        + [(5, "08:00", "15:00")],
    },
    {
        "slug": "remote-1",
        "name": "Віддалене робоче місце в с. Лугове",
        "kind": OfficeKind.REMOTE,
        "address": "вул. Шкільна, 3, с. Лугове, Вербівська громада",
        "phone": "+380 53 000 12 10",
        "email": "",
        "accessibility": "Пандус біля входу, робоче місце на першому поверсі.",
        "position": 1,
        "hours": [(d, "08:00", "12:00") for d in range(0, 5)]
        + [(d, "12:45", "16:00") for d in range(0, 5)],
    },
    {
        "slug": "starosta-1",
        "name": "Старостат с. Криничне",
        "kind": OfficeKind.STAROSTA,
        "address": "вул. Центральна, 40, с. Криничне, Вербівська громада",
        "phone": "+380 53 000 12 20",
        "email": "",
        "accessibility": (
            "Вхід зі сходинкою 10 см; на прохання староста приймає на першому поверсі."
        ),
        "position": 2,
        "hours": [(d, "09:00", "13:00") for d in (1, 3)],
    },
]


def demo_totp_key(username: str) -> str:
    """A fixed TOTP key per demo account, so the printed secret works on every machine."""
    return hashlib.sha1(f"vidhuk-demo:{username}".encode()).hexdigest()  # noqa: S324


def demo_totp_secret_base32(username: str) -> str:
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


class Command(BaseCommand):
    help = "Load the demo centre (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        if settings.IS_PRODUCTION:
            raise CommandError(
                "Demo data has published passwords and second-factor keys: "
                "it is refused in production (VIDHUK_ENV=production)."
            )
        data = json.loads(DATA.read_text(encoding="utf-8"))
        centre, created = Centre.objects.get_or_create(
            slug=CENTRE_SLUG,
            defaults={
                "name": "ЦНАП Вербівської міської ради",
                "hromada": "Вербівська міська територіальна громада",
                "oblast": Oblast.POLTAVA,
                "edrpou": "04050607",
                "address": "вул. Соборна, 12, м. Вербівка, Полтавська обл., 38100",
                "phones": "+380 53 000 12 00, +380 800 000 120",
                "email": "cnap@verbivka.example",
                "website": "https://verbivka.example",
                "description": DESCRIPTION,
            },
        )
        if centre.description == OLD_DESCRIPTION:  # a demo loaded before: no stale count
            centre.description = DESCRIPTION
            centre.save(update_fields=["description"])
        offices = {}
        for spec in OFFICES:
            spec = dict(spec)
            hours = spec.pop("hours")
            office, office_created = Office.objects.get_or_create(
                centre=centre, slug=spec["slug"], defaults=spec
            )
            offices[office.slug] = office
            place = {k: spec[k] for k in ("directions", "latitude", "longitude") if k in spec}
            if place and not office.directions and office.latitude is None:
                Office.objects.filter(pk=office.pk).update(**place)
            if office_created:
                office_hours_replace(
                    office=office,
                    intervals=[
                        (d, dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for d, a, b in hours
                    ],
                    actor=None,
                )
        categories = {
            name: category_get_or_create(centre=centre, name=name, actor=None)
            for name in data["categories"]
        }
        for position, category in enumerate(categories.values()):
            if category.position != position:
                category.position = position
                category.save(update_fields=["position"])
        situations = {
            name: life_situation_get_or_create(centre=centre, name=name, actor=None)
            for name in data["life_situations"]
        }
        existing = set(service_queryset(centre=centre).values_list("code", flat=True))
        added = 0
        for item in data["services"]:
            if item["code"] in existing:
                continue
            fields = {
                key: item[key]
                for key in (
                    "code", "name", "provider_name", "provider_address", "provider_hours",
                    "provider_phone", "provider_email", "provider_website", "requirements",
                    "is_free", "fee_details", "fee_legal_basis", "max_term_days", "term_text",
                    "result", "appeal_procedure", "online_url", "keywords",
                )
            }  # fmt: skip
            fields.update(
                category=categories[item["category"]],
                legal_basis="\n".join(item["legal_basis"]),
                documents="\n".join(item["documents"]),
                delivery_methods="\n".join(item["delivery_methods"]),
                refusal_grounds="\n".join(item["refusal_grounds"]),
                fee_amount=Decimal(item["fee_amount"]) if item["fee_amount"] else None,
            )
            service_create(
                centre=centre,
                data=fields,
                life_situations=[situations[s] for s in item["life_situations"]],
                offices=[offices[s] for s in item["offices"]],
                actor=None,
                audit=False,
            )
            added += 1
        staff_lines = self._staff(centre)
        # Every app's own demo data, registered in its extensions.py (vidhuk.core.seeds).
        run = SeedRun(centre=centre, offices=offices)
        results = [seed.run(run) for seed in seeds()]
        summary = "; ".join([f"додано послуг: {added}", *(result.summary for result in results)])
        self.stdout.write(
            self.style.SUCCESS(
                f"Демо-центр «{centre.name}»: {'створено' if created else 'вже був'}; {summary}."
            )
        )
        self.stdout.write("\nВхід для персоналу: http://127.0.0.1:8000/staff/login/")
        self.stdout.write(f"Пароль для всіх демо-облікових записів: {DEMO_PASSWORD}")
        self.stdout.write(
            "Другий фактор: додайте секрет у застосунок-автентифікатор або отримайте поточний "
            "код командою `.venv/bin/python manage.py demo_otp <логін>`."
        )
        for line in staff_lines:
            self.stdout.write("  " + line)
        for result in results:
            if result.notes_title:
                self.stdout.write(f"\n{result.notes_title}")
            for line in result.notes:
                self.stdout.write("  " + line)

    def _staff(self, centre: Centre) -> list[str]:
        lines = []
        accounts = [(*row, False) for row in STAFF] + [
            ("demo-platform", "Платформа", "Адміністратор", None, True)
        ]
        for username, first, last, role, is_superuser in accounts:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@verbivka.example",
                    "is_staff": is_superuser,
                    "is_superuser": is_superuser,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if role:
                Membership.objects.get_or_create(user=user, centre=centre, defaults={"role": role})
            TOTPDevice.objects.get_or_create(
                user=user,
                name="demo",
                defaults={"key": demo_totp_key(username), "confirmed": True},
            )
            label = Role(role).label if role else "адміністратор платформи"
            lines.append(
                f"{username:<14} {label:<28} секрет TOTP: {demo_totp_secret_base32(username)}"
            )
        return lines
