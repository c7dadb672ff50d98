"""The back office's open data: the releases and what the portal was told, the dry-run diff
(what a publication would change, read from the portal), the publish button and the passport's
settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vidhuk.accounts.access import CentreRequest, centre_staff_view

from ..capabilities import Capability
from ..ckan import portal_config
from ..forms import SettingsForm
from ..selectors import portal_call_list, release_diff, release_list_for_staff, settings_get
from ..services import opendata_publish, opendata_settings_save


def _page(request: CentreRequest, **extra: object) -> HttpResponse:
    centre = request.centre
    config = portal_config(centre)
    return render(
        request,
        "opendata/staff/home.html",
        {
            "centre": centre,
            "portal_url": config.url if config else "",
            "releases": release_list_for_staff(centre=centre),
            "calls": portal_call_list(centre=centre),
            "form": extra.pop("form", None) or SettingsForm(instance=settings_get(centre=centre)),
            **extra,
        },
    )


@centre_staff_view(Capability.PUBLISH)
@require_GET
def home(request: CentreRequest) -> HttpResponse:
    return _page(request)


@centre_staff_view(Capability.PUBLISH)
@require_POST
def dry_run(request: CentreRequest) -> HttpResponse:
    """Build and validate every dataset, compare with the last release and (when the portal is
    set up) with what the portal holds; nothing is recorded or sent."""
    outcome = opendata_publish(centre=request.centre, dry_run=True)
    rows = [
        {
            "outcome": item,
            "periods": release_diff(build=item.build) if item.build.is_valid else [],
        }
        for item in outcome.datasets
    ]
    return _page(request, dry_run=rows)


@centre_staff_view(Capability.PUBLISH)
@require_POST
def publish(request: CentreRequest) -> HttpResponse:
    outcome = opendata_publish(centre=request.centre)
    if outcome.errors:
        for error in outcome.errors:
            messages.error(request, error)
    changed = sum(len(item.changed_periods) for item in outcome.datasets)
    messages.success(
        request,
        _("Випуск записано: змінених файлів — %(changed)s, змін на порталі — %(writes)s.")
        % {"changed": changed, "writes": outcome.writes},
    )
    return redirect("opendata_staff:home", request.centre.slug)


@centre_staff_view(Capability.PUBLISH)
@require_http_methods(["POST"])
def settings_view(request: CentreRequest) -> HttpResponse:
    form = SettingsForm(request.POST, instance=settings_get(centre=request.centre))
    if not form.is_valid():
        return _page(request, form=form)
    opendata_settings_save(centre=request.centre, **form.cleaned_data)
    messages.success(request, _("Відомості для паспортів збережено."))
    return redirect("opendata_staff:home", request.centre.slug)
