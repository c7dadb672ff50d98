"""The case page: everything on the case, its history, and each action as a small form.

An action is offered only when the case's status allows it and the member's role may take it
(permissions.py). A refused action — a stale page, a crafted request — changes nothing and comes
back as the case page with the reason in the error summary, never as a server error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.accounts.models import Membership
from vidhuk.appeals.capabilities import Capability
from vidhuk.core.auditwords import readable_changes

from ..choices import AnswerDelivery, KindGroup, Status
from ..deadlines import appeal_deadline, end_of_day
from ..forms.staff_case import (
    AnswerForm,
    AssignForm,
    CoExecutorsForm,
    ConfirmForm,
    ExtendForm,
    ForwardForm,
    NeedsStudyForm,
    NotConsideredForm,
    NoteForm,
    QuestionsForm,
    ResolutionForm,
    ReturnForm,
)
from ..models import Appeal
from ..permissions import (
    can_answer_appeal,
    can_assign_appeal,
    can_manage_personal_data,
    can_register_appeals,
    can_see_personal_data,
    can_work_on_appeal,
)
from ..selectors import (
    appeal_attachment_get,
    appeal_audit_history,
    appeal_due_state,
    appeal_get_for_staff,
)
from ..services import (
    appeal_add_note,
    appeal_anonymise,
    appeal_answer,
    appeal_assign,
    appeal_close,
    appeal_extend,
    appeal_forward,
    appeal_mark_not_considered,
    appeal_personal_data_viewed,
    appeal_return_noncompliant,
    appeal_set_co_executors,
    appeal_set_needs_study,
    appeal_set_questions,
    appeal_set_resolution,
    appeal_take_into_work,
)
from .staff_common import centre_executors

OPEN = {Status.REGISTERED, Status.IN_PROGRESS}
AUDIT_HISTORY_LIMIT = 200


@dataclass(frozen=True)
class Action:
    """One thing a member can do to a case: who may, in which state, with which form."""

    name: str
    label: Any
    form_class: type[forms.Form]
    is_allowed: Callable[[Membership, Appeal], bool]
    is_applicable: Callable[[Appeal], bool]
    run: Callable[[Appeal, Any, dict[str, Any]], Any]
    done: Any
    is_warning: bool = False


def _is_open(appeal: Appeal) -> bool:
    return appeal.status in OPEN


def _of_groups(*groups: str) -> Callable[[Appeal], bool]:
    return lambda appeal: _is_open(appeal) and appeal.kind_group in groups


def _closable(appeal: Appeal) -> bool:
    return appeal.status == Status.ANSWERED or (
        appeal.kind_group == KindGroup.FEEDBACK and _is_open(appeal)
    )


def _can_needs_study(appeal: Appeal) -> bool:
    return _of_groups(KindGroup.APPEAL)(appeal) and appeal.extended_at is None


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in [
        Action(
            name="assign",
            label=gettext_lazy("Призначити виконавця"),
            form_class=AssignForm,
            is_allowed=can_assign_appeal,
            is_applicable=_is_open,
            run=lambda appeal, actor, data: appeal_assign(
                appeal=appeal, executor=data["executor"], actor=actor
            ),
            done=gettext_lazy("Виконавця призначено."),
        ),
        Action(
            name="resolution",
            label=gettext_lazy("Записати резолюцію"),
            form_class=ResolutionForm,
            is_allowed=can_assign_appeal,
            is_applicable=_of_groups(KindGroup.APPEAL),
            run=lambda a, actor, data: appeal_set_resolution(appeal=a, actor=actor, **data),
            done=gettext_lazy("Резолюцію записано."),
        ),
        Action(
            name="co-executors",
            label=gettext_lazy("Призначити співвиконавців"),
            form_class=CoExecutorsForm,
            is_allowed=can_assign_appeal,
            is_applicable=_is_open,
            run=lambda a, actor, data: appeal_set_co_executors(appeal=a, actor=actor, **data),
            done=gettext_lazy("Співвиконавців записано."),
        ),
        Action(
            name="questions",
            label=gettext_lazy("Зазначити питання за класифікатором"),
            form_class=QuestionsForm,
            is_allowed=lambda membership, appeal: (
                can_work_on_appeal(membership, appeal) and appeal.anonymised_at is None
            ),
            is_applicable=lambda appeal: appeal.kind_group == KindGroup.APPEAL,
            run=lambda a, actor, data: appeal_set_questions(appeal=a, actor=actor, **data),
            done=gettext_lazy("Питання записано."),
        ),
        Action(
            name="take",
            label=gettext_lazy("Взяти в роботу"),
            form_class=ConfirmForm,
            is_allowed=can_work_on_appeal,
            is_applicable=lambda appeal: appeal.status == Status.REGISTERED,
            run=lambda appeal, actor, data: appeal_take_into_work(appeal=appeal, actor=actor),
            done=gettext_lazy("Звернення взято в роботу."),
        ),
        Action(
            name="note",
            label=gettext_lazy("Додати службову примітку"),
            form_class=NoteForm,
            is_allowed=can_work_on_appeal,
            is_applicable=lambda appeal: True,
            run=lambda appeal, actor, data: appeal_add_note(
                appeal=appeal, actor=actor, note=data["note"]
            ),
            done=gettext_lazy("Примітку додано."),
        ),
        Action(
            name="needs-study",
            label=gettext_lazy("Змінити строк розгляду"),
            form_class=NeedsStudyForm,
            is_allowed=can_work_on_appeal,
            is_applicable=_can_needs_study,
            run=lambda appeal, actor, data: appeal_set_needs_study(
                appeal=appeal, needs_study=data["needs_study"], actor=actor
            ),
            done=gettext_lazy("Строк розгляду оновлено."),
        ),
        Action(
            name="extend",
            label=gettext_lazy("Продовжити строк"),
            form_class=ExtendForm,
            is_allowed=can_work_on_appeal,
            is_applicable=lambda appeal: (
                _of_groups(KindGroup.APPEAL, KindGroup.INFO_REQUEST)(appeal)
                and not (appeal.is_info_request and (appeal.is_urgent or appeal.extended_at))
            ),
            run=lambda appeal, actor, data: appeal_extend(
                appeal=appeal,
                actor=actor,
                reason=data["reason"],
                new_deadline=data.get("new_deadline"),
            ),
            done=gettext_lazy("Строк продовжено; заявника повідомлено."),
        ),
        Action(
            name="answer",
            label=gettext_lazy("Надати відповідь"),
            form_class=AnswerForm,
            is_allowed=can_answer_appeal,
            is_applicable=_is_open,
            run=lambda appeal, actor, data: appeal_answer(
                appeal=appeal,
                actor=actor,
                answer_text=data["answer_text"],
                delivery=data["delivery"],
                result=data.get("result", ""),
            ),
            done=gettext_lazy("Відповідь збережено."),
        ),
        Action(
            name="close",
            label=gettext_lazy("Закрити (зняти з контролю)"),
            form_class=ConfirmForm,
            is_allowed=can_work_on_appeal,
            is_applicable=_closable,
            run=lambda appeal, actor, data: appeal_close(appeal=appeal, actor=actor),
            done=gettext_lazy("Звернення закрито."),
        ),
        Action(
            name="return",
            label=gettext_lazy("Повернути як таке, що не відповідає вимогам"),
            form_class=ReturnForm,
            is_allowed=can_work_on_appeal,
            is_applicable=_of_groups(KindGroup.APPEAL),
            run=lambda appeal, actor, data: appeal_return_noncompliant(
                appeal=appeal, actor=actor, reason=data["reason"]
            ),
            done=gettext_lazy("Звернення повернуто заявникові."),
            is_warning=True,
        ),
        Action(
            name="forward",
            label=gettext_lazy("Переслати за належністю"),
            form_class=ForwardForm,
            is_allowed=can_work_on_appeal,
            is_applicable=_of_groups(KindGroup.APPEAL, KindGroup.INFO_REQUEST),
            run=lambda appeal, actor, data: appeal_forward(
                appeal=appeal,
                actor=actor,
                forwarded_to=data["forwarded_to"],
                reason=data["reason"],
            ),
            done=gettext_lazy("Звернення переслано."),
            is_warning=True,
        ),
        Action(
            name="not-considered",
            label=gettext_lazy("Залишити без розгляду"),
            form_class=NotConsideredForm,
            is_allowed=can_work_on_appeal,
            is_applicable=_of_groups(KindGroup.APPEAL),
            run=lambda appeal, actor, data: appeal_mark_not_considered(
                appeal=appeal, actor=actor, reason=data["reason"]
            ),
            done=gettext_lazy("Звернення залишено без розгляду."),
            is_warning=True,
        ),
        Action(
            name="anonymise",
            label=gettext_lazy("Знеособити персональні дані"),
            form_class=ConfirmForm,
            is_allowed=lambda membership, appeal: (
                can_manage_personal_data(membership) and membership.centre_id == appeal.centre_id
            ),
            is_applicable=lambda appeal: appeal.anonymised_at is None and not _is_open(appeal),
            run=lambda appeal, actor, data: appeal_anonymise(appeal=appeal, actor=actor),
            done=gettext_lazy("Персональні дані знеособлено."),
            is_warning=True,
        ),
    ]
}


def _make_form(action: Action, appeal: Appeal, request: CentreRequest, data: Any = None) -> Any:
    prefix = action.name
    if action.form_class is AssignForm:
        return AssignForm(
            data,
            prefix=prefix,
            executors=centre_executors(request),
            initial={"executor": appeal.executor_id},
        )
    if action.form_class is CoExecutorsForm:
        return CoExecutorsForm(
            data,
            prefix=prefix,
            executors=centre_executors(request),
            initial={"co_executors": [link.user_id for link in appeal.co_executor_links.all()]},
        )
    if action.form_class is QuestionsForm:
        initial = {
            "main_code": appeal.topic_code,
            "additional_codes": appeal.additional_topic_codes,
        }
        return QuestionsForm(data, prefix=prefix, initial=initial)
    if action.form_class is ExtendForm:
        return ExtendForm(data, prefix=prefix, appeal=appeal)
    if action.form_class is AnswerForm:
        return AnswerForm(data, prefix=prefix, appeal=appeal)
    if action.form_class is NeedsStudyForm:
        month = appeal_deadline(
            received_at=appeal.received_at, needs_study=True, centre=appeal.centre
        )
        study = appeal.initial_due_at == end_of_day(month)
        return NeedsStudyForm(data, prefix=prefix, initial={"needs_study": study})
    return action.form_class(data, prefix=prefix)


def case_page(
    request: CentreRequest,
    appeal: Appeal,
    *,
    bound: tuple[str, Any] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    membership = request.membership
    shows_personal = can_see_personal_data(membership, appeal) and appeal.anonymised_at is None
    if shows_personal:
        appeal_personal_data_viewed(actor=request.user, appeal=appeal)
    actions = []
    for action in ACTIONS.values():
        if not (action.is_applicable(appeal) and action.is_allowed(membership, appeal)):
            continue
        form = (
            bound[1] if bound and bound[0] == action.name else _make_form(action, appeal, request)
        )
        actions.append({"action": action, "form": form})
    error_forms = [bound[1]] if bound else []
    events = list(appeal.events.all())
    return render(
        request,
        "appeals/staff/detail.html",
        {
            "centre": request.centre,
            "appeal": appeal,
            "due_state": appeal_due_state(appeal=appeal),
            "shows_personal": shows_personal,
            "actions": actions,
            "error_forms": error_forms,
            "refusal": refusal,
            "events": events,
            "audit_events": [
                (event, readable_changes(event))
                for event in appeal_audit_history(appeal=appeal)[:AUDIT_HISTORY_LIMIT]
            ],
            "can_print_receipt": (
                can_register_appeals(membership)
                and appeal.anonymised_at is None
                and bool(appeal.tracker_salt)
            ),
            "has_letter": (
                shows_personal
                and appeal.answer_delivery == AnswerDelivery.LETTER
                and bool(appeal.answer_text)
            ),
        },
        status=status,
    )


# The record is looked up before the method is checked: another centre's id is 404 either way.


@centre_staff_view(Capability.APPEALS_READ)
def detail(request: CentreRequest, pk: int) -> HttpResponse:
    appeal = appeal_get_for_staff(centre=request.centre, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return case_page(request, appeal)


@centre_staff_view(Capability.APPEALS_READ)
def act(request: CentreRequest, pk: int, action_name: str) -> HttpResponse:
    appeal = appeal_get_for_staff(centre=request.centre, pk=pk)
    if request.method != "POST":
        return redirect("appeals_staff:detail", centre_slug=request.centre.slug, pk=appeal.pk)
    action = ACTIONS.get(action_name)
    if action is None:
        raise Http404
    if not action.is_allowed(request.membership, appeal):
        return case_page(
            request,
            appeal,
            refusal=_("Ваша роль не дозволяє дію «%(action)s» з цим зверненням.")
            % {"action": action.label},
            status=403,
        )
    form = _make_form(action, appeal, request, request.POST)
    if form.is_valid():
        try:
            action.run(appeal, request.user, form.cleaned_data)
        except ValidationError as error:
            _add_error(form, error)
        else:
            messages.success(request, str(action.done))
            return redirect("appeals_staff:detail", centre_slug=request.centre.slug, pk=appeal.pk)
        # The service re-read the case under a lock and refused: show it as it is now.
        appeal = appeal_get_for_staff(centre=request.centre, pk=pk)
    return case_page(request, appeal, bound=(action.name, form))


def _add_error(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        renamed = {"answer_delivery": "delivery", "extension_reason": "reason"}
        for field, errors in error.error_dict.items():
            target = renamed.get(field, field)
            for item in errors:
                form.add_error(target if target in form.fields else None, item)
        return
    form.add_error(None, error)


@centre_staff_view(Capability.APPEALS_READ)
def attachment_download(request: CentreRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    """A file the applicant attached, under its original name. Personal data: audited."""
    appeal = appeal_get_for_staff(centre=request.centre, pk=pk)
    attachment = appeal_attachment_get(appeal=appeal, pk=attachment_pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if not can_see_personal_data(request.membership, appeal):
        return case_page(
            request,
            appeal,
            refusal=_("Ваша роль не дозволяє переглядати вкладення з персональними даними."),
            status=403,
        )
    appeal_personal_data_viewed(actor=request.user, appeal=appeal)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
