"""The resident's home page starts with large task tiles that say today's state: the catalogue's
real size, the next free booking time, how many people wait in the queue — in a fixed number of
queries. Apps contribute tiles through vidhuk.core.portal, so a new app needs no portal edit."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import caches
from django.urls import reverse

from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.portal import Tile, register_tile, unregister
from vidhuk.queue.choices import TicketStatus
from vidhuk.queue.tests.factories import NOW, TicketFactory, open_office, window
from vidhuk.surveys.services import questionnaire_install_defaults


@pytest.fixture
def busy_centre(centre):
    """Monday 2 March 2026, 10:00: an office open 08:00–17:00 with two windows, three people
    waiting today (and one from yesterday), five published services. (Counts of 5 and 25: their
    plural form is the same before and after the Ukrainian catalogue learns the new strings.)"""
    office = open_office(centre, slug="main", name="Головний офіс")
    window(office, "1")
    window(office, "2")
    for _ in range(5):
        TicketFactory(office=office, status=TicketStatus.WAITING)
    TicketFactory(office=office, status=TicketStatus.WAITING, day=dt.date(2026, 3, 1))
    TicketFactory(office=office, status=TicketStatus.UNSERVED)
    for _ in range(5):
        ServiceFactory(centre=centre, is_published=True)
    ServiceFactory(centre=centre, is_published=False)
    return centre


def _tiles(response):
    return {tile.key: tile for tile in response.context["tiles"]}


def test_home_starts_with_the_task_tiles(client, busy_centre):
    questionnaire_install_defaults(centre=busy_centre, actor=None)
    with time_machine.travel(NOW, tick=False):
        response = client.get(f"/{busy_centre.slug}/")

    page = response.content.decode()
    labels = [
        "Знайти послугу",
        "Записатися на прийом",
        "Взяти талон у черзі",
        "Залишити відгук чи звернення",
        "Дізнатися, як розглядають моє звернення",
        "Оцінити обслуговування",
    ]
    assert [t.label for t in response.context["tiles"]] == labels
    positions = [page.index(f">{label}</a>") for label in labels]
    assert positions == sorted(positions)
    assert positions[-1] < page.index("Знайдіть послугу") < page.index("Години роботи")
    slug = busy_centre.slug
    assert [t.url for t in response.context["tiles"]] == [
        f"/{slug}/services/",
        f"/{slug}/booking/",
        f"/{slug}/queue/",
        f"/{slug}/appeals/",
        f"/{slug}/appeals/track/",
        f"/{slug}/survey/visitor-survey/",
    ]


def test_tiles_say_todays_state(client, busy_centre):
    with time_machine.travel(NOW, tick=False):
        response = client.get(f"/{busy_centre.slug}/")

    tiles = _tiles(response)
    assert tiles["catalog"].state == "5 послуг у каталозі"
    assert tiles["queue"].state == "Зараз у черзі 5 людей"
    # 10:00 on an open weekday, no visit booked: the first free slot after the booking notice.
    assert tiles["appointments"].state.startswith("Найближчий вільний час: сьогодні о ")
    assert "Зараз відчинено" in response.content.decode()


def test_next_free_time_skips_the_evening_to_tomorrow(client, busy_centre):
    with time_machine.travel(NOW.replace(hour=16, minute=58), tick=False):
        response = client.get(f"/{busy_centre.slug}/")

    assert _tiles(response)["appointments"].state == "Найближчий вільний час: завтра о 08:00"


def test_no_queue_tile_without_an_office_with_a_queue(client, centre):
    response = client.get(f"/{centre.slug}/")

    assert "queue" not in _tiles(response)
    assert "surveys" not in _tiles(response)  # no published visitor survey either


def test_home_runs_a_bounded_number_of_queries(client, busy_centre, django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        client.get(f"/{busy_centre.slug}/")  # warm the session and caches
        for _ in range(20):
            TicketFactory(office=busy_centre.office_set.get(), status=TicketStatus.WAITING)
            ServiceFactory(centre=busy_centre, is_published=True)
        caches["pages"].clear()  # the queries of rendering it, not of the page cache's copy
        with django_assert_max_num_queries(40):
            response = client.get(f"/{busy_centre.slug}/")

    assert _tiles(response)["queue"].state == "Зараз у черзі 25 людей"


def test_a_new_app_adds_its_tile_without_editing_the_portal(client, centre):
    register_tile(
        Tile(
            key="throwaway",
            order=1,
            label="Нова справа",
            description="Опис нової справи.",
            url=lambda c: reverse("portal:standards", args=[c.slug]),
            state=lambda c, now: "Сьогодні 7 справ",
        )
    )
    try:
        page = client.get(f"/{centre.slug}/").content.decode()
    finally:
        unregister("throwaway")

    assert f'href="/{centre.slug}/standards/">Нова справа</a>' in page
    assert "Сьогодні 7 справ" in page


def test_the_description_states_no_count_the_catalogue_contradicts(client, centre):
    """The demo said «понад 40» next to a catalogue of 52: the count now comes from the tile."""
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = client.get("/verbivka/").content.decode()

    assert "понад 40" not in page
    assert "52 послуги в каталозі" in page


def test_english_page_names_the_survey_in_english(client, centre):
    (visitors, *_rest) = (
        q
        for q in questionnaire_install_defaults(centre=centre, actor=None)
        if q.slug == "visitor-survey"
    )
    visitors.results_public = True
    visitors.title_en = "Visitor questionnaire"
    visitors.save()

    english = client.get(f"/en/{centre.slug}/").content.decode()
    ukrainian = client.get(f"/{centre.slug}/").content.decode()

    assert "Visitor questionnaire" in english
    assert visitors.title_uk not in english
    assert visitors.title_uk in ukrainian


def test_english_dates_keep_capitals_and_ukrainian_ones_are_lower_case(client, busy_centre):
    sunday = NOW.replace(day=1)
    with time_machine.travel(sunday, tick=False):
        english = client.get(f"/en/{busy_centre.slug}/").content.decode()
        ukrainian = client.get(f"/{busy_centre.slug}/").content.decode()

    assert "Monday, 2 March at 08:00" in english
    assert "2 march" not in english
    assert "понеділок, 2 березня о 08:00" in ukrainian


def test_queue_tile_says_when_nobody_waits(client, centre):
    window(open_office(centre), "1")
    with time_machine.travel(NOW, tick=False):
        response = client.get(f"/{centre.slug}/")

    assert _tiles(response)["queue"].state == "Зараз у черзі нікого немає"
