"""The media and partner register under /staff/<centre>/communications/media/: outlets with
their contacts, partners and the places residents visit most, adding each, and the CSV export;
and a press release's media list under …/press/<pk>/ (who gets it, what was sent)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability
from vidhuk.core.tabular import csv_response

from ..forms.press import ContactForm, DistributionForm, OutletForm, PartnerForm
from ..models import MediaOutlet
from ..selectors.press import (
    distribution_list,
    outlet_get_for_staff,
    outlet_list_for_staff,
    partner_list_for_staff,
    press_publication_get_for_staff,
    social_post_list,
)
from ..services.press import (
    media_contact_add,
    media_outlet_create,
    partner_create,
    press_distribution_choose,
)

READ, PUBLISH, MAIL = "communications.read", "communications.publish", "communications.mail"


def _to_media(request: CentreRequest) -> HttpResponse:
    return redirect("communications_staff:media", request.centre.slug)


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@centre_staff_view(READ)
@require_GET
def media_list(request: CentreRequest) -> HttpResponse:
    return render(
        request,
        "communications/media/staff/list.html",
        {
            "centre": request.centre,
            "outlets": outlet_list_for_staff(centre=request.centre),
            "partners": partner_list_for_staff(centre=request.centre),
            "can_publish": has_capability(request.membership, PUBLISH),
        },
    )


def _outlet_rows(outlets: Any) -> Iterator[list[Any]]:
    for outlet in outlets:
        contacts = [c for c in outlet.contacts.all() if c.archived_at is None] or [None]
        for contact in contacts:
            yield [
                outlet.name,
                outlet.get_kind_display(),
                outlet.region,
                outlet.reach if outlet.reach is not None else "",
                outlet.beat,
                _("так") if outlet.do_not_contact else "",
                contact.name if contact else "",
                contact.role if contact else "",
                contact.email if contact else "",
                contact.phone if contact else "",
                _("так") if contact and contact.do_not_contact else "",
            ]


@centre_staff_view(READ)
@require_GET
def media_csv(request: CentreRequest) -> StreamingHttpResponse:
    header = [
        _("Медіа"), _("Вид"), _("Регіон"), _("Охоплення"), _("Тематика"), _("Не контактувати"),
        _("Контакт"), _("Посада"), _("Електронна пошта"), _("Телефон"),
        _("Контакт: не контактувати"),
    ]  # fmt: skip
    return csv_response(
        header=header,
        rows=_outlet_rows(outlet_list_for_staff(centre=request.centre).filter(archived_at=None)),
        filename=f"media-{request.centre.slug}.csv",
    )


def _form(
    request: CentreRequest, form: BaseForm, title: str, outlet: MediaOutlet | None = None
) -> HttpResponse:
    return render(
        request,
        "communications/media/staff/form.html",
        {"centre": request.centre, "form": form, "title": title, "outlet": outlet},
        status=400 if form.is_bound else 200,
    )


@centre_staff_view(PUBLISH)
def outlet_new(request: CentreRequest) -> HttpResponse:
    form = OutletForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        media_outlet_create(centre=request.centre, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Медіа додано."))
        return _to_media(request)
    return _form(request, form, _("Нове медіа"))


@centre_staff_view(PUBLISH)
def contact_new(request: CentreRequest, pk: int) -> HttpResponse:
    outlet = outlet_get_for_staff(centre=request.centre, pk=pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        media_contact_add(outlet=outlet, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Контакт додано."))
        return _to_media(request)
    return _form(request, form, _("Новий контакт"), outlet)


@centre_staff_view(PUBLISH)
def partner_new(request: CentreRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner_create(centre=request.centre, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Партнера додано."))
        return _to_media(request)
    return _form(request, form, _("Новий партнер"))


@centre_staff_view(MAIL)
def press_distribution(request: CentreRequest, pk: int) -> HttpResponse:
    publication = press_publication_get_for_staff(centre=request.centre, pk=pk)
    form = DistributionForm(request.POST or None, centre=request.centre)
    if request.method == "POST" and form.is_valid():
        try:
            added = press_distribution_choose(
                publication=publication,
                outlets=list(form.cleaned_data["outlets"]),
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("До списку розсилки додано контактів: %(n)s.") % {"n": added}
            )
            return redirect("communications_staff:press", request.centre.slug, publication.pk)
    return render(
        request,
        "communications/press/staff/distribution.html",
        {
            "centre": request.centre,
            "publication": publication,
            "form": form,
            "rows": distribution_list(publication=publication),
            "social_posts": social_post_list(publication=publication),
        },
        status=400 if form.is_bound else 200,
    )
