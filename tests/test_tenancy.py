"""A staff member of one centre never sees or changes another centre's data.

Walks every back-office URL that names a centre — found from the URL configuration, so a URL
added later is covered without editing this test — and requests it as the head of centre A:
  * with centre B's address and B's record ids → 404;
  * with A's address but B's record ids → 404.
Nothing in the database may change.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import Invitation, Membership
from vidhuk.accounts.tests.factories import MembershipFactory, UserFactory
from vidhuk.analytics.models import (
    GenderAudit,
    GenderAuditAnswer,
    ProvisionImport,
    QuarterlyReport,
    ServiceProvision,
)
from vidhuk.appeals.models import Appeal, AppealAttachment, HotlineCall, SuggestionBoxOpening
from vidhuk.appeals.tests.factories import AppealFactory, HotlineCallFactory
from vidhuk.appointments.models import Appointment, ServiceBooking, WorkingInterval
from vidhuk.appointments.tests.factories import (
    WindowFactory,
)
from vidhuk.catalog.models import Service
from vidhuk.catalog.tests.factories import CategoryFactory, ServiceFactory
from vidhuk.communications.models import (
    Event,
    EventRegistration,
    MediaContact,
    MediaOutlet,
    Partner,
    PlanMeasure,
    PressDistribution,
    Publication,
    PublicationFiring,
    Topic,
)
from vidhuk.core.models import AuditEvent, Office, OfficeClosure, OutgoingMail, Window
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.decisions.models import Decision, Evidence, Finding, Milestone, ProgressPhoto
from vidhuk.decisions.tests.factories import (
    DecisionFactory,
    FindingFactory,
)
from vidhuk.mystery.choices import MysteryVisitStatus
from vidhuk.mystery.models import MysteryVisit, MysteryVisitPhoto
from vidhuk.opendata.models import OpenDataSettings, PortalCall, Release
from vidhuk.queue.models import QueueDevice, Ticket
from vidhuk.scanning.models import ScanBatch, ScannedSheet, ScanPage
from vidhuk.surveys.choices import (
    BatchKind,
    QuestionnaireKind,
)
from vidhuk.surveys.models import (
    Answer,
    PrintRun,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    ResponseBatch,
    Section,
)
from vidhuk.surveys.tests.factories import (
    QuestionnaireFactory,
    VersionFactory,
)

from .tenancy_records import (
    FOREIGN_PK,
    KYIV_NOON,
    foreign_appeal_parts,
    foreign_appointments,
    foreign_communications,
    foreign_decisions,
    foreign_events,
    foreign_provisions,
    foreign_publications,
    foreign_scanning,
    foreign_surveys,
)


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def staff_routes():
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    return [r for r in routes if r.startswith("staff/") and "<slug:centre_slug>" in r]


def _fill(route: str, slug: str) -> str:
    url = route.replace("<slug:centre_slug>", slug)
    url = re.sub(r"<int:\w+>", str(FOREIGN_PK), url)
    url = re.sub(r"<slug:\w+>", "foreign", url)
    return "/" + url.lstrip("^").rstrip("$")


def test_the_walk_finds_the_back_office():
    routes = staff_routes()

    assert "staff/<slug:centre_slug>/" in routes
    assert "staff/<slug:centre_slug>/services/<int:pk>/" in routes
    assert "staff/<slug:centre_slug>/appeals/reports/quarterly/" in routes
    assert "staff/<slug:centre_slug>/appeals/reports/quarterly.pdf" in routes
    assert len(routes) >= 12


@pytest.fixture
def foreign_records(other_centre):
    office = OfficeFactory(centre=other_centre, pk=FOREIGN_PK)
    OfficeClosure.objects.create(office=office, date="2026-12-31", pk=FOREIGN_PK)
    ServiceFactory(
        centre=other_centre, pk=FOREIGN_PK, category=CategoryFactory(centre=other_centre)
    )
    MembershipFactory(centre=other_centre, role=Role.HEAD, pk=FOREIGN_PK)
    AppealFactory(centre=other_centre, pk=FOREIGN_PK)
    HotlineCallFactory(centre=other_centre, pk=FOREIGN_PK)
    SuggestionBoxOpening.objects.create(
        centre=other_centre, office=office, opened_on="2026-03-02", opened_by="—", pk=FOREIGN_PK
    )
    # The queue's kiosks and boards: /staff/<centre>/queue/devices/<pk>/ and …/revoke/.
    QueueDevice.objects.create(
        centre=other_centre, office=office, kind="kiosk", label="—", pk=FOREIGN_PK,
        created_at="2026-03-02T10:00:00+02:00",
    )  # fmt: skip
    foreign_appeal_parts(other_centre)
    foreign_appointments(other_centre, office)
    foreign_surveys(other_centre, office)
    foreign_decisions(other_centre)
    foreign_publications(other_centre)
    foreign_events(other_centre)
    foreign_communications(other_centre)
    foreign_provisions(other_centre, office)
    foreign_scanning(other_centre)


def _state():
    return (
        Office.objects.count(),
        Service.objects.count(),
        list(Service.objects.values_list("name", "is_published")),
        list(Office.objects.values_list("name", "is_active")),
        list(Appeal.objects.values_list("status", "executor_id", "anonymised_at")),
        list(HotlineCall.objects.values_list("appeal_id")),
        AuditEvent.objects.filter(centre__slug="luhove").count(),
        Invitation.objects.count(),
        list(Membership.objects.values_list("user_id", "centre_id", "role", "is_active")),
        list(QueueDevice.objects.values_list("revoked_at", "token_digest")),
        list(AppealAttachment.objects.values_list("pk", "file")),
        list(OutgoingMail.objects.values_list("pk", "status", "attempts")),
        list(Window.objects.values_list("pk", "number", "is_active")),
        list(WorkingInterval.objects.values_list("pk", "weekday", "starts", "ends")),
        list(ServiceBooking.objects.values_list("pk", "slot_minutes")),
        list(Appointment.objects.values_list("pk", "status", "starts_at", "window_id")),
        list(Ticket.objects.values_list("pk", "status", "window_id")),
        list(Questionnaire.objects.values_list("pk", "title_uk")),
        list(QuestionnaireVersion.objects.values_list("pk", "status", "number")),
        list(Section.objects.values_list("pk", "title_uk", "position")),
        list(Question.objects.values_list("pk", "text_uk", "position")),
        list(ResponseBatch.objects.values_list("pk", "label", "source_name")),
        list(Response.objects.values_list("pk", "batch_id")),
        list(Answer.objects.values_list("pk", "moderation", "public_text")),
        list(MysteryVisit.objects.values_list("pk", "status")),
        list(MysteryVisitPhoto.objects.values_list("pk", "file")),
        list(Finding.objects.values_list("pk", "state", "title", "no_action_reason")),
        list(Evidence.objects.values_list("pk", "finding_id")),
        list(Decision.objects.values_list("pk", "state", "title", "public_revision")),
        list(Milestone.objects.values_list("pk", "done_on", "title")),
        list(Publication.objects.values_list("pk", "state", "title", "published_at")),
        PublicationFiring.objects.count(),
        list(Event.objects.values_list("pk", "state", "sequence", "title", "minutes", "place")),
        list(EventRegistration.objects.values_list("pk", "state", "checked_in_at")),
        list(PlanMeasure.objects.values_list("pk", "status", "description", "due_on")),
        list(MediaOutlet.objects.values_list("pk", "name", "archived_at")),
        list(MediaContact.objects.values_list("pk", "name", "archived_at")),
        list(Partner.objects.values_list("pk", "name", "materials")),
        list(Topic.objects.values_list("pk", "name", "archived_at")),
        PressDistribution.objects.count(),
        list(ServiceProvision.objects.values_list("pk", "result", "service_title")),
        ProvisionImport.objects.count(),
        list(QuarterlyReport.objects.values_list("pk", "state", "sections", "figures")),
        list(GenderAudit.objects.values_list("pk", "state", "summary")),
        list(GenderAuditAnswer.objects.values_list("pk", "score", "recommendation")),
        list(Release.objects.values_list("pk", "csv_sha256", "changed_at")),
        list(OpenDataSettings.objects.values_list("pk", "responsible_person")),
        PortalCall.objects.count(),
        list(ScanBatch.objects.values_list("pk", "state", "responses_made")),
        list(ScanPage.objects.values_list("pk", "decisions", "texts", "upright")),
        list(PrintRun.objects.values_list("pk", "first_serial", "copies")),
        ScannedSheet.objects.count(),
    )


@pytest.mark.parametrize("route", staff_routes())
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_centres_staff_urls_are_not_found(staff_client, foreign_records, route, method):
    client, _membership = staff_client(Role.HEAD)
    before = _state()

    response = getattr(client, method)(_fill(route, "luhove"))

    assert response.status_code == 404
    assert _state() == before


@pytest.mark.parametrize(
    "route", [r for r in staff_routes() if "<int:" in r or "<slug:" in r.split("centre_slug>")[1]]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_centres_records_are_not_found_from_my_centre(
    staff_client, foreign_records, route, method
):
    client, _membership = staff_client(Role.HEAD)
    before = _state()

    response = getattr(client, method)(_fill(route, "verbivka"))

    assert response.status_code == 404
    assert _state() == before


def test_an_invitation_to_another_centre_is_not_found_and_sends_nothing(
    staff_client, foreign_records, smtp_mailbox, django_capture_on_commit_callbacks
):
    client, _membership = staff_client(Role.HEAD)
    before = _state()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/luhove/people/add/", {"email": "new@luhove.example", "role": Role.HEAD}
        )

    assert response.status_code == 404
    assert _state() == before
    assert smtp_mailbox.messages == []


FOREIGN_MODELS = [
    Office, OfficeClosure, Service, Membership, Appeal, AppealAttachment, OutgoingMail,
    HotlineCall, SuggestionBoxOpening, QueueDevice, Window, WorkingInterval, ServiceBooking,
    Appointment, Ticket, Questionnaire, QuestionnaireVersion, Section, Question, ResponseBatch,
    Response, Answer, MysteryVisit, MysteryVisitPhoto, Publication,
    Finding, Evidence, Decision, Milestone, ProgressPhoto, Event, EventRegistration,
    PlanMeasure, MediaOutlet, MediaContact, Partner, Topic, ServiceProvision, ProvisionImport,
    ScanBatch, ScanPage, PrintRun,
]  # fmt: skip


@pytest.mark.parametrize("model", FOREIGN_MODELS, ids=lambda m: m.__name__)
def test_each_id_the_walk_uses_is_a_real_record_of_the_other_centre(foreign_records, model):
    """So a 404 above proves scoping, not absence."""
    assert model.objects.filter(pk=FOREIGN_PK).exists()


OWN_PK = 800_001  # a record of centre A, holding centre B's record in the URL


@pytest.fixture
def own_parents(centre):
    """Centre A's own appeal, mystery visit, window, questionnaire and paper batch, so that
    a URL naming one of them and one of B's records reaches the lookup of B's record."""
    office = OfficeFactory(centre=centre)
    AppealFactory(centre=centre, pk=OWN_PK)
    WindowFactory(centre=centre, office=office, pk=OWN_PK)
    version = VersionFactory(questionnaire=QuestionnaireFactory(centre=centre, pk=OWN_PK))
    ResponseBatch.objects.create(
        centre=centre, kind=BatchKind.PAPER, version=version, received_on="2026-03-02",
        pk=OWN_PK,
    )  # fmt: skip
    mystery = VersionFactory(
        questionnaire=QuestionnaireFactory(centre=centre, kind=QuestionnaireKind.MYSTERY_SHOPPER)
    )
    MysteryVisit.objects.create(
        centre=centre, version=mystery, evaluator=UserFactory(), office=office,
        visited_at=KYIV_NOON, status=MysteryVisitStatus.SUBMITTED, pk=OWN_PK,
    )  # fmt: skip
    FindingFactory(centre=centre, pk=OWN_PK)
    DecisionFactory(centre=centre, pk=OWN_PK)
    paper = ResponseBatch.objects.create(
        centre=centre, kind=BatchKind.PAPER, version=version, received_on="2026-03-02"
    )
    ScanBatch.objects.create(centre=centre, response_batch=paper, pk=OWN_PK, state="review")


def _fill_nested(route: str) -> str:
    """A's own record for the first id, B's for the one inside it."""
    url = route.replace("<slug:centre_slug>", "verbivka")
    url = re.sub(r"<int:\w+>", str(OWN_PK), url, count=1)
    url = re.sub(r"<int:\w+>", str(FOREIGN_PK), url)
    return "/" + url


@pytest.mark.parametrize("route", [r for r in staff_routes() if r.count("<int:") == 2])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_centres_record_inside_my_own_is_not_found(
    staff_client, foreign_records, own_parents, route, method
):
    client, _membership = staff_client(Role.HEAD)
    before = _state()

    response = getattr(client, method)(_fill_nested(route))

    assert response.status_code == 404
    assert _state() == before


@pytest.mark.parametrize(
    "parent",
    ["appeals/{pk}/", "queue/window/{pk}/", "surveys/{pk}/comments/", "surveys/batches/{pk}/",
     "mystery/review/{pk}/", "decisions/findings/{pk}/", "decisions/{pk}/", "scanning/{pk}/"],
)  # fmt: skip
def test_my_own_parents_are_found(staff_client, own_parents, parent):
    """So the 404s above come from the lookup of B's record, not of A's own."""
    client, _membership = staff_client(Role.HEAD)

    response = client.get("/staff/verbivka/" + parent.format(pk=OWN_PK))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "source=appeal&id={pk}",
        "source=hotline_call&id={pk}",
        "source=mystery_visit&id={pk}",
        "source=mystery_criterion&id={pk}:ramp",
        "source=survey_result&questionnaire={pk}&question=overall",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_centres_records_cannot_become_my_evidence(
    staff_client, foreign_records, query, method
):
    """«Додати до висновку» names its record in the query: B's record is not found from A."""
    client, _membership = staff_client(Role.HEAD)
    before = _state()
    url = "/staff/verbivka/decisions/evidence/add/?" + query.format(pk=FOREIGN_PK)

    response = getattr(client, method)(url, {"target": "new", "title": "x", "summary": "x"})

    assert response.status_code == 404
    assert _state() == before


