"""The staff side's services: the finding's term from the centre's calendar, how findings end,
the decision's states with their reasons, milestones and progress, photos without EXIF, and
the audit log and history of every change."""

import datetime as dt
import io
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory
from vidhuk.core.models import AuditEvent, CalendarDay
from vidhuk.core.tests.factories import OfficeFactory

from ..choices import DecisionState, FindingState
from ..models import DecisionEvent, DecisionsSettings, Finding
from ..services import (
    PhotoIntake,
    decision_create,
    decision_transition,
    evidence_add,
    finding_close_no_action,
    finding_create,
    finding_decide,
    milestone_done,
    milestone_save,
    progress_update_add,
)
from .factories import DecisionFactory, FindingFactory, MilestoneFactory

MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


@pytest.fixture
def head(centre):
    return MembershipFactory(centre=centre, role=Role.HEAD).user


@pytest.fixture
def _monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


def _finding(centre, head, **kwargs):
    return finding_create(
        centre=centre, actor=head, title="Мало місць", summary="14 звернень за березень.", **kwargs
    )


@pytest.mark.usefixtures("_monday")
def test_a_finding_is_due_after_the_centres_term_in_working_days_of_its_calendar(centre, head):
    DecisionsSettings.objects.create(centre=centre, finding_term_days=5)
    CalendarDay.objects.create(centre=centre, date=dt.date(2026, 3, 4), is_working_day=False)

    finding = _finding(centre, head)

    # Tue 3, Thu 5, Fri 6, Mon 9, Tue 10: Wednesday 4 is the centre's day off.
    assert (finding.opened_on, finding.due_on) == (dt.date(2026, 3, 2), dt.date(2026, 3, 10))
    assert finding.state == FindingState.OPEN
    assert AuditEvent.objects.filter(object_type="decisions.finding", action="create").count() == 1


@pytest.mark.usefixtures("_monday")
def test_findings_are_numbered_per_centre_and_a_double_submit_makes_one(centre, other_centre, head):
    key = uuid.uuid4()
    first = _finding(centre, head, submission_key=key)
    again = _finding(centre, head, submission_key=key)
    second = _finding(centre, head)
    elsewhere = _finding(other_centre, MembershipFactory(centre=other_centre).user)

    assert again.pk == first.pk
    assert [first.number, second.number, elsewhere.number] == [1, 2, 1]
    assert Finding.objects.filter(centre=centre).count() == 2


@pytest.mark.usefixtures("_monday")
def test_a_finding_is_overdue_only_while_it_waits_past_its_term(centre):
    finding = FindingFactory(
        centre=centre, opened_on=dt.date(2026, 2, 2), due_on=dt.date(2026, 3, 1)
    )

    assert finding.is_overdue is True
    finding.state = FindingState.NO_ACTION
    assert finding.is_overdue is False


@pytest.mark.usefixtures("_monday")
def test_no_action_needs_a_public_reason_and_ends_the_finding(centre, head):
    finding = FindingFactory(centre=centre)

    with pytest.raises(ValidationError) as refused:
        finding_close_no_action(finding=finding, actor=head, reason="   ")
    closed = finding_close_no_action(finding=finding, actor=head, reason="Лави вже замовлено.")

    assert "Поясніть" in str(refused.value)
    assert (closed.state, closed.no_action_reason) == (
        FindingState.NO_ACTION,
        "Лави вже замовлено.",
    )
    assert closed.decided_on == dt.date(2026, 3, 2)


@pytest.mark.usefixtures("_monday")
def test_evidence_of_one_object_is_kept_once(centre, head):
    finding = FindingFactory(centre=centre)

    first = evidence_add(finding=finding, actor=head, source="appeal", object_id="7", label="№ 7")
    again = evidence_add(finding=finding, actor=head, source="appeal", object_id="7", label="№ 7")

    assert first.pk == again.pk
    assert finding.evidence.count() == 1


