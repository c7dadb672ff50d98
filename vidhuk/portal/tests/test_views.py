import datetime as dt
import io
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vidhuk.core.choices import OfficeKind
from vidhuk.core.models import CalendarDay
from vidhuk.core.tests.factories import CentreFactory, OfficeFactory, OpeningHoursFactory

KYIV = ZoneInfo("Europe/Kyiv")


def test_root_goes_straight_to_the_only_centre(client, centre):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/verbivka/"


def test_root_lists_centres_when_there_are_several(client, centre, other_centre):
    response = client.get("/")

    assert response.status_code == 200
    assert response.context["centres"] == [centre, other_centre]


def test_unknown_centre_gets_a_ukrainian_not_found_page(client, centre):
    response = client.get("/nowhere/")

    assert response.status_code == 404
    assert "Сторінку не знайдено" in response.content.decode()


def test_switched_off_centre_is_not_public(client, db):
    CentreFactory(slug="closed", is_active=False)

    assert client.get("/closed/").status_code == 404


@pytest.fixture
def main_office(centre):
    office = OfficeFactory(centre=centre, kind=OfficeKind.MAIN, name="Головний офіс")
    for weekday in range(5):
        OpeningHoursFactory(office=office, weekday=weekday, opens=dt.time(8), closes=dt.time(17))
    return office


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(dt.datetime(2026, 11, 23, 10, 0, tzinfo=KYIV), "Зараз відчинено", id="open"),
        pytest.param(
            dt.datetime(2026, 11, 28, 10, 0, tzinfo=KYIV), "Зараз зачинено", id="saturday"
        ),
    ],
)
def test_home_says_whether_the_centre_is_open_now(client, main_office, moment, expected):
    with time_machine.travel(moment, tick=False):
        response = client.get("/verbivka/")

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_home_says_closed_on_a_day_off_of_the_centres_calendar(client, centre, main_office):
    # Monday 23.11.2026 by the hours is open at 10:00; the centre marked it a day off.
    CalendarDay.objects.create(centre=centre, date=dt.date(2026, 11, 23), is_working_day=False)

    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=KYIV), tick=False):
        html = client.get("/verbivka/").content.decode()

    assert "Зараз зачинено" in html
    assert "Сьогодні центр не працює." in html
    assert "Відчиниться: вівторок, 24 листопада о 08:00" in html


def test_home_says_closed_on_a_public_holiday(client, settings, main_office):
    # Monday 24.08.2026, Independence Day: by the hours open at 10:00, but a day off once
    # holidays count again (they are worked under martial law).
    settings.VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = False

    with time_machine.travel(dt.datetime(2026, 8, 24, 10, 0, tzinfo=KYIV), tick=False):
        html = client.get("/verbivka/").content.decode()

    assert "Зараз зачинено" in html
    assert "Сьогодні святковий вихідний день." in html
    assert "Відчиниться: вівторок, 25 серпня о 08:00" in html


def test_home_says_open_on_a_holiday_worked_under_martial_law(client, main_office):
    with time_machine.travel(dt.datetime(2026, 8, 24, 10, 0, tzinfo=KYIV), tick=False):
        html = client.get("/verbivka/").content.decode()

    assert "Зараз відчинено" in html
    assert "святковий" not in html


def test_home_asks_the_same_queries_for_one_office_or_many(client, centre, main_office):
    def queries() -> int:
        moment = dt.datetime(2026, 11, 23, 10, 0, tzinfo=KYIV)
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as captured:
            client.get("/verbivka/")
        return len(captured)

    queries()  # warm the caches
    with_one = queries()
    for n in range(4):
        office = OfficeFactory(centre=centre, name=f"Старостат №{n}")
        OpeningHoursFactory(office=office, weekday=0, opens=dt.time(9), closes=dt.time(13))
        CalendarDay.objects.create(
            centre=centre, date=dt.date(2026, 11, 30 - n), is_working_day=False
        )

    assert queries() == with_one


