"""Print runs of the paper questionnaire: each printed PDF is a range of sheet serials.

Why a recorded range and not a random number per sheet: a centre prints a few hundred sheets a
quarter and keeps them for years, so serials drawn at random would need a dozen digits to stay
apart (the QR code would grow a size and read worse from a phone), whereas a centre's own
sequence stays short (``123``), never repeats, and maps a serial back to its run (version, print
size, language, day, who printed it) when a reviewer asks where a sheet came from. The serial's
check digit (``qr.page_payload``) keeps a misread or altered identifier from passing as another
sheet's. Copies must come from the PDF, not from a photocopier: a photocopy repeats its
original's serial and would be taken for the same sheet scanned twice.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from vidhuk.core.choices import AuditAction
from vidhuk.core.models import Centre
from vidhuk.core.services import audit_record

from ..models import PrintRun, QuestionnaireVersion
from ..paper import LANGUAGES, SIZES, questionnaire_pdf

MAX_COPIES = 300  # in one PDF: about a hundred megabytes of print at most


@transaction.atomic
def print_run_create(
    *,
    centre: Centre,
    version: QuestionnaireVersion,
    size: str,
    language: str,
    copies: int,
    actor: Any,
) -> PrintRun:
    """Reserve the next ``copies`` serials of the centre for one printed PDF. The centre's row is
    locked while the range is taken, so two staff printing at once never share a serial."""
    if version.questionnaire.centre_id != centre.pk:
        raise ValidationError({"version": _("Виберіть анкету цього центру.")})
    if size not in SIZES or language not in LANGUAGES:
        raise ValidationError(_("Невідомий розмір шрифту або мова."))
    if not 1 <= copies <= MAX_COPIES:
        raise ValidationError(
            {"copies": _("Від 1 до %(max)s примірників за раз.") % {"max": MAX_COPIES}}
        )
    Centre.objects.select_for_update().filter(pk=centre.pk).first()
    last = PrintRun.objects.filter(centre=centre).aggregate(
        last=Max(F("first_serial") + F("copies") - 1)
    )["last"]
    run = PrintRun(
        centre=centre,
        version=version,
        size=size,
        language=language,
        first_serial=(last or 0) + 1,
        copies=copies,
        printed_by=actor,
    )
    run.full_clean()
    run.save()
    audit_record(
        actor=actor,
        centre=centre,
        action=AuditAction.CREATE,
        obj=run,
        changes={"copies": copies, "serials": f"{run.first_serial}–{run.last_serial}"},
    )
    return run


def print_run_pdf(*, run: PrintRun) -> bytes:
    """The run's PDF: one copy per serial (the same PDF each time it is opened)."""
    return questionnaire_pdf(
        version=run.version,
        size=run.size,
        language=run.language,
        serials=range(run.first_serial, run.last_serial + 1),
    )


def print_run_list(*, centre: Centre) -> Any:
    return PrintRun.objects.filter(centre=centre).select_related("version__questionnaire")


def print_run_get(*, centre: Centre, pk: int) -> PrintRun:
    """The centre's run (``PrintRun.DoesNotExist`` for another centre's)."""
    return print_run_list(centre=centre).get(pk=pk)


def print_run_of_serial(*, centre: Centre, serial: int) -> PrintRun | None:
    """The run that printed sheet ``serial`` of the centre, if any."""
    return (
        print_run_list(centre=centre)
        .filter(first_serial__lte=serial)
        .annotate(last=F("first_serial") + F("copies") - 1)
        .filter(last__gte=serial)
        .first()
    )