@pytest.mark.usefixtures("_monday")
def test_a_finding_is_decided_when_its_decision_is_adopted(centre, head):
    finding = FindingFactory(centre=centre)
    decision = decision_create(
        centre=centre, actor=head, kind="head_order", title="Лави",
        data={"order_number": "45-р", "order_date": dt.date(2026, 3, 2),
              "owner_unit": "Відділ", "due_on": dt.date(2026, 4, 30)},
        findings=[finding],
    )  # fmt: skip
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN  # a draft decides nothing yet

    decision_transition(decision=decision, to_state=DecisionState.ADOPTED, actor=head)

    finding.refresh_from_db()
    assert (finding.state, finding.decided_on) == (FindingState.DECIDED, dt.date(2026, 3, 2))


@pytest.mark.usefixtures("_monday")
def test_linking_an_adopted_decision_decides_the_finding(centre, head):
    finding = FindingFactory(centre=centre)
    decision = DecisionFactory(centre=centre, state=DecisionState.IN_PROGRESS)

    finding_decide(finding=finding, decision=decision, actor=head)

    finding.refresh_from_db()
    assert finding.state == FindingState.DECIDED
    assert list(decision.findings.all()) == [finding]


@pytest.mark.parametrize(
    ("missing", "field"),
    [("order_number", "order_number"), ("due_on", "due_on"), ("owner_unit", "owner_unit")],
)
@pytest.mark.usefixtures("_monday")
def test_an_order_without_its_number_owner_or_date_cannot_be_adopted(centre, head, missing, field):
    decision = DecisionFactory(centre=centre, **{missing: None if missing == "due_on" else ""})

    with pytest.raises(ValidationError) as refused:
        decision_transition(decision=decision, to_state=DecisionState.ADOPTED, actor=head)

    assert field in refused.value.error_dict
    decision.refresh_from_db()
    assert decision.state == DecisionState.DRAFT


@pytest.mark.parametrize(
    ("start", "to_state"),
    [
        (DecisionState.IN_PROGRESS, DecisionState.NOT_DONE),
        (DecisionState.ADOPTED, DecisionState.CANCELLED),
        (DecisionState.DONE, DecisionState.IN_PROGRESS),  # reopen
        (DecisionState.DONE, DecisionState.VERIFIED),
    ],
    ids=["not_done", "cancelled", "reopen", "verified"],
)
@pytest.mark.usefixtures("_monday")
def test_steps_that_need_a_public_reason_refuse_without_one(centre, head, start, to_state):
    decision = DecisionFactory(centre=centre, state=start, public_revision=2)

    with pytest.raises(ValidationError) as refused:
        decision_transition(decision=decision, to_state=to_state, actor=head, reason=" ")

    assert "reason" in refused.value.error_dict
    decision.refresh_from_db()
    assert (decision.state, decision.public_revision) == (start, 2)


@pytest.mark.usefixtures("_monday")
def test_a_step_not_allowed_from_the_state_is_refused(centre, head):
    decision = DecisionFactory(centre=centre, state=DecisionState.DRAFT)

    with pytest.raises(ValidationError) as refused:
        decision_transition(decision=decision, to_state=DecisionState.DONE, actor=head)

    assert "не можна перейти" in str(refused.value)


