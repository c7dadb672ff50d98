"""Personal data: the export of everything held about one applicant, and the centre's settings
(retention period, the executors' digest). Law «Про захист персональних даних» (2297-VI)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vidhuk.accounts.access import CentreRequest, centre_staff_view
from vidhuk.appeals.capabilities import Capability

from ..forms.staff_personal import AppealsSettingsForm, ApplicantSearchForm
from ..selectors import appeals_settings_for
from ..services import appeals_settings_update, applicant_data_export
from .staff_common import add_service_error


@centre_staff_view(Capability.APPEALS_MANAGE)
@require_http_methods(["GET", "POST"])
def applicant_export(request: CentreRequest) -> HttpResponse:
    """Everything held about one applicant, found by e-mail or phone, as a JSON file; the
    service writes the export to the audit log."""
    form = ApplicantSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export = applicant_data_export(
                centre=request.centre,
                actor=request.user,
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            response = HttpResponse(
                json.dumps(export, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
                content_type="application/json; charset=utf-8",
            )
            filename = f"applicant-{request.centre.slug}-{timezone.localdate():%Y-%m-%d}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            response["Cache-Control"] = "private, no-store"
            return response
    return render(
        request, "appeals/staff/applicant_export.html", {"centre": request.centre, "form": form}
    )


@centre_staff_view(Capability.APPEALS_MANAGE)
@require_http_methods(["GET", "POST"])
def appeals_settings(request: CentreRequest) -> HttpResponse:
    current = appeals_settings_for(centre=request.centre)
    form = AppealsSettingsForm(
        request.POST or None,
        initial={
            "retention_days": current.retention_days,
            "digest_enabled": current.digest_enabled,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            appeals_settings_update(
                centre=request.centre,
                actor=request.user,
                retention_days=form.cleaned_data["retention_days"],
                digest_enabled=form.cleaned_data["digest_enabled"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Налаштування збережено."))
            return redirect("appeals_staff:settings", centre_slug=request.centre.slug)
    return render(request, "appeals/staff/settings.html", {"centre": request.centre, "form": form})
