"""Every public page's footer gives the address, hours, phones and the privacy policy,
accessibility statement and standards; the privacy policy states the centre's real retention
periods; the accessibility statement has its date, status and how to complain; the demo's
errors are the product's pages, and an expected 403 is logged without a traceback."""

import datetime as dt
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory, override_settings

from vidhuk.appeals.models import AppealsSettings
from vidhuk.appointments.models import BookingPolicy
from vidhuk.catalog.tests.factories import ServiceFactory
from vidhuk.core.choices import OfficeKind
from vidhuk.core.tests.factories import OfficeFactory, OpeningHoursFactory
from vidhuk.portal.errors import QuietForbidden

PUBLIC_PAGES = [
    "/{c}/",
    "/{c}/services/",
    "/{c}/services/{s}/",
    "/{c}/appeals/",
    "/{c}/booking/",
    "/{c}/standards/",
    "/{c}/accessibility/",
    "/{c}/privacy/",
    "/en/{c}/",
    "/en/{c}/privacy/",
]


@pytest.fixture
def site(centre):
    office = OfficeFactory(centre=centre, kind=OfficeKind.MAIN, name="Головний офіс")
    for weekday in range(5):
        OpeningHoursFactory(office=office, weekday=weekday, opens=dt.time(8), closes=dt.time(17))
    OpeningHoursFactory(office=office, weekday=5, opens=dt.time(9), closes=dt.time(13))
    service = ServiceFactory(centre=centre, is_published=True, slug="pasport")
    return centre, service


@pytest.mark.parametrize("address", PUBLIC_PAGES)
def test_every_public_page_has_the_footer(client, site, address):
    centre, service = site
    page = client.get(address.format(c=centre.slug, s=service.slug)).content.decode()
    footer = page[page.index("<footer") :]

    prefix = "/en" if address.startswith("/en/") else ""
    for link in ("privacy", "accessibility", "standards"):
        assert f'href="{prefix}/{centre.slug}/{link}/"' in footer
    assert centre.address in footer
    assert 'href="tel:+380530000001"' in footer
    assert "08:00–17:00" in footer
    assert "09:00–13:00" in footer


def test_footer_groups_days_with_the_same_hours(client, site):
    centre, _service = site
    page = client.get(f"/{centre.slug}/standards/").content.decode()
    footer = page[page.index("<footer") :]

    assert "<li>Понеділок – П’ятниця: 08:00–17:00</li>" in footer
    assert "Субота: 09:00–13:00" in footer
    assert "Неділя" not in footer


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_privacy_and_accessibility_pages_exist_in_both_languages(client, centre, prefix):
    for page in ("privacy", "accessibility"):
        response = client.get(f"{prefix}/{centre.slug}/{page}/")
        assert response.status_code == 200
        assert response.headers["Content-Language"] == (prefix.strip("/") or "uk")


def test_privacy_policy_states_the_centres_own_retention_and_rights(client, centre):
    AppealsSettings.objects.create(centre=centre, retention_days=1095)
    BookingPolicy.objects.create(centre=centre, retention_days=45)

    page = client.get(f"/{centre.slug}/privacy/").content.decode()

    assert "Про захист персональних даних" in page
    assert "1095 днів після завершення розгляду" in page
    assert "45 днів після візиту" in page
    assert "Відповіді без імені" in page  # surveys: anonymous by construction (ADR 0004)
    assert "Талон не містить персональних даних" in page
    assert "стаття 8" in page.lower()
    assert "Уповноваженого Верховної Ради України з прав людини" in page
    assert f'href="mailto:{centre.email}"' in page
    assert centre.edrpou in page


def test_accessibility_statement_has_date_status_limits_and_complaints(client, centre):
    page = client.get(f"/{centre.slug}/accessibility/").content.decode()

    assert "ДСТУ EN 301 549:2022" in page
    assert "частково відповідає" in page
    assert "Заяву складено 6 грудня 2026" in page
    assert "Відомі обмеження" in page
    assert "Як поскаржитися" in page
    assert f'href="mailto:{centre.email}"' in page


def test_no_formula_is_shown_to_residents(client, site):
    centre, _service = site
    page = client.get(f"/{centre.slug}/").content.decode()

    assert "×" not in page
    assert "÷" not in page


