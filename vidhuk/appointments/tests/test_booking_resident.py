"""The resident's booking after issue 9.3 and 10.7/10.9: the service step searches and groups,
``?service=`` skips it, the contact step shows every error at once and takes phone notes, a day
outside the horizon is refused at the day step, and the private link keeps its token out of
every path."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse

from vidhuk.appointments.contacts import normalise_phone, strip_phone_notes
from vidhuk.appointments.models import Appointment, ServiceBooking
from vidhuk.appointments.services.booking import appointment_link_token
from vidhuk.appointments.tests.conftest import MONDAY, NOW, at
from vidhuk.appointments.tests.factories import AppointmentFactory
from vidhuk.appointments.tokens import link_hash
from vidhuk.catalog.search import document_for
from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name, centre, **kwargs):
    return reverse(f"appointments:{name}", kwargs={"centre_slug": centre.slug, **kwargs})


@pytest.fixture
def catalog(centre, window, service):
    """Three bookable services in two categories, and one the centre books by phone only."""
    family = CategoryFactory(centre=centre, name="Сім’я та діти", position=2)
    documents = CategoryFactory(centre=centre, name="Документи", position=1)
    service.category = documents
    service.search_document = document_for(service.name)
    service.save()
    passport = ServiceFactory(
        centre=centre,
        name="Оформлення паспорта громадянина",
        slug="passport",
        category=documents,
        search_document=document_for("Оформлення паспорта громадянина"),
    )
    birth = ServiceFactory(
        centre=centre,
        name="Реєстрація народження дитини",
        slug="birth",
        category=family,
        search_document=document_for("Реєстрація народження дитини"),
    )
    phone_only = ServiceFactory(centre=centre, name="Послуга лише телефоном", slug="phone-only")
    ServiceBooking.objects.create(centre=centre, service=phone_only, is_bookable_online=False)
    window.services.add(passport, birth, phone_only)
    return {"registration": service, "passport": passport, "birth": birth, "phone": phone_only}


# --- step 1 --------------------------------------------------------------------------------------


def test_the_services_stand_under_their_category_headings(client, centre, catalog):
    body = client.get(url("start", centre)).content.decode()

    documents, family = (
        body.index('<h2 class="govuk-fieldset__heading">Документи'),
        body.index("Сім’я та діти"),
    )
    assert documents < body.index("Оформлення паспорта") < family
    assert family < body.index("Реєстрація народження")
    assert "Послуга лише телефоном" not in body


def test_the_search_box_narrows_the_list_by_word_forms(client, centre, catalog):
    body = client.get(url("start", centre), {"q": "паспорт"}).content.decode()

    assert "Оформлення паспорта громадянина" in body
    assert "Реєстрація народження" not in body
    assert "Реєстрація місця проживання" not in body
    assert 'value="паспорт"' in body


def test_a_search_without_results_says_so(client, centre, catalog):
    body = client.get(url("start", centre), {"q": "космодром"}).content.decode()

    assert "Нічого не знайдено" in body
    assert "govuk-radios__input" not in body


@pytest.mark.parametrize("ref", ["id", "slug"])
def test_a_service_card_link_skips_the_first_step(client, centre, catalog, ref):
    passport = catalog["passport"]
    value = str(passport.pk) if ref == "id" else passport.slug

    response = client.get(url("start", centre), {"service": value})

    assert response.status_code == 302
    assert response.url == url("office", centre, service_id=passport.pk)


@pytest.mark.parametrize("value", ["phone-only", "no-such-service", "900001", "²"])
def test_a_card_link_to_a_service_not_booked_online_shows_the_list(client, centre, catalog, value):
    response = client.get(url("start", centre), {"service": value})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Оберіть один із варіантів у списку." in body
    assert "Оформлення паспорта громадянина" in body


# --- the contact step ----------------------------------------------------------------------------


def _details_url(window, day="2026-03-02", time="1000"):
    return url(
        "details",
        window.centre,
        service_id=window.services.first().pk,
        office_id=window.office.pk,
        day=day,
        time=time,
    )


def _post(client, details, **data):
    form = client.get(details).context["form"]
    payload = {
        "submission_key": form.initial["submission_key"],
        "form_stamp": form.initial["form_stamp"],
        "name": "Олена",
        "phone": "",
        "email": "",
    }
    payload.update(data)
    with time_machine.travel(NOW + dt.timedelta(seconds=30), tick=False):
        return client.post(details, payload)


def test_a_missing_name_and_missing_contacts_are_both_shown_at_once(client, window):
    response = _post(client, _details_url(window), name="")

    body = response.content.decode()
    start = body.index("govuk-error-summary")
    summary = body[start : body.index("</ul>", start)]
    assert "Вкажіть ваше ім’я." in summary
    assert "Вкажіть телефон або електронну пошту" in summary
    assert body.count("Вкажіть телефон або електронну пошту") == 2  # the summary and the field
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("067 123 45 67 (дом.)", "+380671234567"),
        ("044 123 45 67, дод. 12", "+380441234567"),
        ("моб.: 050 765 43 21", "+380507654321"),
        ("(067) 123-45-67", "+380671234567"),
    ],
)
def test_notes_beside_a_phone_are_tolerated(typed, stored):
    assert normalise_phone(typed) == stored


def test_a_phone_with_an_extension_books(client, window):
    response = _post(client, _details_url(window), phone="044 123 45 67 дод. 12")

    assert response.status_code == 302
    assert Appointment.objects.get().phone == "+380441234567"
    assert strip_phone_notes("067 123 45 67 (дом.)") == "067 123 45 67"


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-02-27", "Цей день уже минув."),
        ("2026-06-01", "Так далеко наперед записатися не можна"),
    ],
)
def test_a_day_outside_the_horizon_is_refused_at_the_day_step(client, window, day, message):
    response = client.get(_details_url(window, day=day), follow=True)

    day_step = url(
        "day", window.centre, service_id=window.services.first().pk, office_id=window.office.pk
    )
    assert response.redirect_chain[-1][0].startswith(day_step)
    body = response.content.decode()
    assert message in body
    assert "govuk-error-summary" in body
    assert "Хто прийде на прийом" not in body


# --- the private link ----------------------------------------------------------------------------


def _visit_with_link(window, salt="b" * 32):
    visit = AppointmentFactory(
        window=window, service=window.services.first(), starts_at=at(MONDAY, 10), link_salt=salt
    )
    token = appointment_link_token(visit)
    Appointment.objects.filter(pk=visit.pk).update(link_hash=link_hash(token))
    return visit, token


def _hrefs(body: str) -> list[str]:
    import re

    return re.findall(r'(?:href|action)="([^"]+)"', body)


def test_no_generated_link_has_the_token_in_its_path(client, window):
    response = _post(client, _details_url(window), phone="067 123 45 67")
    visit = Appointment.objects.get()
    token = appointment_link_token(visit)

    assert token not in urlsplit(response.url).path
    assert parse_qs(urlsplit(response.url).query)["t"] == [token]
    page = client.get(response.url)
    assert page["Referrer-Policy"] == "no-referrer"
    body = page.content.decode()
    assert token in body  # the link to keep, as text and in the forms' bodies
    for link in _hrefs(body):
        assert token not in urlsplit(link.replace("&amp;", "&")).path, link
    for name in ("move_day", "cancel"):
        step = client.get(url(name, window.centre), {"t": token})
        assert step["Referrer-Policy"] == "no-referrer"
        for link in _hrefs(step.content.decode()):
            assert token not in urlsplit(link.replace("&amp;", "&")).path, link


def test_the_forms_carry_the_token_in_the_body(client, window):
    visit, token = _visit_with_link(window)

    calendar = client.post(url("ics", window.centre), {"t": token})
    choose = client.get(url("move_day", window.centre), {"t": token, "day": "2026-03-03"})
    moved = client.post(
        url("move_time", window.centre), {"t": token, "day": "2026-03-03", "time": "0900"}
    )

    assert calendar["Content-Type"].startswith("text/calendar")
    assert choose.url == url("move_time", window.centre) + f"?t={token}&day=2026-03-03"
    assert moved.url == url("manage", window.centre) + f"?t={token}&moved=1"
    visit.refresh_from_db()
    assert visit.starts_at == at(MONDAY + dt.timedelta(days=1), 9)


def test_old_path_links_still_work(client, window):
    _visit, token = _visit_with_link(window)
    base = f"/{window.centre.slug}/booking/visit/{token}/"

    assert client.get(base).url == url("manage", window.centre) + f"?t={token}"
    assert client.get(base + "cancel/").url == url("cancel", window.centre) + f"?t={token}"
    assert client.get(base + "move/2026-03-03/").url == (
        url("move_time", window.centre) + f"?t={token}&day=2026-03-03"
    )
    assert client.get(f"/{window.centre.slug}/booking/visit/wrong-token-00000000/").status_code == (
        404
    )


def test_a_wrong_or_missing_token_is_not_found(client, window):
    _visit_with_link(window)

    assert client.get(url("manage", window.centre), {"t": "x" * 43}).status_code == 404
    assert client.post(url("ics", window.centre)).status_code == 404
    assert client.get(url("cancel", window.centre), {"t": "<script>"}).status_code == 404
