"""The centre's public pages: home with hours and offices, service standards, accessibility."""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from vidhuk.core.languages import path_in_language
from vidhuk.core.opening import (
    CALENDAR,
    DAYS_AHEAD,
    HOLIDAY,
    OpeningState,
    office_opening_states,
    office_upcoming_closures,
    opening_data_from,
    opening_reads,
)
from vidhuk.core.pagecache import public_page
from vidhuk.core.portal import (
    HomeData,
    block_cards,
    feedback_links,
    home_reads,
    personal_data_rows,
    portal_links,
    tile_cards,
)
from vidhuk.core.readtogether import read_together
from vidhuk.core.selectors import (
    centre_get_public,
    centre_list_public,
    main_office,
    office_list_for_centre,
    office_week,
)

from .maps import office_map

# The accessibility statement's dates: change the review date whenever the statement is re-checked.
ACCESSIBILITY_STATEMENT_DATE = dt.date(2026, 12, 6)
ACCESSIBILITY_REVIEWED_DATE = dt.date(2026, 12, 6)


def root(request: HttpRequest) -> HttpResponse:
    """`/` lists the centres, or goes straight to the only one."""
    centres = list(centre_list_public())
    if len(centres) == 1:
        return redirect("portal:home", centre_slug=centres[0].slug)
    return render(request, "portal/root.html", {"centres": centres})


def _open_note(state: OpeningState) -> str:
    """Why the office is closed today when the whole centre is (a national day off or a day off
    of the centre's calendar), else the special day's own note."""
    notes = {
        HOLIDAY: _("Сьогодні святковий вихідний день."),
        CALENDAR: _("Сьогодні центр не працює."),
    }
    return notes.get(state.day_off, state.note)


@public_page(seconds=30)  # «open now» and people waiting: live parts
def home(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """Three statements whatever the centre holds: the centre, its offices, and one for the
    offices' hours, special days and calendar with every tile's, block's and link's reads
    (``core.portal.home_reads``), which share that reading of the hours."""
    centre = centre_get_public(slug=centre_slug)
    offices = list(office_list_for_centre(centre=centre, with_opening=False))
    now = timezone.now()
    today = timezone.localdate(now)
    last = today + dt.timedelta(days=DAYS_AHEAD)
    values = read_together(
        {
            **opening_reads(offices=offices, first=today, last=last, upcoming_closures=True),
            **home_reads(centre=centre, now=now),
        }
    )
    opening = opening_data_from(values, first=today, last=last)
    data = HomeData(values=values, offices=offices, opening=opening)
    states = office_opening_states(offices=offices, at=now, data=opening)
    office_cards = [
        {
            "office": o,
            "week": office_week(office=o, opening=opening),
            "closures": office_upcoming_closures(office=o, data=opening),
            "state": states[o.pk],
            "note": _open_note(states[o.pk]),
            "map": office_map(centre=centre, office=o),
        }
        for o in offices
    ]
    main = main_office(offices=offices)
    main_card = next((c for c in office_cards if c["office"] == main), None)
    return render(
        request,
        "portal/home.html",
        {
            "centre": centre,
            "main": main_card,
            "others": [c for c in office_cards if c is not main_card],
            "tiles": tile_cards(centre=centre, now=now, data=data),
            "blocks": block_cards(centre=centre, now=now, data=data),
            "main_blocks": block_cards(centre=centre, now=now, place="main", data=data),
            "links": portal_links(centre=centre, now=now, data=data),
            "main_end_blocks": block_cards(centre=centre, now=now, place="main_end", data=data),
            # The communications app will fill this slot with the centre's announcements.
            "announcements": [],
        },
    )


@public_page()
def privacy(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    return render(
        request,
        "portal/privacy.html",
        {"centre": centre, "data_kinds": personal_data_rows(centre=centre)},
    )


@public_page()
def standards(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    return render(request, "portal/standards.html", {"centre": centre})


@public_page()
def accessibility(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    return render(
        request,
        "portal/accessibility.html",
        {
            "centre": centre,
            "statement_date": ACCESSIBILITY_STATEMENT_DATE,
            "reviewed_date": ACCESSIBILITY_REVIEWED_DATE,
            "feedback_links": feedback_links(centre=centre),
        },
    )


def _centre_from_path(request: HttpRequest):
    """The centre of the page, also when the address did not resolve (then its first part,
    after a language prefix, may still name a centre)."""
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("centre_slug") if match else None
    if not slug:
        codes = {code for code, _name in settings.LANGUAGES}
        parts = [part for part in request.path.split("/") if part]
        if parts and parts[0] in codes:
            parts = parts[1:]
        slug = parts[0] if parts else None
    if not slug:
        return None
    return centre_list_public().filter(slug=slug).first()


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"centre": _centre_from_path(request)}, status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", {"centre": None}, status=500)


def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language and return to the same page in that language.

    Django's own view translates `next` by resolving it in the *current* language, which
    fails for a prefixed path such as /en/… when the request itself is unprefixed (the
    language then comes from the cookie): the visitor stayed on English. Here the prefix is
    taken off `next` and the chosen language's prefix put on (none for the default).
    """
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if request.method != "POST" or not check_for_language(language):
        # A path only: a bare word in `next` would be taken for a URL name by redirect().
        return HttpResponseRedirect(next_url if next_url.startswith("/") else "/")
    path = path_in_language(urlsplit(next_url).path, language)
    query = urlsplit(next_url).query
    target = path + (f"?{query}" if query else "")
    # Checked again after the rewrite: taking a prefix off `/en//evil.example` leaves the
    # scheme-relative `//evil.example`, which the check of `next` alone let through.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = path_in_language("/", language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
