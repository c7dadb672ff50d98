"""Publishing a release to the national open data portal (data.gov.ua runs CKAN) through its
action API with `ckanapi`.

One CKAN dataset per Vidhuk dataset (name ``<centre>-<key>``) whose metadata is the passport of
КМУ №835, and one CSV resource per period (a quarter, or «current» for a snapshot), named after
its file and carrying the SHA-256 of its bytes in CKAN's ``hash`` field. Each run:

1. reads what the portal holds (``package_show``) and plans: create the dataset, patch its
   metadata where it differs, create a resource for a new period, patch one whose hash differs,
   leave the others alone — the plan is the dry-run diff the staff page shows;
2. carries the plan out with ``package_create``, ``package_patch``, ``resource_create`` and
   ``resource_patch`` only. Never ``package_update``: on CKAN 2.8 it deletes every resource
   not sent along (issue 14), so a resource is never removed from here;
3. reads the dataset back and checks every period's hash, and that no resource disappeared.

Every call is logged (`PortalCall`), failed ones too; a call failing on the network or with a
server error is retried (``RETRIES``, growing pause). A run that fails half-way resumes by itself:
the next plan starts from what the portal then holds, and files already there are skipped by hash.
"""

from __future__ import annotations

import io
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vidhuk.core.models import Centre

from .build import Build, resource_name
from .models import OpenDataSettings, PortalCall, Release

RETRIES = 3
WRITE_ACTIONS = frozenset({"package_create", "package_patch", "resource_create", "resource_patch"})
LICENSE_ID = "cc-by"
# КМУ №835 periodicity as the portal shows it.
FREQUENCY_LABELS = {
    "daily": "щодня",
    "weekly": "щотижня",
    "monthly": "щомісяця",
    "quarterly": "щокварталу",
    "half-yearly": "щопівроку",
    "yearly": "щороку",
    "on-change": "у разі змін",
}


class PortalError(Exception):
    """The portal refused or could not be reached after every retry; ``str`` says why."""


@dataclass(frozen=True)
class PortalConfig:
    """A centre's account on the portal (settings.VIDHUK_CKAN[centre slug]).

    ``fields_as_extras``: the portal's extra fields (update frequency, purpose, language, the
    holder's ЄДРПОУ) go as CKAN ``extras`` — what a stock CKAN keeps; a portal with its own
    schema for them (ckanext-scheming) takes them as top-level fields (set it false)."""

    url: str
    api_key: str
    owner_org: str
    fields_as_extras: bool = True


def portal_config(centre: Centre) -> PortalConfig | None:
    found = getattr(settings, "VIDHUK_CKAN", {}).get(centre.slug)
    if not found:
        return None
    return PortalConfig(
        url=found["url"],
        api_key=found["api_key"],
        owner_org=found["owner_org"],
        fields_as_extras=bool(found.get("fields_as_extras", True)),
    )


class Portal:
    """The action API with the log and the retries."""

    def __init__(self, *, centre: Centre, config: PortalConfig, dry_run: bool = False) -> None:
        import ckanapi

        self.centre = centre
        self.config = config
        self.dry_run = dry_run
        self.run = uuid.uuid4()
        self.writes = 0
        self.api = ckanapi.RemoteCKAN(config.url, apikey=config.api_key, user_agent="Vidhuk")

    def call(self, action: str, *, target: str = "", files: Any = None, **data: Any) -> Any:
        import ckanapi
        import requests

        is_write = action in WRITE_ACTIONS
        if is_write and self.dry_run:
            raise PortalError(f"dry run must not call {action}")
        delay = float(getattr(settings, "VIDHUK_CKAN_RETRY_SECONDS", 2.0))
        for attempt in range(1, RETRIES + 1):
            started = time.monotonic()
            error = ""
            try:
                result = self.api.call_action(action, data_dict=data, files=files)
            except ckanapi.NotFound:
                self._log(action, target, is_write, attempt, started, "NotFound")
                raise
            except (ckanapi.ValidationError, ckanapi.NotAuthorized) as refused:
                self._log(action, target, is_write, attempt, started, repr(refused))
                raise PortalError(
                    _("Портал відмовив (%(action)s): %(error)s")
                    % {"action": action, "error": refused}
                ) from refused
            except (ckanapi.CKANAPIError, requests.RequestException) as failed:
                error = repr(failed)[:2000]
            else:
                self._log(action, target, is_write, attempt, started, "")
                self.writes += is_write
                return result
            self._log(action, target, is_write, attempt, started, error)
            if attempt < RETRIES:
                time.sleep(delay * attempt)
        raise PortalError(
            _("Портал не відповів (%(action)s): %(error)s") % {"action": action, "error": error}
        )

    def _log(
        self, action: str, target: str, is_write: bool, attempt: int, started: float, error: str
    ) -> None:
        PortalCall.objects.create(
            centre=self.centre,
            run=self.run,
            at=timezone.now(),
            action=action,
            target=target[:200],
            is_write=is_write,
            attempt=attempt,
            is_ok=not error,
            error=error,
            duration_ms=int((time.monotonic() - started) * 1000),
        )


