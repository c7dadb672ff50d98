"""The centre's topics in the back office under /staff/<centre>/communications/topics/: the list
(everyone who reads), a new one, renaming and removing (who publishes). A topic that publications,
events or subscriptions name is archived instead of deleted: no longer offered, still shown."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.permissions import has_capability

from ..forms.publications import TopicForm
from ..selectors.media_register import (
    topic_get_for_staff,
    topic_is_referenced,
    topic_list_for_staff,
)
from ..services import media_register
from ..services.publications import topic_create
from .common import add_service_error
from .media_register import confirm_removal

READ, PUBLISH = "communications.read", "communications.publish"


@centre_staff_view(READ)
def topics(request: CentreRequest) -> HttpResponse:
    """The centre's topics, and a new one (for those who publish)."""
    can_publish = has_capability(request.membership, PUBLISH)
    form = TopicForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_publish:
            raise PermissionDenied(PUBLISH)
        if form.is_valid():
            try:
                topic_create(
                    centre=request.centre,
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    name_en=form.cleaned_data["name_en"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Тему додано."))
                return redirect("communications_staff:topics", request.centre.slug)
    return render(
        request,
        "communications/publications/topics.html",
        {
            "centre": request.centre,
            "form": form,
            "topics": topic_list_for_staff(centre=request.centre),
            "can_publish": can_publish,
        },
        status=400 if form.errors else 200,
    )


@centre_staff_view(PUBLISH)
def topic_edit(request: CentreRequest, pk: int) -> HttpResponse:
    topic = topic_get_for_staff(centre=request.centre, pk=pk)
    initial = {"name": topic.name, "name_en": topic.name_en}
    form = TopicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            media_register.topic_update(
                topic=topic,
                actor=request.user,
                name=form.cleaned_data["name"],
                name_en=form.cleaned_data["name_en"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Зміни збережено."))
            return redirect("communications_staff:topics", request.centre.slug)
    return render(
        request,
        "communications/media/staff/form.html",
        {
            "centre": request.centre,
            "form": form,
            "title": _("Змінити тему"),
            "back_url": reverse("communications_staff:topics", args=[request.centre.slug]),
        },
        status=400 if form.is_bound else 200,
    )


@centre_staff_view(PUBLISH)
def topic_remove(request: CentreRequest, pk: int) -> HttpResponse:
    topic = topic_get_for_staff(centre=request.centre, pk=pk)
    return confirm_removal(
        request,
        obj=topic,
        is_referenced=topic_is_referenced(topic),
        remove=lambda: media_register.topic_remove(topic=topic, actor=request.user),
        back_url=reverse("communications_staff:topics", args=[request.centre.slug]),
        referenced_note=_(
            "Цю тему мають публікації, заходи або підписки, тому її не буде видалено, а "
            "перенесено до архіву: її більше не пропонуватимуть, а те, що її має, збереже її."
        ),
    )
