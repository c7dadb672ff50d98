"""The register of administrative services provided (issue 14, part 1): record, correct, delete.

A provision is one service per visit or case: the day, the office, the service of the centre's
catalog, how it was applied for (in person, by post, online) and how it ended (provided, refused,
a consultation), with the person's demographics only as they stated them — never a name, a
contact or a case number. Staff record it by hand, the queue and booking record it when a visit
is finished (`receivers.py`), and the case system's exports are imported (`provisions_import.py`).
A row with a ``source_key`` is recorded once per centre and source (database constraint).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vidhuk.catalog.models import Service
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre, Office
from vidhuk.core.services import audit_record, model_update

from ..choices import ProvisionChannel, ProvisionResult, ProvisionSource
from ..dashboard import dashboard_cache_forget
from ..models import ProvisionImport, ServiceProvision

EARLIEST_DAY = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class ProvisionIntake:
    """What a provision says, from the staff form, the queue or a row of an imported file."""

    provided_on: dt.date
    office: Office | None
    service: Service
    channel: str = ProvisionChannel.IN_PERSON
    result: str = ProvisionResult.PROVIDED
    sex: str = ""
    age_group: str = ""
    idp: bool | None = None
    disability: bool | None = None
    pensioner: bool | None = None
    veteran: bool | None = None

    def fields(self) -> dict[str, Any]:
        data = asdict(self)
        # asdict copies model instances deeply: keep the records themselves.
        data["office"], data["service"] = self.office, self.service
        data["service_title"] = self.service.name[:500]
        return data


def provision_check(*, centre: Centre, intake: ProvisionIntake, today: dt.date) -> None:
    """Refuse (ValidationError keyed by field, in Ukrainian) what the register cannot hold: a day
    in the future or before 2000, an office or a service of another centre."""
    errors: dict[str, str] = {}
    if intake.provided_on > today:
        errors["provided_on"] = _("Дата надання послуги не може бути в майбутньому.")
    elif intake.provided_on < EARLIEST_DAY:
        errors["provided_on"] = _("Вкажіть дату не раніше 2000 року.")
    if intake.office is not None and intake.office.centre_id != centre.pk:
        errors["office"] = _("Оберіть офіс цього центру.")
    if intake.service.centre_id != centre.pk:
        errors["service"] = _("Оберіть послугу з переліку послуг цього центру.")
    if errors:
        raise ValidationError(errors)


def provision_build(
    *,
    centre: Centre,
    intake: ProvisionIntake,
    source: str,
    source_key: str = "",
    import_batch: ProvisionImport | None = None,
) -> ServiceProvision:
    """An unsaved, validated provision (imports insert many of them at once)."""
    provision = ServiceProvision(
        centre=centre,
        source=source,
        source_key=source_key,
        import_batch=import_batch,
        **intake.fields(),
    )
    provision.full_clean(validate_constraints=False)
    return provision


@transaction.atomic
def provision_record(
    *,
    centre: Centre,
    intake: ProvisionIntake,
    actor: Any,
    source: str = ProvisionSource.MANUAL,
    source_key: str = "",
) -> ServiceProvision:
    """Record one provision, audited. With a ``source_key`` already recorded for this centre and
    source, the stored row is returned and nothing is added (a visit finished twice, a double
    submit): the register counts each service of a visit once."""
    if source_key:
        stored = ServiceProvision.objects.filter(
            centre=centre, source=source, source_key=source_key
        ).first()
        if stored is not None:
            return stored
    provision_check(centre=centre, intake=intake, today=timezone.localdate())
    provision = provision_build(centre=centre, intake=intake, source=source, source_key=source_key)
    provision.save()
    audit_record(actor=actor, centre=centre, action=AuditAction.CREATE, obj=provision)
    dashboard_cache_forget(centre=centre, days=[provision.provided_on])
    return provision


@transaction.atomic
def provision_update(
    *, provision: ServiceProvision, intake: ProvisionIntake, actor: Any
) -> dict[str, Any]:
    """Correct a provision; the audit log keeps what it said before. Returns the changes."""
    provision_check(centre=provision.centre, intake=intake, today=timezone.localdate())
    days = [provision.provided_on, intake.provided_on]
    dashboard_cache_forget(centre=provision.centre, days=days)
    return model_update(
        instance=provision, data=intake.fields(), actor=actor, centre=provision.centre
    )


@transaction.atomic
def provision_set_result(*, provision: ServiceProvision, result: str, actor: Any) -> dict[str, Any]:
    """The operator's outcome of one service of a finished visit: provided, refused or only a
    consultation."""
    if result not in ProvisionResult.values:
        raise ValidationError(
            {"result": _("Оберіть результат: надано, відмовлено чи консультація.")}
        )
    dashboard_cache_forget(centre=provision.centre, days=[provision.provided_on])
    return model_update(
        instance=provision, data={"result": result}, actor=actor, centre=provision.centre
    )


@transaction.atomic
def provision_delete(*, provision: ServiceProvision, actor: Any) -> None:
    """Delete a provision recorded by mistake; the audit log keeps what it said."""
    audit_record(
        actor=actor,
        centre=provision.centre,
        action=AuditAction.DELETE,
        obj=provision,
        changes={
            "provided_on": provision.provided_on.isoformat(),
            "service_title": provision.service_title,
            "office": str(provision.office_id or ""),
            "channel": provision.channel,
            "result": provision.result,
            "source": provision.source,
        },
    )
    dashboard_cache_forget(centre=provision.centre, days=[provision.provided_on])
    provision.delete()
