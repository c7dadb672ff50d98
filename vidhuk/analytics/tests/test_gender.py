"""The gender passport: each indicator by sex as people stated it, with the gap; staff of the
centre see every figure, residents the published passport with groups under 5 withheld."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from vidhuk.accounts.choices import Role
from vidhuk.analytics.gender import gap
from vidhuk.analytics.models import QuarterlyReport

from .report_data import build_quarter

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2026, 4, 10, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
PASSPORT = "/staff/verbivka/analytics/gender/passport/?year=2026&quarter=1"
SMALL_CELL = re.compile(r"<td[^>]*>\s*[1-4]\s*</td>")


@pytest.fixture
def quarter(centre, time_machine):
    time_machine.move_to(APRIL)
    return build_quarter(centre)


def _row(page: str, indicator: str) -> list[str]:
    row = re.search(rf"<th scope=\"row\"[^>]*>{indicator}</th>(.*?)</tr>", page, re.S)
    assert row, indicator
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


@pytest.mark.parametrize(
    ("unit", "women", "men", "expected"),
    [
        pytest.param("count", 18, 9, 33.3, id="count-share-points"),
        pytest.param("percent", 70, 78, -8.0, id="share-difference"),
        pytest.param("minutes", 12.5, 10, 2.5, id="minutes-difference"),
        pytest.param("count", None, 9, None, id="withheld"),
    ],
)
def test_the_gap(unit, women, men, expected):
    assert gap(unit=unit, women=women, men=men) == expected


def test_staff_see_the_passport_by_sex_with_the_gap(staff_client, quarter):
    client, _membership = staff_client(Role.HEAD)

    page = client.get(PASSPORT).content.decode()

    assert _row(page, "Отримали послугу")[:4] == ["18", "9", "3", "+33,3 в. п."]
    assert _row(page, "Звернулися по послуги")[:4] == ["23", "18", "3", "+12,2 в. п."]
    assert _row(page, "Отримали відмову")[:3] == ["5", "3", "0"]


def test_staff_type_the_staff_composition_kept_with_the_quarters_report(staff_client, quarter):
    client, _membership = staff_client(Role.ADMINISTRATOR)

    response = client.post(
        PASSPORT,
        {"as_of": "31.03.2026", "staff_female": "12", "staff_male": "4", "leaders_female": "2"},
        follow=True,
    )

    page = response.content.decode()
    assert "Склад працівників збережено." in page
    assert _row(page, "Працівники центру")[:4] == ["12", "4", "0", "+50 в. п."]
    kept = QuarterlyReport.objects.get(year=2026, quarter=1).figures["staff_composition"]
    assert (kept["staff_female"], kept["staff_male"], kept["as_of"]) == (12, 4, "2026-03-31")


def test_a_negative_count_is_refused_in_words(staff_client, quarter):
    client, _membership = staff_client(Role.HEAD)

    response = client.post(PASSPORT, {"as_of": "31.03.2026", "staff_female": "-1"})

    assert response.status_code == 400
    assert "Кількість не може бути від’ємною." in response.content.decode()
    assert not QuarterlyReport.objects.exists()


def test_the_public_passport_withholds_groups_under_five(client, staff_client, quarter):
    staff, _membership = staff_client(Role.HEAD)
    staff.post(PASSPORT, {"as_of": "31.03.2026", "staff_female": "12", "staff_male": "4"})
    staff.post("/staff/verbivka/analytics/reports/2026-q1/build/")
    staff.post("/staff/verbivka/analytics/reports/2026-q1/publish/")

    page = client.get("/verbivka/gender-passport/").content.decode()
    download = client.get("/verbivka/gender-passport/2026-q1.csv")
    csv = b"".join(download.streaming_content).decode("utf-8-sig")

    assert "Гендерний паспорт центру" in page
    assert SMALL_CELL.findall(page) == []
    assert _row(page, "Працівники центру")[:4] == ["не наводиться", "не наводиться", "0", "—"]
    assert _row(page, "Звернулися по послуги")[:3] == ["23", "не наводиться", "не наводиться"]
    assert csv.splitlines()[0] == (
        "Показник;Жінки;Чоловіки;Не зазначено;Розрив;Одиниця розриву;Джерело;"
        "Початок періоду;Кінець періоду"
    )
    assert "Звернулися по послуги;23;не наводиться;не наводиться;;в. п.;" in csv
    assert "Працівники центру;не наводиться;не наводиться;0;;в. п.;" in csv


def test_no_passport_before_a_report_is_published(client, quarter):
    page = client.get("/verbivka/gender-passport/").content.decode()

    assert "Центр ще не опублікував гендерний паспорт" in page
