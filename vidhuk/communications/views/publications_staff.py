"""Publications in the back office: the list, making and editing one, and its workflow
(draft → review → scheduled → published → unpublished)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability
from vidhuk.catalog.selectors import service_list_for_staff
from vidhuk.core.selectors import office_list_for_centre

from ..forms.publications import PublicationForm, ScheduleForm, StaffFilterForm
from ..models import Publication, PublicationState
from ..publication_templates import (
    TEMPLATES,
    publication_template_get,
    publication_template_initial,
)
from ..selectors.publications import (
    PublicationFilters,
    publication_get_for_staff,
    publication_list_for_staff,
    topic_list,
    visible_q,
)
from ..services import publications as services
from ..services.publications import TRANSITIONS, PublicationIntake
from .common import add_service_error
from .news import image_response

PAGE_SIZE = 30
READ, PUBLISH = "communications.read", "communications.publish"
INTAKE_FIELDS = (
    "kind", "title", "lead", "body", "title_en", "lead_en", "body_en", "image_alt",
    "embargo_until", "effective_on", "topics", "services", "offices", "image", "remove_image",
)  # fmt: skip


@centre_staff_view(READ)
@require_GET
def publication_list(request: CentreRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET or None)
    filters = PublicationFilters()
    if form.is_bound and form.is_valid():
        filters = PublicationFilters(
            state=form.cleaned_data["state"], kind=form.cleaned_data["kind"]
        )
    publications = publication_list_for_staff(centre=request.centre, filters=filters)
    page = Paginator(publications, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "communications/publications/list.html",
        {
            "centre": request.centre,
            "form": form,
            "page": page,
            "querystring": querystring.urlencode(),
            "can_publish": has_capability(request.membership, PUBLISH),
            "publication_templates": TEMPLATES,
        },
    )


def _scoped_form(
    request: CentreRequest, *args: Any, keeping: Publication | None = None, **kwargs: Any
) -> PublicationForm:
    form = PublicationForm(*args, **kwargs)
    form.scope(
        topics=topic_list(centre=request.centre, keeping=keeping),
        services=service_list_for_staff(centre=request.centre).select_related(None),
        offices=office_list_for_centre(centre=request.centre).prefetch_related(None),
    )
    return form


def _form_page(
    request: CentreRequest, form: PublicationForm, publication: Publication | None, status: int
) -> HttpResponse:
    return render(
        request,
        "communications/publications/form.html",
        {"centre": request.centre, "form": form, "publication": publication},
        status=status,
    )


def _intake(form: PublicationForm) -> PublicationIntake:
    data = form.cleaned_data
    return PublicationIntake(**{name: data[name] for name in INTAKE_FIELDS})


@centre_staff_view(PUBLISH)
def publication_new(request: CentreRequest) -> HttpResponse:
    if request.method != "POST":
        # «Створити з шаблону»: the draft form starts from the chosen template's skeleton.
        template = publication_template_get(request.GET.get("template", ""))
        initial = (
            publication_template_initial(template=template, centre=request.centre)
            if template
            else {}
        )
        return _form_page(request, _scoped_form(request, initial=initial), None, 200)
    form = _scoped_form(request, request.POST, request.FILES)
    if form.is_valid():
        try:
            publication = services.publication_create(
                centre=request.centre,
                actor=request.user,
                intake=_intake(form),
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Чернетку збережено."))
            return redirect("communications_staff:publication", request.centre.slug, publication.pk)
    return _form_page(request, form, None, 400)


@centre_staff_view(PUBLISH)
def publication_edit(request: CentreRequest, pk: int) -> HttpResponse:
    publication = publication_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        initial = {name: getattr(publication, name) for name in INTAKE_FIELDS[:10]}
        initial |= {
            "topics": list(publication.topics.all()),
            "services": list(publication.services.all()),
            "offices": list(publication.offices.all()),
        }
        form = _scoped_form(request, initial=initial, keeping=publication)
        return _form_page(request, form, publication, 200)
    form = _scoped_form(request, request.POST, request.FILES, keeping=publication)
    if form.is_valid():
        try:
            services.publication_update(
                publication=publication, actor=request.user, intake=_intake(form)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Зміни збережено."))
            return redirect("communications_staff:publication", request.centre.slug, pk)
    return _form_page(request, form, publication, 400)


State = PublicationState


def _moves(publication: Publication) -> list[tuple[str, Any]]:
    """The buttons of the workflow this publication's state allows: (move, label)."""
    next_states = TRANSITIONS[publication.state]
    found: list[tuple[str, Any]] = []
    if State.PUBLISHED in next_states:
        label = _("Опублікувати знову") if publication.published_at else _("Опублікувати зараз")
        found.append(("publish", label))
    if State.REVIEW in next_states:
        if publication.state == State.SCHEDULED:
            found.append(("unschedule", _("Зняти з розкладу")))
        else:
            found.append(("submit", _("Передати на перевірку")))
    if State.DRAFT in next_states:
        found.append(("return", _("Повернути в чернетки")))
    if State.UNPUBLISHED in next_states:
        found.append(("unpublish", _("Зняти з сайту")))
    return found