@pytest.mark.usefixtures("_monday")
def test_the_whole_life_raises_the_public_revision_once_per_change_and_is_in_the_history(
    centre, head
):
    decision = DecisionFactory(centre=centre)

    for to_state, reason in [
        (DecisionState.ADOPTED, ""),
        (DecisionState.IN_PROGRESS, ""),
        (DecisionState.DONE, ""),
        (DecisionState.IN_PROGRESS, "Лави поставили не в тому залі."),
        (DecisionState.DONE, ""),
        (DecisionState.VERIFIED, "Оцінка місць зросла з 2,9 до 4,1 (n = 180)."),
    ]:
        decision_transition(decision=decision, to_state=to_state, actor=head, reason=reason)
    # The last form sent twice changes nothing.
    decision_transition(decision=decision, to_state=DecisionState.VERIFIED, actor=head)

    decision.refresh_from_db()
    events = DecisionEvent.objects.filter(decision=decision, kind="state")
    assert [(e.to_state, e.public_revision) for e in events] == [
        ("adopted", 1), ("in_progress", 2), ("done", 3), ("in_progress", 4), ("done", 5),
        ("verified", 6),
    ]  # fmt: skip
    assert decision.public_revision == 6
    assert decision.verification_note == "Оцінка місць зросла з 2,9 до 4,1 (n = 180)."
    assert (decision.adopted_on, decision.verified_on) == (dt.date(2026, 3, 2),) * 2
    assert AuditEvent.objects.filter(object_type="decisions.decision", action="update").count() == 6


@pytest.mark.usefixtures("_monday")
def test_progress_is_the_done_share_of_milestone_weights_and_slips_show(centre, head):
    decision = DecisionFactory(centre=centre, state=DecisionState.IN_PROGRESS)
    order = milestone_save(
        decision=decision, actor=head, title="Замовити лави", planned_on=dt.date(2026, 3, 1),
        weight=1,
    )  # fmt: skip
    install = milestone_save(
        decision=decision, actor=head, title="Встановити", planned_on=dt.date(2026, 3, 20),
        weight=3,
    )  # fmt: skip
    assert decision.progress_percent == 0
    assert (order.is_slipped, install.is_slipped) == (True, False)

    milestone_done(milestone=order, actor=head, done_on=dt.date(2026, 3, 2))

    order.refresh_from_db()
    assert decision.progress_percent == 25
    assert order.is_slipped is True  # done a day after it was planned
    assert decision.events.filter(kind="milestone").count() == 3


@pytest.mark.usefixtures("_monday")
def test_a_decision_with_no_milestones_is_at_full_progress_only_when_done(centre):
    assert DecisionFactory(centre=centre, state=DecisionState.IN_PROGRESS).progress_percent == 0
    assert DecisionFactory(centre=centre, state=DecisionState.DONE).progress_percent == 100


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (50.0, 27.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.mark.usefixtures("_monday")
def test_a_progress_photo_is_stored_without_exif(centre, head, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    decision = DecisionFactory(centre=centre, state=DecisionState.IN_PROGRESS)
    upload = SimpleUploadedFile("zal.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    update = progress_update_add(
        decision=decision, actor=head, text="Лави встановлено.", is_public=True,
        photos=[PhotoIntake(file=upload, stage="after", caption="Зал")],
    )  # fmt: skip

    photo = update.photos.get()
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.getexif() == {}
    assert photo.stage == "after"
    assert decision.events.filter(kind="update", is_public=True).count() == 1


@pytest.mark.usefixtures("_monday")
def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(centre, head):
    decision = DecisionFactory(centre=centre, state=DecisionState.IN_PROGRESS)
    upload = SimpleUploadedFile("zal.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")

    with pytest.raises(ValidationError):
        progress_update_add(
            decision=decision, actor=head, text="Лави.", is_public=True,
            photos=[PhotoIntake(file=upload)],
        )  # fmt: skip

    assert decision.updates.count() == 0


@pytest.mark.usefixtures("_monday")
def test_offices_of_another_centre_are_refused(centre, other_centre, head):
    with pytest.raises(ValidationError):
        _finding(centre, head, offices=[OfficeFactory(centre=other_centre)])

    assert Finding.objects.count() == 0


def test_milestones_of_one_decision_are_not_edited_through_another(centre, head):
    milestone = MilestoneFactory(decision=DecisionFactory(centre=centre))

    with pytest.raises(ValidationError):
        milestone_save(
            decision=DecisionFactory(centre=centre), actor=head, milestone=milestone,
            title="Інше", planned_on=dt.date(2026, 4, 1),
        )  # fmt: skip
