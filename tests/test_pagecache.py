"""Anonymous public pages come from the page cache and change when their data does
(vidhuk/core/pagecache.py)."""

import datetime as dt
import gzip

import pytest
import time_machine
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from vidhuk.accounts.choices import Role
from vidhuk.appointments.services.schedules import service_booking_set
from vidhuk.appointments.tests.factories import WindowFactory
from vidhuk.catalog import services as catalog_services
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core import services as core_services
from vidhuk.core.pagecache import HEADER, public_page
from vidhuk.core.tests.factories import OfficeFactory

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)  # a Monday


@pytest.fixture
def service(centre):
    return ServiceFactory(centre=centre, is_published=True, name="Видача довідки про склад сім’ї")


def test_a_second_view_of_the_catalog_is_served_without_queries(
    client, centre, service, django_assert_num_queries
):
    first = client.get(f"/{centre.slug}/services/")

    with django_assert_num_queries(0):
        second = client.get(f"/{centre.slug}/services/")

    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert "Видача довідки про склад сім’ї" in second.content.decode()


def test_a_public_page_sets_no_cookie_and_does_not_vary_by_cookie(client, centre, service):
    response = client.get(f"/{centre.slug}/services/{service.slug}/")

    assert response.status_code == 200
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")


def test_a_changed_card_shows_at_once_after_the_service_saves_it(client, centre, service):
    url = f"/{centre.slug}/services/{service.slug}/"
    client.get(url)
    client.get(f"/{centre.slug}/services/")

    catalog_services.service_update(
        service=service, data={"name": "Видача довідки про місце проживання"}, actor=None
    )

    assert "Видача довідки про місце проживання" in client.get(url).content.decode()
    listed = client.get(f"/{centre.slug}/services/").content.decode()
    assert "Видача довідки про місце проживання" in listed
    assert "склад сім’ї" not in listed


def test_a_new_closure_shows_on_the_home_page_at_once(client, centre):
    office = OfficeFactory(centre=centre, name="Головний офіс")
    url = f"/{centre.slug}/"
    with time_machine.travel(NOW, tick=False):
        client.get(url)
        core_services.office_closure_set(
            office=office, date=NOW.date(), opens=None, closes=None,
            note="Санітарний день", actor=None,
        )  # fmt: skip
        page = client.get(url)

    assert page[HEADER] == "miss"
    assert "Санітарний день" in page.content.decode()


def test_another_centres_change_keeps_this_centres_pages(client, centre, other_centre, service):
    url = f"/{centre.slug}/services/"
    client.get(url)

    core_services.calendar_day_set(
        centre=other_centre, date=NOW.date(), is_working_day=False, note="Свято", actor=None
    )

    assert client.get(url)[HEADER] == "hit"


def test_the_home_page_is_kept_no_longer_than_half_a_minute(client, centre):
    url = f"/{centre.slug}/"
    with time_machine.travel(NOW, tick=False):
        client.get(url)
    with time_machine.travel(NOW + dt.timedelta(seconds=20), tick=False):
        soon = client.get(url)
    with time_machine.travel(NOW + dt.timedelta(seconds=31), tick=False):
        later = client.get(url)

    assert soon[HEADER] == "hit"
    assert later[HEADER] == "miss"


def test_english_and_ukrainian_pages_never_mix(client, centre, service):
    ukrainian = client.get(f"/{centre.slug}/services/")
    english = client.get(f"/en/{centre.slug}/services/")
    ukrainian_again = client.get(f"/{centre.slug}/services/")

    assert '<html lang="uk"' in ukrainian.content.decode()
    assert '<html lang="en"' in english.content.decode()
    assert ukrainian_again.content == ukrainian.content


def test_each_query_is_its_own_page(client, centre, service):
    ServiceFactory(centre=centre, is_published=True, name="Реєстрація місця проживання")
    url = f"/{centre.slug}/services/"
    client.get(url)

    found = client.get(url, {"q": "проживання"}).content.decode()

    assert "Реєстрація місця проживання" in found
    assert "склад сім’ї" not in found


def test_signed_in_staff_never_get_or_leave_a_cached_page(staff_client, client, centre, service):
    staff, _membership = staff_client(Role.HEAD)
    url = f"/{centre.slug}/services/"

    staffs = [staff.get(url), staff.get(url)]
    anonymous = client.get(url)

    assert [HEADER in response for response in staffs] == [False, False]
    assert anonymous[HEADER] == "miss"


def test_a_post_is_never_answered_from_the_cache(client, centre, service):
    url = f"/{centre.slug}/services/"
    client.get(url)

    posted = client.post(url)

    assert HEADER not in posted


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, centre, service):
    url = f"/{centre.slug}/services/"
    client.get(url)
    client.cookies["messages"] = "anything"

    assert HEADER not in client.get(url)


def test_a_page_with_a_form_that_posts_is_never_stored(db):
    """A page that needed a CSRF token (the survey form, the appeal form) would hand out a
    token without its cookie if it were served from the cache."""
    renders = []

    @public_page()
    def form_page(request, centre_slug):
        renders.append(get_token(request))
        return HttpResponse(f'<form method="post"><input name="csrf" value="{renders[-1]}">')

    factory = RequestFactory()
    form_page(factory.get("/verbivka/survey/"), centre_slug="verbivka")
    second = form_page(factory.get("/verbivka/survey/"), centre_slug="verbivka")

    assert len(renders) == 2
    assert HEADER not in second


def test_a_page_from_the_cache_carries_the_headers_of_a_rendered_one(client, centre, service):
    url = f"/{centre.slug}/services/{service.slug}/"
    rendered = client.get(url)
    cached = client.get(url)

    assert (rendered[HEADER], cached[HEADER]) == ("miss", "hit")
    for header in (
        "X-Frame-Options",
        "Content-Security-Policy",
        "Content-Language",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Type",
    ):
        assert cached[header] == rendered[header], header
    assert cached.content == rendered.content


def test_the_booking_steps_list_changes_when_a_service_stops_booking_online(client, centre):
    service = ServiceFactory(centre=centre, is_published=True, name="Оформлення субсидії")
    WindowFactory(centre=centre).services.add(service)
    url = f"/{centre.slug}/booking/"
    listed = client.get(url)
    assert client.get(url)[HEADER] == "hit"

    service_booking_set(centre=centre, service=service, slot_minutes=15, is_bookable_online=False)
    after = client.get(url)

    assert "Оформлення субсидії" in listed.content.decode()
    assert "Оформлення субсидії" not in after.content.decode()


def test_a_browser_that_accepts_gzip_gets_the_page_compressed_as_stored(client, centre, service):
    url = f"/{centre.slug}/services/{service.slug}/"
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain_again = client.get(url)

    assert (plain[HEADER], packed[HEADER], plain_again[HEADER]) == ("miss", "hit", "hit")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
    assert "Content-Encoding" not in plain_again
    assert plain_again.content == plain.content
    for response in (plain, packed, plain_again):
        assert "Accept-Encoding" in response["Vary"]
