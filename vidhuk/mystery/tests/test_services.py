"""Mystery-shopper reports through their services: filing, facts, photos, the review."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from vidhuk.core.models import AuditEvent
from vidhuk.core.tests.factories import OfficeFactory
from vidhuk.mystery.choices import MysteryVisitStatus
from vidhuk.mystery.models import MysteryVisit, MysteryVisitPhoto
from vidhuk.mystery.services import (
    MAX_PHOTOS,
    mystery_visit_accept,
    mystery_visit_create,
    mystery_visit_return,
    mystery_visit_update,
    photo_clean,
)
from vidhuk.mystery.tests import fixtures as fx
from vidhuk.surveys.choices import Channel, QuestionnaireKind
from vidhuk.surveys.models import Answer, Response
from vidhuk.surveys.services import questionnaire_install_defaults

checklist = fx.checklist
evaluator = fx.evaluator
other_evaluator = fx.other_evaluator
frozen_now = fx.frozen_now
main_office = fx.main_office
media_root = fx.media_root
reviewer = fx.reviewer
service = fx.service

pytestmark = pytest.mark.usefixtures("frozen_now", "media_root")


def _file(centre, evaluator, checklist, office, **kwargs):
    return fx.file_report(
        centre=centre, evaluator=evaluator, version=checklist, office=office, **kwargs
    )


def _state(visit: MysteryVisit):
    visit.refresh_from_db()
    return (
        visit.status,
        visit.review_comment,
        visit.reviewed_by_id,
        visit.minutes_waited,
        sorted(visit.response.answers.values_list("question__code", "choice", "number")),
        visit.photos.count(),
    )


# --- the default checklist -----------------------------------------------------------------------


def test_default_checklist_leaves_the_minutes_to_the_visit_facts(centre):
    questionnaire_install_defaults(centre=centre, actor=None)

    version = fx.mystery_version_current(centre=centre)
    codes = set(version.questions.values_list("code", flat=True))

    assert version.questionnaire.kind == QuestionnaireKind.MYSTERY_SHOPPER
    assert "minutes_to_ticket" in codes
    assert codes.isdisjoint({"minutes_waited", "minutes_served"})
    assert codes == set(fx.YES_NO_CODES) | set(fx.RATING_CODES) | {"minutes_to_ticket", "comments"}


# --- filing --------------------------------------------------------------------------------------


def test_submitted_report_stores_facts_and_answers_as_a_mystery_response(
    centre, evaluator, checklist, main_office, service
):
    visit = _file(centre, evaluator, checklist, main_office, service=service)

    response = visit.response
    assert (visit.status, visit.submitted_at is not None) == (MysteryVisitStatus.SUBMITTED, True)
    assert (visit.office, visit.service, visit.minutes_waited, visit.minutes_served) == (
        main_office,
        service,
        12,
        8,
    )
    assert (response.channel, response.office, response.service, response.submitted_on) == (
        Channel.MYSTERY_SHOPPER,
        main_office,
        service,
        dt.date(2026, 3, 2),
    )
    assert response.answers.get(question__code="greeting").choice == "yes"
    assert response.answers.get(question__code="overall").number == 4
    # The evaluator's comment is part of the report, never queued for public moderation.
    assert response.answers.get(question__code="comments").moderation == ""


def test_draft_may_be_incomplete_but_a_submission_may_not(
    centre, evaluator, checklist, main_office
):
    draft = _file(
        centre, evaluator, checklist, main_office, submit=False, answers={"greeting": "yes"}
    )

    with pytest.raises(ValidationError) as refused:
        _file(centre, evaluator, checklist, main_office, answers={"greeting": "yes"})

    assert draft.status == MysteryVisitStatus.DRAFT
    assert list(draft.response.answers.values_list("question__code", flat=True)) == ["greeting"]
    assert refused.value.message_dict["overall"] == ["Дайте відповідь на це питання."]
    assert MysteryVisit.objects.count() == 1


def test_a_draft_still_refuses_a_wrong_answer(centre, evaluator, checklist, main_office):
    with pytest.raises(ValidationError) as refused:
        _file(centre, evaluator, checklist, main_office, submit=False, answers={"overall": "9"})

    assert refused.value.message_dict["overall"] == ["Вкажіть ціле число від 1 до 5."]
    assert (MysteryVisit.objects.count(), Response.objects.count()) == (0, 0)


def test_double_submit_of_the_same_form_files_one_report(centre, evaluator, checklist, main_office):
    key = uuid.uuid4().hex
    kwargs = {
        "centre": centre,
        "evaluator": evaluator,
        "version": checklist,
        "facts": fx.facts(main_office),
        "answers": fx.full_answers(),
        "submission_key": key,
        "submit": True,
    }

    first = mystery_visit_create(**kwargs)
    second = mystery_visit_create(**kwargs)

    assert first == second
    assert (MysteryVisit.objects.count(), Response.objects.count()) == (1, 1)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param(
            {"visited_at": fx.NOW + dt.timedelta(hours=1)},
            "visited_at",
            "Дата й час візиту не можуть бути в майбутньому.",
            id="future",
        ),
        pytest.param(
            {"minutes_waited": 1441},
            "minutes_waited",
            "Вкажіть ціле число хвилин від 0 до 1440.",
            id="waited-over-a-day",
        ),
        pytest.param(
            {"minutes_served": -1},
            "minutes_served",
            "Вкажіть ціле число хвилин від 0 до 1440.",
            id="served-negative",
        ),
    ],
)
def test_visit_facts_are_checked(
    centre, evaluator, checklist, main_office, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        _file(centre, evaluator, checklist, main_office, **overrides)

    assert refused.value.message_dict[field] == [message]
    assert (MysteryVisit.objects.count(), Response.objects.count(), Answer.objects.count()) == (
        0,
        0,
        0,
    )


def test_office_and_service_of_another_centre_are_refused(
    centre, other_centre, evaluator, checklist
):
    foreign_office = OfficeFactory(centre=other_centre)

    with pytest.raises(ValidationError) as refused:
        _file(centre, evaluator, checklist, foreign_office)

    assert refused.value.message_dict["office"] == ["Оберіть офіс цього центру."]
    assert MysteryVisit.objects.count() == 0


def test_minutes_may_be_zero_or_a_whole_day(centre, evaluator, checklist, main_office):
    visit = _file(centre, evaluator, checklist, main_office, minutes_waited=0, minutes_served=1440)

    assert (visit.minutes_waited, visit.minutes_served) == (0, 1440)


# --- editing and resubmitting --------------------------------------------------------------------


def test_resubmitting_a_returned_report_replaces_its_answers(
    centre, evaluator, reviewer, checklist, main_office
):
    visit = _file(centre, evaluator, checklist, main_office)
    mystery_visit_return(visit=visit, actor=reviewer, comment="Додайте фото входу.")
    old_response = visit.response_id

    mystery_visit_update(
        visit=visit,
        evaluator=evaluator,
        facts=fx.facts(main_office, minutes_waited=20),
        answers=fx.full_answers(yes=False, rating="2"),
        submit=True,
    )

    visit.refresh_from_db()
    answers = visit.response.answers
    assert (visit.status, visit.minutes_waited, visit.response_id) == (
        MysteryVisitStatus.SUBMITTED,
        20,
        old_response,
    )
    assert set(answers.filter(question__type="yes_no").values_list("choice", flat=True)) == {"no"}
    assert answers.get(question__code="overall").number == 2
    assert answers.count() == len(fx.YES_NO_CODES) + len(fx.RATING_CODES) + 2


def test_saving_a_returned_report_as_draft_keeps_the_comment_in_view(
    centre, evaluator, reviewer, checklist, main_office
):
    visit = _file(centre, evaluator, checklist, main_office)
    mystery_visit_return(visit=visit, actor=reviewer, comment="Додайте фото входу.")

    mystery_visit_update(
        visit=visit, evaluator=evaluator, facts=fx.facts(main_office), answers={}, submit=False
    )

    visit.refresh_from_db()
    assert (visit.status, visit.review_comment, visit.response.answers.count()) == (
        MysteryVisitStatus.RETURNED,
        "Додайте фото входу.",
        0,
    )


def test_a_refused_resubmission_keeps_the_old_answers(centre, evaluator, checklist, main_office):
    visit = _file(centre, evaluator, checklist, main_office, submit=False)
    before = _state(visit)

    with pytest.raises(ValidationError):
        mystery_visit_update(
            visit=visit,
            evaluator=evaluator,
            facts=fx.facts(main_office, minutes_waited=30),
            answers={"greeting": "yes"},
            submit=True,
        )

    assert _state(visit) == before


@pytest.mark.parametrize(
    "status", [MysteryVisitStatus.SUBMITTED, MysteryVisitStatus.ACCEPTED], ids=str
)
def test_a_report_under_review_or_accepted_cannot_be_changed(
    centre, evaluator, reviewer, checklist, main_office, status
):
    visit = _file(centre, evaluator, checklist, main_office)
    if status == MysteryVisitStatus.ACCEPTED:
        mystery_visit_accept(visit=visit, actor=reviewer)
    before = _state(visit)

    with pytest.raises(ValidationError):
        mystery_visit_update(
            visit=visit,
            evaluator=evaluator,
            facts=fx.facts(main_office, minutes_waited=99),
            answers=fx.full_answers(yes=False),
            submit=True,
        )

    assert _state(visit) == before


def test_only_the_evaluator_who_filed_it_may_change_a_report(
    centre, evaluator, other_evaluator, checklist, main_office
):
    visit = _file(centre, evaluator, checklist, main_office, submit=False)
    before = _state(visit)

    with pytest.raises(ValidationError):
        mystery_visit_update(
            visit=visit,
            evaluator=other_evaluator,
            facts=fx.facts(main_office, minutes_waited=99),
            answers={},
        )

    assert _state(visit) == before


# --- review --------------------------------------------------------------------------------------


def test_accepting_a_submitted_report_is_audited(
    centre, evaluator, reviewer, checklist, main_office
):
    visit = _file(centre, evaluator, checklist, main_office)

    mystery_visit_accept(visit=visit, actor=reviewer)

    visit.refresh_from_db()
    event = AuditEvent.objects.filter(object_type="mystery.mysteryvisit").latest("id")
    assert (visit.status, visit.reviewed_by, visit.reviewed_at is not None) == (
        MysteryVisitStatus.ACCEPTED,
        reviewer,
        True,
    )
    assert (event.actor, event.changes) == (reviewer, {"status": ["submitted", "accepted"]})


def test_returning_needs_a_comment(centre, evaluator, reviewer, checklist, main_office):
    visit = _file(centre, evaluator, checklist, main_office)
    before = _state(visit)

    with pytest.raises(ValidationError) as refused:
        mystery_visit_return(visit=visit, actor=reviewer, comment="   ")

    assert refused.value.message_dict["comment"] == [
        "Напишіть, що саме потрібно виправити у звіті."
    ]
    assert _state(visit) == before


@pytest.mark.parametrize(
    ("setup", "step"),
    [
        pytest.param("draft", "accept", id="accept-a-draft"),
        pytest.param("draft", "return", id="return-a-draft"),
        pytest.param("accepted", "accept", id="accept-twice"),
        pytest.param("accepted", "return", id="return-an-accepted"),
        pytest.param("returned", "accept", id="accept-a-returned"),
        pytest.param("returned", "return", id="return-twice"),
    ],
)
def test_wrong_review_steps_are_refused_and_change_nothing(
    centre, evaluator, reviewer, checklist, main_office, setup, step
):
    visit = _file(centre, evaluator, checklist, main_office, submit=setup != "draft")
    if setup == "accepted":
        mystery_visit_accept(visit=visit, actor=reviewer)
    if setup == "returned":
        mystery_visit_return(visit=visit, actor=reviewer, comment="Уточніть офіс.")
    before = _state(visit)
    events = AuditEvent.objects.count()

    steps = {
        "accept": lambda: mystery_visit_accept(visit=visit, actor=reviewer),
        "return": lambda: mystery_visit_return(visit=visit, actor=reviewer, comment="Ще раз."),
    }

    with pytest.raises(ValidationError):
        steps[step]()

    assert _state(visit) == before
    assert AuditEvent.objects.count() == events


# --- photos --------------------------------------------------------------------------------------


def _exif_of(data: bytes):
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif()), image.info.get("exif"), image.format


def test_the_test_photo_really_carries_a_gps_position():
    exif, raw, _format = _exif_of(fx.jpeg_with_gps())

    assert 0x8825 in exif  # the GPS block
    assert raw


def test_stored_photo_has_no_exif_and_a_random_name(centre, evaluator, checklist, main_office):
    photo_file = fx.upload("IMG_2026-03-02_Verbivka.jpg", fx.jpeg_with_gps())

    visit = _file(centre, evaluator, checklist, main_office, photos=[photo_file])

    photo = visit.photos.get()
    with photo.file.open("rb") as stored:
        data = stored.read()
    exif, raw, image_format = _exif_of(data)
    assert (exif, raw, image_format) == ({}, None, "JPEG")
    assert b"Phonemaker" not in data
    assert "Verbivka" not in photo.file.name
    assert "IMG" not in photo.file.name
    assert (photo.original_name, photo.content_type, photo.size) == (
        "IMG_2026-03-02_Verbivka.jpg",
        "image/jpeg",
        len(data),
    )


def test_png_photo_is_kept_as_png():
    clean = photo_clean(fx.upload("entrance.png", fx.png_bytes(), "image/png"))

    assert (clean.content_type, clean.content[:8]) == ("image/png", b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("photo.jpg", b"%PDF-1.7 not a photo", id="pdf-named-jpg"),
        pytest.param("photo.jpg", b"GIF89a" + b"\x00" * 40, id="gif"),
        pytest.param("photo.png", fx.png_bytes()[:30], id="truncated-png"),
    ],
)
def test_a_file_that_is_not_a_jpeg_or_png_photo_is_refused(
    centre, evaluator, checklist, main_office, name, content
):
    with pytest.raises(ValidationError) as refused:
        _file(centre, evaluator, checklist, main_office, photos=[fx.upload(name, content)])

    assert refused.value.message_dict["photos"] == [
        f"Файл «{name}» не є фото у форматі JPEG або PNG."
    ]
    assert (MysteryVisit.objects.count(), MysteryVisitPhoto.objects.count()) == (0, 0)


def test_a_photo_over_the_size_limit_is_refused(settings):
    big = fx.upload("big.jpg", fx.jpeg_with_gps())
    big.size = 11 * 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        photo_clean(big)

    assert refused.value.messages == ["Фото «big.jpg» завелике: не більше 10 МБ."]


def test_more_photos_than_the_limit_are_refused(centre, evaluator, checklist, main_office):
    photos = [fx.upload(f"p{i}.png", fx.png_bytes(), "image/png") for i in range(MAX_PHOTOS + 1)]

    with pytest.raises(ValidationError) as refused:
        _file(centre, evaluator, checklist, main_office, photos=photos)

    assert refused.value.message_dict["photos"] == ["До звіту можна додати не більше 10 фото."]
    assert MysteryVisitPhoto.objects.count() == 0


def test_photos_can_be_removed_while_editing(
    centre, evaluator, checklist, main_office, django_capture_on_commit_callbacks
):
    visit = _file(
        centre,
        evaluator,
        checklist,
        main_office,
        submit=False,
        photos=[fx.upload("a.png", fx.png_bytes(), "image/png")],
    )
    photo = visit.photos.get()
    storage, name = photo.file.storage, photo.file.name

    with django_capture_on_commit_callbacks(execute=True):
        mystery_visit_update(
            visit=visit,
            evaluator=evaluator,
            facts=fx.facts(main_office),
            answers={},
            remove_photo_ids=[photo.pk],
            photos=[fx.upload("b.jpg", fx.jpeg_with_gps())],
        )

    assert list(visit.photos.values_list("original_name", flat=True)) == ["b.jpg"]
    assert not storage.exists(name)