@override_settings(DEBUG=True, VIDHUK_PRODUCT_ERROR_PAGES=True)
def test_demo_shows_the_products_404_not_djangos(client, centre):
    response = client.get(f"/{centre.slug}/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Сторінку не знайдено" in page
    assert "DEBUG = True" not in page
    # The first part of the address names the centre: the page leads back to its home.
    assert f'href="/{centre.slug}/"' in page


@override_settings(DEBUG=True, VIDHUK_PRODUCT_ERROR_PAGES=False)
def test_without_the_switch_debug_keeps_djangos_page(client, centre):
    response = client.get(f"/{centre.slug}/no-such-page/")

    assert b"DEBUG = True" in response.content


def test_expected_403_is_logged_without_a_traceback():
    try:
        raise PermissionDenied("stale")
    except PermissionDenied:
        import sys

        record = logging.LogRecord(
            "django.request", logging.WARNING, __file__, 1, "Forbidden: %s", ("/x/",),
            sys.exc_info(),
        )  # fmt: skip
    record.status_code = 403
    crash = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Error", (), (RuntimeError, None, None)
    )
    crash.status_code = 500

    assert QuietForbidden().filter(record) is True
    assert record.exc_info is None
    assert logging.Formatter().format(record) == "Forbidden: /x/"
    QuietForbidden().filter(crash)
    assert crash.exc_info is not None


def test_the_logging_configuration_uses_the_filter(settings):
    handler = settings.LOGGING["handlers"]["console"]

    assert "quiet_403" in handler["filters"]
    assert settings.LOGGING["filters"]["quiet_403"]["()"] == "vidhuk.portal.errors.QuietForbidden"


def test_middleware_renders_the_500_page_for_a_technical_one(rf: RequestFactory, settings):
    from django.http import HttpResponseServerError

    from vidhuk.portal.errors import ProductErrorPagesMiddleware

    settings.DEBUG = True
    settings.VIDHUK_PRODUCT_ERROR_PAGES = True
    middleware = ProductErrorPagesMiddleware(
        lambda request: HttpResponseServerError(b"<p>DEBUG = True</p> traceback")
    )

    response = middleware(rf.get("/"))

    assert response.status_code == 500
    assert b"traceback" not in response.content


def test_footer_shows_new_hours_once_staff_change_them(
    client, site, django_capture_on_commit_callbacks
):
    from vidhuk.core.models import Office
    from vidhuk.core.services import office_hours_replace

    centre, _service = site
    client.get(f"/{centre.slug}/standards/")  # the week is now cached
    office = Office.objects.get(centre=centre, kind=OfficeKind.MAIN)
    with django_capture_on_commit_callbacks(execute=True):
        office_hours_replace(office=office, intervals=[(0, dt.time(9), dt.time(18))], actor=None)

    page = client.get(f"/{centre.slug}/standards/").content.decode()
    footer = page[page.index("<footer") :]
    assert "<li>Понеділок: 09:00–18:00</li>" in footer
    assert "08:00–17:00" not in footer


def test_staff_pages_carry_no_public_contacts(staff_client, centre):
    client, _membership = staff_client()
    response = client.get(f"/staff/{centre.slug}/offices/")
    page = response.content.decode()

    assert response.status_code == 200

    footer = page[page.index("<footer") :]
    assert "vd-footer__contacts" not in footer


def _navigation(page: str) -> str:
    return page[page.index('id="vd-navigation"') : page.index("</ul>", page.index("vd-navigation"))]


def test_the_kept_navigation_marks_each_pages_own_section(client, site):
    """The navigation is rendered once per kind of page and kept: each page still marks its own
    entry, and the English pages keep their English labels."""
    centre, _service = site
    client.get(f"/{centre.slug}/")  # the home page's navigation is now kept

    standards = _navigation(client.get(f"/{centre.slug}/standards/").content.decode())
    home = _navigation(client.get(f"/{centre.slug}/").content.decode())
    english = _navigation(client.get(f"/en/{centre.slug}/standards/").content.decode())

    assert f'href="/{centre.slug}/standards/" aria-current="page"' in standards
    assert f'href="/{centre.slug}/" aria-current="page"' not in standards
    assert f'href="/{centre.slug}/" aria-current="page"' in home
    assert "Service standards" in english
    assert "Стандарти обслуговування" not in english


def test_the_kept_footer_follows_a_change_of_the_centres_address(client, site):
    from vidhuk.core.services import centre_update

    centre, _service = site
    client.get(f"/{centre.slug}/booking/")  # the footer is now kept
    centre_update(centre=centre, data={"address": "вул. Нова, 1"}, actor=None)

    page = client.get(f"/{centre.slug}/booking/").content.decode()
    assert "вул. Нова, 1" in page[page.index("<footer") :]
