"""The resident's booking, one question per page: service → office → day → time → contacts →
the code and the private link (its pages are in ``manage``). Every page works without
JavaScript; choices travel in the address, so the back button and a bookmark work; nothing is
stored until the last step. A service card links to ``start`` with ``?service=<id or slug>``,
which skips the first question.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from vidhuk.core import antiabuse
from vidhuk.core.formrendering import choice_items
from vidhuk.core.models import Centre
from vidhuk.core.pagecache import public_page
from vidhuk.core.selectors import centre_get_public

from ..fields import is_ascii_number
from ..forms import (
    ContactForm,
    DayChoiceForm,
    OfficeChoiceForm,
    ServiceChoiceForm,
    TimeChoiceForm,
    combine_time,
    day_label,
)
from ..selectors import (
    bookable_days,
    booking_days,
    booking_place_get,
    booking_range,
    free_slots,
    office_get_for_service,
    office_list_for_service,
    service_find_bookable,
    service_get_bookable,
    service_list_bookable,
    service_list_bookable_matching,
)
from ..services.booking import appointment_book, appointment_link_token
from ..services.slots import SlotTakenError

RATE_LIMIT_DEFAULT = 10
RATE_WINDOW_SECONDS_DEFAULT = 10 * 60


def _private(response: HttpResponse) -> HttpResponse:
    """Booking pages with a person's data: not cached, not indexed, only the origin sent on in a
    Referer. (The private link's pages send none at all: views/manage.py.)"""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _rate_window() -> int:
    return int(getattr(settings, "VIDHUK_BOOKING_RATE_WINDOW_SECONDS", RATE_WINDOW_SECONDS_DEFAULT))


def _rate(request: HttpRequest, centre: Centre) -> antiabuse.RateTake:
    """Only made bookings count, per client and centre: checked and counted with the form's
    stamp (`GuardedForm`); `_rate_give_back` when nothing was booked."""
    limit: int = getattr(settings, "VIDHUK_BOOKING_RATE_LIMIT", RATE_LIMIT_DEFAULT)
    return antiabuse.client_rate(
        request, scope="booking", limit=limit, window=_rate_window(), centre=centre
    )


def _rate_give_back(request: HttpRequest, centre: Centre) -> None:
    antiabuse.client_rate_give_back(request, scope="booking", centre=centre)


def _day_or_404(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404("No such day") from None


def _time_or_404(value: str) -> str:
    """«0930»: four ASCII digits (``isdigit()`` passes «²²²²», which ``int()`` refuses)."""
    if len(value) != 4 or not is_ascii_number(value) or int(value[:2]) > 23 or int(value[2:]) > 59:
        raise Http404("No such time")
    return value


def _outside_booking_days(centre: Centre, date: dt.date) -> bool:
    first, last = booking_days(centre=centre)
    return not first <= date <= last


def _back_to_day(url: str, day: str, **extra: str) -> HttpResponse:
    """A past day or one beyond the horizon is refused at the day step, in plain words."""
    return redirect(url + "?" + urlencode({**extra, "day": day, "go": "1"}))


def _url(name: str, centre: Centre, **kwargs: Any) -> str:
    return reverse(f"appointments:{name}", kwargs={"centre_slug": centre.slug, **kwargs})


def _time_links(
    centre: Centre, service_pk: int, office_pk: int, day: str, slots: list[Any]
) -> list[tuple[str, str]]:
    """(label, address of the contact step) of each free time: one reverse for them all."""
    base = _url("details", centre, service_id=service_pk, office_id=office_pk, day=day, time="0000")
    base = base.removesuffix("0000/")
    return [(f"{s.local_start:%H:%M}", f"{base}{s.local_start:%H%M}/") for s in slots]


# --- the steps -----------------------------------------------------------------------------------


@public_page()
def choose_service(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """Search and the services grouped under their categories; ``?service=`` skips the step."""
    centre = centre_get_public(slug=centre_slug)
    ref = request.GET.get("service", "")
    if ref.strip():
        chosen = service_find_bookable(centre=centre, ref=ref)
        if chosen is not None:
            return redirect(_url("office", centre, service_id=chosen.pk))
    query = " ".join(request.GET.get("q", "").split())[:100]
    services = service_list_bookable_matching(centre=centre, query=query)
    bound = "service" in request.GET or "go" in request.GET
    form = ServiceChoiceForm(request.GET if bound else None, services=services)
    if bound:
        form.is_valid()
    return render(
        request,
        "appointments/public/service.html",
        {
            "centre": centre,
            "form": form,
            "query": query,
            "groups": _by_category(form),
            "has_services": service_list_bookable(centre=centre).exists(),
        },
    )


def _by_category(form: ServiceChoiceForm) -> list[tuple[str, list[Any]]]:
    """The radios of the service question under their category headings, in catalog order."""
    groups: list[tuple[str, list[Any]]] = []
    for item in choice_items(form["service"]):
        category = item.data["value"].instance.category
        heading = category.name if category else str(_("Інші послуги"))
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(item)
    return groups


def choose_office(request: HttpRequest, centre_slug: str, service_id: int) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    service = service_get_bookable(centre=centre, pk=service_id)
    form = OfficeChoiceForm(
        request.GET or None, offices=office_list_for_service(centre=centre, service=service)
    )
    if form.is_bound and form.is_valid():
        office = form.cleaned_data["office"]
        return redirect(_url("day", centre, service_id=service.pk, office_id=office.pk))
    return render(
        request,
        "appointments/public/office.html",
        {"centre": centre, "service": service, "form": form, "back_url": _url("start", centre)},
    )


def choose_day(
    request: HttpRequest, centre_slug: str, service_id: int, office_id: int
) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    service = service_get_bookable(centre=centre, pk=service_id)
    office = office_get_for_service(centre=centre, service=service, pk=office_id)
    days = bookable_days(office=office, service=service)
    form = DayChoiceForm(request.GET or None, days=days, bounds=booking_days(centre=centre))
    if form.is_bound and form.is_valid():
        return redirect(
            _url(
                "time",
                centre,
                service_id=service.pk,
                office_id=office.pk,
                day=form.cleaned_data["day"],
            )
        )
    return render(
        request,
        "appointments/public/day.html",
        {
            "centre": centre,
            "service": service,
            "office": office,
            "form": form,
            "days": days,
            "back_url": _url("office", centre, service_id=service.pk),
        },
    )


def choose_time(
    request: HttpRequest, centre_slug: str, service_id: int, office_id: int, day: str
) -> HttpResponse:
    centre = centre_get_public(slug=centre_slug)
    service = service_get_bookable(centre=centre, pk=service_id)
    office = office_get_for_service(centre=centre, service=service, pk=office_id)
    date = _day_or_404(day)
    if _outside_booking_days(centre, date):
        return _back_to_day(_url("day", centre, service_id=service.pk, office_id=office.pk), day)
    slots = free_slots(office=office, service=service, day=date)
    form = TimeChoiceForm(request.GET or None, slots=slots)
    if form.is_bound and form.is_valid():
        return redirect(
            _url(
                "details",
                centre,
                service_id=service.pk,
                office_id=office.pk,
                day=day,
                time=form.cleaned_data["time"],
            )
        )
    return render(
        request,
        "appointments/public/time.html",
        {
            "centre": centre,
            "service": service,
            "office": office,
            "day": date,
            "day_label": day_label(date),
            "form": form,
            "has_slots": bool(slots),
            "back_url": _url("day", centre, service_id=service.pk, office_id=office.pk),
        },
    )


def details(
    request: HttpRequest, centre_slug: str, service_id: int, office_id: int, day: str, time: str
) -> HttpResponse:
    """The last step: who comes. Booking happens here, all at once or not at all.

    What this request reads (the centre, the service with its settings, the office with its
    windows, the booking rules) is handed to the service, and a refusal brings the day's other
    free times with it: a booking is a handful of statements and a refusal reads no schedule
    again (tests/test_booking_statements.py in this app)."""
    centre = centre_get_public(slug=centre_slug)
    service = service_get_bookable(centre=centre, pk=service_id)
    place = booking_place_get(centre=centre, service=service, office_pk=office_id)
    office = place.office
    date, time = _day_or_404(day), _time_or_404(time)
    first, last, _not_before = booking_range(policy=place.policy, now=timezone.now(), online=True)
    if not first <= date <= last:
        return _back_to_day(_url("day", centre, service_id=service.pk, office_id=office.pk), day)
    starts_at = combine_time(date, time)
    posted = request.method == "POST"
    # The rate limit counts this booking with the form's stamp, in one statement, once nothing
    # else is wrong with it; the count is given back unless the time is booked.
    form = ContactForm(
        request.POST if posted else None,
        client=antiabuse.client_address(request),
        rate=_rate(request, centre) if posted else None,
    )
    other_slots: list[Any] = []
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            visit = appointment_book(
                centre=centre,
                office=office,
                service=service,
                starts_at=starts_at,
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                submission_key=data["submission_key"],
                base_url=request.build_absolute_uri("/"),
                policy=place.policy,
                windows=place.windows,
            )
        except SlotTakenError as error:
            form.add_service_error(error)
            # Read under the booking's lock; None only when the constraint refused it after.
            if error.other_slots is not None:
                other_slots = list(error.other_slots)
            else:
                other_slots = free_slots(office=office, service=service, day=date)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            token = appointment_link_token(visit)
            manage = _url("manage", centre) + "?" + urlencode({"t": token, "booked": "1"})
            return _private(redirect(manage))
        form.refresh_stamp()
    over_limit = form.over_rate_limit
    if over_limit:  # shown again unbound, holding what was typed, unchecked
        form = ContactForm(
            initial=antiabuse.typed_initial(request.POST), client=antiabuse.client_address(request)
        )
    elif form.rate_taken:  # shown again, nothing booked: this submission does not count
        _rate_give_back(request, centre)
    context = {
        "centre": centre,
        "service": service,
        "office": office,
        "day_label": day_label(date),
        "starts_at": starts_at,
        "form": form,
        "other_times": _time_links(centre, service.pk, office.pk, day, other_slots),
        "day": day,
        "back_url": _url("time", centre, service_id=service.pk, office_id=office.pk, day=day),
    }
    if over_limit:
        return _private(
            antiabuse.rate_limited_response(
                request, template="appointments/public/details.html", context=context
            )
        )
    return _private(render(request, "appointments/public/details.html", context))