def test_another_centres_registration_cannot_be_checked_in_from_my_centre(
    staff_client, foreign_records
):
    """The door's page is my centre's; the token of B's registration is not found there."""
    client, _membership = staff_client(Role.HEAD)
    before = _state()

    response = client.post(
        "/staff/verbivka/communications/events/check-in/",
        {"token": "foreign-registration-token"},
    )

    assert response.status_code == 400
    assert "Реєстрацію з таким кодом не знайдено." in response.content.decode()
    assert _state() == before


@pytest.fixture
def foreign_report_and_audit(other_centre):
    """Centre B's quarterly report (published) and gender audit (completed) of 2026: the staff
    URLs name them by year and quarter, which A may use for its own."""
    QuarterlyReport.objects.create(
        centre=other_centre, year=2026, quarter=1, state="published",
        sections=[{"code": "plans", "text": {"uk": "Чужі плани", "en": ""}, "generated": {}}],
    )  # fmt: skip
    audit = GenderAudit.objects.create(centre=other_centre, year=2026, state="completed")
    GenderAuditAnswer.objects.create(
        audit=audit, item_code="P1", score=0, recommendation="Чужа рекомендація"
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "analytics/reports/2026-q1/report.pdf"),
        ("post", "analytics/reports/2026-q1/publish/"),
        ("post", "analytics/reports/2026-q1/"),
        ("get", "analytics/gender/audit/2026/"),
        ("get", "analytics/gender/audit/2026/report/"),
        ("get", "analytics/gender/audit/2026/report.pdf"),
        ("post", "analytics/gender/audit/2026/complete/"),
        ("post", "analytics/gender/audit/2026/findings/P1/"),
    ],
)
def test_another_centres_report_and_audit_of_the_same_quarter_are_not_found(
    staff_client, foreign_report_and_audit, method, path
):
    client, _membership = staff_client(Role.HEAD)
    before = _state()

    response = getattr(client, method)("/staff/verbivka/" + path)

    assert response.status_code == 404
    assert _state() == before


def test_my_report_page_of_a_quarter_another_centre_published_is_my_own(
    staff_client, foreign_report_and_audit
):
    client, _membership = staff_client(Role.HEAD)

    page = client.get("/staff/verbivka/analytics/reports/2026-q1/").content.decode()

    assert "Звіт за цей квартал ще не сформовано." in page
    assert "Чужі плани" not in page
