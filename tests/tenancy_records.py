"""The records of centre B that `test_tenancy.py` walks its staff URLs with: one builder per
app, each making the records whose ids its back-office URLs name (with the id FOREIGN_PK)."""

import datetime as dt
from zoneinfo import ZoneInfo

from vidhuk.accounts.tests.factories import UserFactory
from vidhuk.analytics.models import (
    ProvisionImport,
    ServiceProvision,
)
from vidhuk.appeals.models import Appeal, AppealAttachment
from vidhuk.appointments.models import ServiceBooking
from vidhuk.appointments.tests.factories import (
    AppointmentFactory,
    WindowFactory,
    WorkingIntervalFactory,
)
from vidhuk.catalog.models import Service
from vidhuk.communications.models import (
    Mailing,
    MediaContact,
    MediaOutlet,
    Partner,
    PlanMeasure,
    Publication,
    Topic,
)
from vidhuk.communications.tests.event_factories import EventFactory, RegistrationFactory
from vidhuk.core.choices import MailStatus
from vidhuk.core.models import OutgoingMail
from vidhuk.decisions.models import ProgressPhoto
from vidhuk.decisions.tests.factories import (
    DecisionFactory,
    EvidenceFactory,
    FindingFactory,
    MilestoneFactory,
)
from vidhuk.mystery.choices import MysteryVisitStatus
from vidhuk.mystery.models import MysteryVisit, MysteryVisitPhoto
from vidhuk.queue.tests.factories import TicketFactory
from vidhuk.surveys.choices import (
    BatchKind,
    Moderation,
    QuestionnaireKind,
    QuestionType,
)
from vidhuk.surveys.models import (
    Answer,
    ResponseBatch,
)
from vidhuk.surveys.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    SectionFactory,
    VersionFactory,
)

FOREIGN_PK = 900_001  # no record of centre A can have it
KYIV_NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


def foreign_provisions(centre, office):
    """The register of services provided: …/analytics/provisions/<pk>/ (edit, delete, result)
    and an import's summary …/analytics/provisions/import/<pk>/."""
    batch = ProvisionImport.objects.create(
        centre=centre, pk=FOREIGN_PK, file_name="чужий.csv", sha256="0" * 64
    )
    ServiceProvision.objects.create(
        centre=centre, pk=FOREIGN_PK, provided_on="2026-03-02", office=office,
        service_id=FOREIGN_PK, service_title="Чужа послуга", channel="in_person",
        result="provided", source="import", import_batch=batch,
    )  # fmt: skip


def foreign_appeal_parts(centre):
    """…/appeals/<pk>/attachments/<attachment_pk>/ and …/mail/<mail_pk>/ (stuck, so a letter)."""
    appeal = Appeal.objects.get(pk=FOREIGN_PK)
    AppealAttachment.objects.create(
        appeal=appeal, pk=FOREIGN_PK, file="appeals/foreign.pdf", original_name="скарга.pdf",
        content_type="application/pdf", size=10, sha256="0" * 64,
    )  # fmt: skip
    OutgoingMail.objects.create(
        pk=FOREIGN_PK, key="foreign-mail", centre=centre, about=f"appeal:{FOREIGN_PK}",
        template="appeals/email/answer", to="maria@example.com", subject="Відповідь",
        status=MailStatus.UNDELIVERABLE, created_at=KYIV_NOON, give_up_at=KYIV_NOON,
    )  # fmt: skip


def foreign_appointments(centre, office):
    """Appointments and the queue: windows (schedules and the operator's console), working
    hours, a service's booking settings, an appointment and a waiting ticket."""
    window = WindowFactory(centre=centre, office=office, pk=FOREIGN_PK)
    WorkingIntervalFactory(office=office, window=window, pk=FOREIGN_PK)
    ServiceBooking.objects.create(
        centre=centre, service=Service.objects.get(pk=FOREIGN_PK), pk=FOREIGN_PK
    )
    AppointmentFactory(window=window, service=Service.objects.get(pk=FOREIGN_PK), pk=FOREIGN_PK)
    TicketFactory(office=office, pk=FOREIGN_PK)


def foreign_surveys(centre, office):
    """Every surveys id a staff URL names: questionnaire, version, section, question, a paper
    batch with a form in it, a pending comment, and a submitted mystery visit with a photo."""
    questionnaire = QuestionnaireFactory(centre=centre, pk=FOREIGN_PK)
    version = VersionFactory(questionnaire=questionnaire, pk=FOREIGN_PK)
    section = SectionFactory(version=version, pk=FOREIGN_PK)
    question = QuestionFactory(section=section, type=QuestionType.TEXT, pk=FOREIGN_PK)
    batch = ResponseBatch.objects.create(
        centre=centre, kind=BatchKind.PAPER, version=version, received_on="2026-03-02",
        pk=FOREIGN_PK,
    )  # fmt: skip
    response = ResponseFactory(version=version, batch=batch, pk=FOREIGN_PK)
    Answer.objects.create(
        response=response, question=question, text="Довго чекала", pk=FOREIGN_PK,
        moderation=Moderation.PENDING,
    )  # fmt: skip
    mystery = VersionFactory(
        questionnaire=QuestionnaireFactory(centre=centre, kind=QuestionnaireKind.MYSTERY_SHOPPER)
    )
    visit = MysteryVisit.objects.create(
        centre=centre, version=mystery, evaluator=UserFactory(), office=office,
        visited_at=KYIV_NOON, status=MysteryVisitStatus.SUBMITTED, pk=FOREIGN_PK,
    )  # fmt: skip
    MysteryVisitPhoto.objects.create(
        visit=visit, file="mystery/foreign.jpg", original_name="черга.jpg",
        content_type="image/jpeg", size=10, pk=FOREIGN_PK,
    )  # fmt: skip