def test_home_shows_address_phones_and_every_office(client, centre, main_office):
    OfficeFactory(centre=centre, name="Старостат с. Криничне", kind=OfficeKind.STAROSTA)

    page = client.get("/verbivka/").content.decode()

    assert centre.address in page
    assert "+380 53 000 00 01" in page
    assert "Головний офіс" in page
    assert "Старостат с. Криничне" in page


@pytest.mark.parametrize("path", ["/verbivka/standards/", "/verbivka/accessibility/"])
def test_information_pages_exist(client, centre, path):
    response = client.get(path)

    assert response.status_code == 200
    assert centre.email in response.content.decode()


def test_english_version_is_served_under_en(client, centre):
    response = client.get("/en/verbivka/standards/")

    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "en"


@pytest.mark.parametrize(
    ("next_url", "language", "expected"),
    [
        ("/en/verbivka/services/?page=2", "uk", "/verbivka/services/?page=2"),
        ("/verbivka/", "en", "/en/verbivka/"),
        ("/en/verbivka/", "en", "/en/verbivka/"),
        ("https://evil.example/", "uk", "/"),
    ],
    ids=["english-to-ukrainian", "ukrainian-to-english", "same-language", "foreign-site"],
)
def test_language_switch_returns_to_the_same_page_in_that_language(
    client, centre, next_url, language, expected
):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})

    assert response.status_code == 302
    assert response.url == expected
    assert response.cookies["django_language"].value == language


@pytest.mark.parametrize(
    ("next_url", "language", "expected"),
    [
        ("/en//evil.example", "uk", "/"),
        ("/en//evil.example/path?x=1", "uk", "/"),
        ("/en/\\evil.example", "uk", "/"),
        ("/en/\\/evil.example", "uk", "/"),
        ("/en/%2F%2Fevil.example", "uk", "/%2F%2Fevil.example"),
        ("/en/\t/evil.example", "uk", "/"),
        ("//evil.example", "en", "/en/"),
    ],
)
def test_language_switch_never_sends_the_visitor_to_another_site(
    client, centre, next_url, language, expected
):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == expected
    # What a browser would make of the Location: this site, whatever the slashes.
    assert urlsplit(response["Location"].replace("\\", "/")).netloc == ""


@pytest.mark.parametrize(
    ("address", "english", "ukrainian"),
    [
        ("/verbivka/services/?page=2", "/en/verbivka/services/?page=2", None),
        ("/en/verbivka/standards/", None, "/verbivka/standards/"),
    ],
    ids=["ukrainian-page", "english-page"],
)
def test_header_links_to_the_same_page_in_the_other_language(
    client, centre, address, english, ukrainian
):
    page = client.get(address).content.decode()

    links = re.findall(
        r'<a class="vd-language-switch__button" href="([^"]+)" hreflang="(\w+)"', page
    )
    expected = [(english, "en")] if english else [(ukrainian, "uk")]
    assert links == expected
    assert 'action="/i18n/setlang/"' not in page


def test_a_public_page_sets_no_csrf_cookie(client, centre):
    """The language switch was a form that posts, so every page set the CSRF cookie (and
    varied by Cookie), and no page could be cached."""
    response = client.get("/verbivka/standards/")

    assert "csrftoken" not in response.cookies


def test_header_link_never_leads_to_another_site(client, centre):
    page = client.get("/en//evil.example/").content.decode()

    assert 'href="//' not in page
    assert 'href="/evil.example/" hreflang="uk"' in page


def test_language_switch_back_to_ukrainian_shows_ukrainian(client, centre):
    client.post("/i18n/setlang/", {"language": "en", "next": "/verbivka/"}, follow=True)

    page = client.post("/i18n/setlang/", {"language": "uk", "next": "/en/verbivka/"}, follow=True)

    assert page.redirect_chain[-1][0] == "/verbivka/"
    assert '<html lang="uk"' in page.content.decode()


def test_home_links_to_the_visitor_survey_only_when_the_centre_has_one(client, centre):
    without = client.get("/verbivka/").content.decode()
    call_command("surveys_install_defaults", "--centre", "verbivka", stdout=io.StringIO())

    with_survey = client.get("/verbivka/").content.decode()

    assert "Оцініть обслуговування" not in without
    assert 'href="/verbivka/survey/visitor-survey/"' in with_survey
