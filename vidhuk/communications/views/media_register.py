"""Changing and removing entries of the media register under /staff/<centre>/communications/media/:
outlets, their contacts and partners. Removing asks first on its own page (works without
JavaScript); what a press release's log names is archived instead of deleted, and the page says so
before the click."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view

from ..forms.press import ContactForm, OutletForm, PartnerForm
from ..selectors.media_register import (
    contact_get_for_staff,
    contact_is_referenced,
    outlet_is_referenced,
    partner_get_for_staff,
)
from ..selectors.press import outlet_get_for_staff
from ..services import media_register as services
from ..services.media_register import Removal

PUBLISH = "communications.publish"


def _to_media(request: CentreRequest) -> HttpResponse:
    return redirect("communications_staff:media", request.centre.slug)


def removal_message(outcome: Removal, name: str) -> str:
    if outcome == Removal.ARCHIVED:
        return _("«%(name)s» перенесено до архіву.") % {"name": name}
    return _("«%(name)s» видалено.") % {"name": name}


def confirm_removal(
    request: CentreRequest,
    *,
    obj: Any,
    is_referenced: bool,
    remove: Callable[[], Removal],
    back_url: str,
    referenced_note: str,
) -> HttpResponse:
    """GET shows the question; POST removes (or archives) and goes back to the list."""
    if request.method == "POST":
        try:
            outcome = remove()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, removal_message(outcome, str(obj)))
        return redirect(back_url)
    return render(
        request,
        "communications/media/staff/remove.html",
        {
            "centre": request.centre,
            "obj": obj,
            "is_referenced": is_referenced,
            "referenced_note": referenced_note,
            "back_url": back_url,
        },
    )


def _edit(
    request: CentreRequest,
    *,
    form_class: type[Form],
    obj: Any,
    save: Callable[[dict[str, Any]], None],
    title: str,
    outlet: Any = None,
) -> HttpResponse:
    fields = list(form_class.base_fields)
    form = form_class(request.POST or None, initial=model_to_dict(obj, fields=fields))
    if request.method == "POST" and form.is_valid():
        save(form.cleaned_data)
        messages.success(request, _("Зміни збережено."))
        return _to_media(request)
    return render(
        request,
        "communications/media/staff/form.html",
        {"centre": request.centre, "form": form, "title": title, "outlet": outlet},
        status=400 if form.is_bound else 200,
    )


@centre_staff_view(PUBLISH)
def outlet_edit(request: CentreRequest, pk: int) -> HttpResponse:
    outlet = outlet_get_for_staff(centre=request.centre, pk=pk)
    return _edit(
        request,
        form_class=OutletForm,
        obj=outlet,
        save=lambda data: services.media_outlet_update(
            outlet=outlet, actor=request.user, data=data
        ),
        title=_("Змінити медіа"),
        outlet=outlet,
    )


@centre_staff_view(PUBLISH)
def outlet_remove(request: CentreRequest, pk: int) -> HttpResponse:
    outlet = outlet_get_for_staff(centre=request.centre, pk=pk)
    return confirm_removal(
        request,
        obj=outlet,
        is_referenced=outlet_is_referenced(outlet),
        remove=lambda: services.media_outlet_remove(outlet=outlet, actor=request.user),
        back_url=_media_url(request),
        referenced_note=_(
            "Контактам цього медіа вже надсилали пресрелізи, тому його не буде видалено, "
            "а перенесено до архіву: журнал розсилок збережеться, нові пресрелізи йому не "
            "надсилатимуть."
        ),
    )


@centre_staff_view(PUBLISH)
def contact_edit(request: CentreRequest, pk: int) -> HttpResponse:
    contact = contact_get_for_staff(centre=request.centre, pk=pk)
    return _edit(
        request,
        form_class=ContactForm,
        obj=contact,
        save=lambda data: services.media_contact_update(
            contact=contact, actor=request.user, data=data
        ),
        title=_("Змінити контакт"),
        outlet=contact.outlet,
    )


@centre_staff_view(PUBLISH)
def contact_remove(request: CentreRequest, pk: int) -> HttpResponse:
    contact = contact_get_for_staff(centre=request.centre, pk=pk)
    return confirm_removal(
        request,
        obj=contact,
        is_referenced=contact_is_referenced(contact),
        remove=lambda: services.media_contact_remove(contact=contact, actor=request.user),
        back_url=_media_url(request),
        referenced_note=_(
            "Цьому контакту вже надсилали пресрелізи, тому його не буде видалено, а перенесено "
            "до архіву: журнал розсилок збережеться, нові пресрелізи йому не надсилатимуть."
        ),
    )


@centre_staff_view(PUBLISH)
def partner_edit(request: CentreRequest, pk: int) -> HttpResponse:
    partner = partner_get_for_staff(centre=request.centre, pk=pk)
    return _edit(
        request,
        form_class=PartnerForm,
        obj=partner,
        save=lambda data: services.partner_update(partner=partner, actor=request.user, data=data),
        title=_("Змінити партнера"),
    )


@centre_staff_view(PUBLISH)
def partner_remove(request: CentreRequest, pk: int) -> HttpResponse:
    partner = partner_get_for_staff(centre=request.centre, pk=pk)
    return confirm_removal(
        request,
        obj=partner,
        is_referenced=False,
        remove=lambda: services.partner_remove(partner=partner, actor=request.user),
        back_url=_media_url(request),
        referenced_note="",
    )


def _media_url(request: CentreRequest) -> str:
    return reverse("communications_staff:media", args=[request.centre.slug])