def foreign_decisions(centre):
    """Findings and decisions: a finding with evidence, a decision with a milestone and a photo."""
    finding = FindingFactory(centre=centre, pk=FOREIGN_PK)
    EvidenceFactory(finding=finding, pk=FOREIGN_PK)
    decision = DecisionFactory(centre=centre, pk=FOREIGN_PK, order_scan="decisions/foreign.pdf")
    MilestoneFactory(decision=decision, pk=FOREIGN_PK)
    ProgressPhoto.objects.create(
        update=decision.updates.create(text="Зроблено", is_public=False), pk=FOREIGN_PK,
        image="decisions/foreign.jpg",
    )  # fmt: skip


def foreign_events(centre):
    """An event (a held hearing with minutes) and a registration: …/communications/events/<pk>/."""
    event = EventFactory(
        centre=centre, pk=FOREIGN_PK, kind="hearing", minutes="Зауваження", capacity=1,
        starts_at=KYIV_NOON, ends_at=KYIV_NOON + dt.timedelta(hours=2),
    )  # fmt: skip
    RegistrationFactory(event=event, pk=FOREIGN_PK, token="foreign-registration-token")


def foreign_communications(centre):
    """The plan's measure, the media register and partners: …/communications/plan/<pk>/ …"""
    PlanMeasure.objects.create(centre=centre, pk=FOREIGN_PK, block="Блок", description="Захід")
    # media register: …/communications/media/<pk>/contacts/new/, …/edit/, …/delete/, a contact's
    # and a partner's …/edit/ and …/delete/, and topics' …/topics/<pk>/edit/ and …/delete/
    outlet = MediaOutlet.objects.create(centre=centre, pk=FOREIGN_PK, name="Чуже медіа", kind="tv")
    MediaContact.objects.create(outlet=outlet, pk=FOREIGN_PK, name="Чужий контакт")
    Partner.objects.create(centre=centre, pk=FOREIGN_PK, name="Чужий партнер", kind="other")
    Topic.objects.create(centre=centre, pk=FOREIGN_PK, name="Чужа тема", slug="chuzha")
    # mailings: …/communications/mailings/<pk>/ and …/move/
    Mailing.objects.create(centre=centre, pk=FOREIGN_PK, subject="Чужа розсилка")


def foreign_publications(centre):
    """A publication with an image: …/communications/publications/<pk>/ (edit, move, image)."""
    Publication.objects.create(
        centre=centre, pk=FOREIGN_PK, title="Чужа новина", slug="foreign", state="review",
        image="communications/foreign.jpg", image_alt="Фото",
    )  # fmt: skip


def foreign_scanning(centre):
    """A scanned batch with a read page (its upright image and a one-box map, so a crop could
    be drawn if scoping failed) and a print run: …/scanning/<pk>/…, …/paper/runs/<pk>/…"""
    import numpy as np

    from vidhuk.scanning.models import ScanBatch, ScanPage
    from vidhuk.scanning.pages import encode_png
    from vidhuk.surveys.models import PrintRun
    from vidhuk.surveys.paper_map import FormMap, MapBox, Rect

    version = VersionFactory(questionnaire=QuestionnaireFactory(centre=centre))
    response_batch = ResponseBatch.objects.create(
        centre=centre, kind=BatchKind.PAPER, version=version, received_on="2026-03-02"
    )
    box = MapBox(
        page=1, question="q", number=1, row="", value="a", rect=Rect(5, 5, 5.4, 5.4), border=0.4
    )
    form = FormMap(version_id=version.pk, size="standard", language="uk", pages=1, boxes=[box])
    batch = ScanBatch.objects.create(
        centre=centre, response_batch=response_batch, pk=FOREIGN_PK, state="review",
        form_maps={"standard": form.to_dict()},
    )  # fmt: skip
    ScanPage.objects.create(
        batch=batch, position=1, pk=FOREIGN_PK, state="read", size="standard", page_number=1,
        upright=encode_png(np.full((120, 120), 255, np.uint8)),
        readings=[{"index": 0, "state": "doubtful", "ink": 0.05, "solid": 0, "proposed": "marked"}],
    )  # fmt: skip
    PrintRun.objects.create(
        centre=centre, version=version, size="standard", language="uk", first_serial=1, copies=5,
        pk=FOREIGN_PK,
    )  # fmt: skip