def _detail_page(
    request: CentreRequest,
    publication: Publication,
    schedule_form: ScheduleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    is_visible = Publication.objects.filter(visible_q(now=now), pk=publication.pk).exists()
    return render(
        request,
        "communications/publications/detail.html",
        {
            "centre": request.centre,
            "publication": publication,
            "moves": _moves(publication),
            "can_schedule": State.SCHEDULED in TRANSITIONS[publication.state],
            "schedule_form": schedule_form or ScheduleForm(),
            "is_visible": is_visible,
            "can_publish": has_capability(request.membership, PUBLISH),
        },
        status=status,
    )


@centre_staff_view(READ)
def publication_detail(request: CentreRequest, pk: int) -> HttpResponse:
    # Looked up before the method is refused: another centre's is not found (404), not 405.
    publication = publication_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _detail_page(request, publication)


MOVES: dict[str, tuple[Callable[..., Publication], Any]] = {
    "submit": (services.publication_submit, gettext_lazy("Публікацію передано на перевірку.")),
    "return": (services.publication_return, gettext_lazy("Публікацію повернуто в чернетки.")),
    "unschedule": (services.publication_unschedule, gettext_lazy("Публікацію знято з розкладу.")),
    "publish": (services.publication_publish, gettext_lazy("Публікацію опубліковано.")),
    "unpublish": (services.publication_unpublish, gettext_lazy("Публікацію знято з сайту.")),
}


@centre_staff_view(PUBLISH)
def publication_move(request: CentreRequest, pk: int) -> HttpResponse:
    """One step of the workflow, named by the button pressed (``move``)."""
    publication = publication_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    move = request.POST.get("move", "")
    now = timezone.now()
    if move == "schedule":
        return _schedule(request, publication, now)
    if move not in MOVES:
        messages.error(request, _("Невідома дія."))
        return redirect("communications_staff:publication", request.centre.slug, pk)
    service, done = MOVES[move]
    try:
        service(publication=publication, actor=request.user, now=now)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, str(done))
    return redirect("communications_staff:publication", request.centre.slug, pk)


def _schedule(request: CentreRequest, publication: Publication, now: Any) -> HttpResponse:
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.publication_schedule(
                publication=publication,
                actor=request.user,
                publish_at=form.cleaned_data["publish_at"],
                now=now,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Публікацію заплановано."))
            return redirect("communications_staff:publication", request.centre.slug, publication.pk)
    return _detail_page(request, publication, form, status=400)


@centre_staff_view(READ)
def publication_image(request: CentreRequest, pk: int) -> HttpResponseBase:
    """The image as staff see it before publishing (no cache: it may change)."""
    publication = publication_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    response = image_response(publication)
    response["Cache-Control"] = "private, no-store"
    return response