def package_fields(build: Build, config: PortalConfig) -> dict[str, Any]:
    """The CKAN dataset's metadata: the passport of КМУ №835 in the portal's fields."""
    dataset, centre = build.dataset, build.centre
    extra = OpenDataSettings.objects.filter(centre=centre).first()
    with translation.override("uk"):
        portal_extras = {
            "update_frequency": FREQUENCY_LABELS[dataset.frequency],
            "purpose": str(dataset.purpose),
            "language": "uk",
            "publisher_edrpou": centre.edrpou,
            "legal_basis": extra.legal_basis if extra else "",
        }
        fields: dict[str, Any] = {
            "name": build.name,
            "title": str(dataset.title),
            "notes": str(dataset.about),
            "owner_org": config.owner_org,
            "license_id": LICENSE_ID,
            "tag_string": ",".join(str(keyword) for keyword in dataset.keywords),
            "maintainer": extra.responsible_person if extra else "",
            "maintainer_email": extra.responsible_email if extra else "",
        }
    if config.fields_as_extras:
        fields["extras"] = [{"key": k, "value": v} for k, v in sorted(portal_extras.items())]
    else:
        fields.update(portal_extras)
    return fields


def _held(package: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """The wanted fields whose value on the portal differs (tags compared as a set)."""
    differ: dict[str, Any] = {}
    for key, value in wanted.items():
        if key == "tag_string":
            held = {tag["name"] for tag in package.get("tags", [])}
            if held != {tag for tag in value.split(",") if tag}:
                differ[key] = value
        elif key == "extras":
            held_extras = {e["key"]: e["value"] for e in package.get("extras", [])}
            if any(held_extras.get(e["key"]) != e["value"] for e in value):
                # package_patch replaces the extras list: keep the portal's other extras.
                merged = {**held_extras, **{e["key"]: e["value"] for e in value}}
                differ[key] = [{"key": k, "value": v} for k, v in sorted(merged.items())]
        elif key == "owner_org":
            if value not in {
                package.get("owner_org"),
                (package.get("organization") or {}).get("name"),
            }:
                differ[key] = value
        elif (package.get(key) or "") != value:
            differ[key] = value
    return differ


@dataclass(frozen=True)
class Step:
    action: str  # one of WRITE_ACTIONS
    target: str  # the dataset's or the resource's name
    period: str = ""
    fields: tuple[str, ...] = ()


@dataclass
class Plan:
    """What a run would change on the portal (the dry-run diff), and what it leaves alone."""

    build: Build
    package: dict[str, Any] | None
    steps: list[Step] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # periods whose file the portal has
    package_changes: dict[str, Any] = field(default_factory=dict)


def _resources_by_name(package: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {r.get("name", ""): r for r in (package or {}).get("resources", [])}


def plan_publish(portal: Portal, build: Build) -> Plan:
    """Read the portal's copy and say what must change (no write)."""
    import ckanapi

    try:
        package = portal.call("package_show", target=build.name, id=build.name)
    except ckanapi.NotFound:
        package = None
    wanted = package_fields(build, portal.config)
    plan = Plan(build=build, package=package)
    if package is None:
        plan.steps.append(Step("package_create", build.name, fields=tuple(wanted)))
        plan.package_changes = wanted
    else:
        plan.package_changes = _held(package, wanted)
        if plan.package_changes:
            plan.steps.append(Step("package_patch", build.name, fields=tuple(plan.package_changes)))
    held = _resources_by_name(package)
    for part in build.parts:
        name = resource_name(build.dataset, part.period, "csv")
        resource = held.get(name)
        if resource is None:
            plan.steps.append(Step("resource_create", name, period=part.period))
        elif resource.get("hash") != part.csv_sha256:
            plan.steps.append(Step("resource_patch", name, period=part.period))
        else:
            plan.unchanged.append(part.period)
    return plan


def _upload(name: str, content: bytes) -> dict[str, Any]:
    return {"upload": (name, io.BytesIO(content), "text/csv")}


def carry_out(portal: Portal, plan: Plan) -> dict[str, Any]:
    """Make the plan's changes, then read the dataset back and check it."""
    build = plan.build
    package = plan.package
    for step in plan.steps:
        if step.action == "package_create":
            package = portal.call("package_create", target=build.name, **plan.package_changes)
        elif step.action == "package_patch":
            package = portal.call(
                "package_patch", target=build.name, id=build.name, **plan.package_changes
            )
    parts = {part.period: part for part in build.parts}
    held = _resources_by_name(plan.package)
    for step in plan.steps:
        if step.action not in {"resource_create", "resource_patch"}:
            continue
        part = parts[step.period]
        data = {
            "name": step.target,
            "format": "CSV",
            "mimetype": "text/csv",
            "hash": part.csv_sha256,
            "description": f"{build.dataset.key}: {part.period}",
        }
        if step.action == "resource_create":
            data["package_id"] = (package or {}).get("id", build.name)
        else:
            data["id"] = held[step.target]["id"]
        portal.call(step.action, target=step.target, files=_upload(step.target, part.csv), **data)
    return read_back(portal, plan)


def read_back(portal: Portal, plan: Plan) -> dict[str, Any]:
    """The portal's copy after the run: every period's hash as built, no resource lost."""
    build = plan.build
    package = portal.call("package_show", target=build.name, id=build.name)
    held = _resources_by_name(package)
    before = len((plan.package or {}).get("resources", []))
    if len(package.get("resources", [])) < before:
        raise PortalError(
            _("%(name)s: на порталі поменшало ресурсів (було %(before)s)")
            % {"name": build.name, "before": before}
        )
    for part in build.parts:
        name = resource_name(build.dataset, part.period, "csv")
        if held.get(name, {}).get("hash") != part.csv_sha256:
            raise PortalError(
                _("%(name)s: файл %(file)s на порталі відрізняється від випуску")
                % {"name": build.name, "file": name}
            )
    now = timezone.now()
    for part in build.parts:
        Release.objects.filter(
            centre=build.centre, dataset_key=build.dataset.key, period=part.period
        ).update(
            portal_resource_id=held[resource_name(build.dataset, part.period, "csv")]["id"],
            portal_sha256=part.csv_sha256,
            portal_synced_at=now,
        )
    return dict(package)
